/**
 * The WebSocket frame protocol shared by the ConversationDO, the WorkspaceHubDO,
 * the widget and the dashboard. Every frame is JSON `{ type, ... }`.
 *
 * - Frames received are parsed with `safeParse` against the client unions below.
 * - Frames sent are built as `satisfies ServerFrame` / `HubFrame`.
 * - A client never chooses its role, author or seq: the Durable Object assigns them.
 */
import { z } from "zod";

/** Largest frame accepted from a client (UTF-8 bytes). */
export const MAX_FRAME_BYTES = 16 * 1024;
/** Longest message text accepted from anyone. */
export const MAX_MESSAGE_CHARS = 4000;
/** Subprotocol both ends agree on; the bearer token rides beside it as `bearer.<token>`. */
export { SUBPROTOCOL } from "./subprotocol";

// ───────────────────────── shared shapes ─────────────────────────

export const CONVERSATION_STATUSES = [
  "active",
  "waiting",
  "escalated",
  "agent_handling",
  "resolved",
  "abandoned",
  "archived",
] as const;
export const ConversationStatus = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const ConversationMode = z.enum(["bot", "human"]);
export type ConversationMode = z.infer<typeof ConversationMode>;
export const BotMode = z.enum(["active", "passive", "off"]);
export type BotMode = z.infer<typeof BotMode>;

export const MessageRole = z.enum(["visitor", "bot", "agent", "system"]);
export type MessageRole = z.infer<typeof MessageRole>;

/** A button: opens a URL, sends a postback text, or adds a product to the cart. */
export const RichButton = z.object({
  label: z.string().min(1).max(80),
  action: z.enum(["open_url", "postback", "add_to_cart", "talk_to_human"]),
  value: z.string().max(2000),
});
export type RichButton = z.infer<typeof RichButton>;

export const RichCard = z.object({
  title: z.string().min(1).max(200),
  subtitle: z.string().max(500).optional(),
  image_url: z.string().url().max(2000).optional(),
  /** integer minor units + ISO currency */
  price: z.object({ amount: z.number().int().nonnegative(), currency: z.string().length(3) }).optional(),
  buttons: z.array(RichButton).max(3).optional(),
  /** a product card: which variant it offers and its stock state when sent */
  product: z
    .object({ product_id: z.string(), variant_id: z.string(), stock_state: z.enum(["in_stock", "low", "out_of_stock"]), stock: z.number().int().nonnegative() })
    .optional(),
});
export type RichCard = z.infer<typeof RichCard>;

/** Structured content under a message; one shape for the widget, the bot and commerce. */
export const RichContent = z.object({
  buttons: z.array(RichButton).max(10).optional(),
  quick_replies: z.array(z.string().min(1).max(80)).max(10).optional(),
  cards: z.array(RichCard).max(10).optional(),
});
export type RichContent = z.infer<typeof RichContent>;

/**
 * A file on a message. Stored as a reference to an upload; every message the
 * server sends carries `url`, a short-lived link it signed to its own
 * attachment route (entries it cannot vouch for are left out).
 */
export const Attachment = z.object({
  id: z.string().max(100).optional(),
  url: z.string().max(2000).optional(),
  name: z.string().max(255),
  content_type: z.string().max(100),
  size: z.number().int().nonnegative(),
});
export type Attachment = z.infer<typeof Attachment>;

/** A client names a file it uploaded into this conversation by its id; anything else it sends about the file is ignored. */
export const AttachmentRef = z.object({ id: z.string().min(1).max(100) });
export type AttachmentRef = z.infer<typeof AttachmentRef>;

/** What a visitor sees of a bot answer's sources (the rest of `ai` is for agents). */
export const PublicSource = z.object({ title: z.string(), url: z.string().optional() });

export const AiMetadata = z.object({
  model: z.string(),
  confidence: z.number(),
  sources: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      title: z.string(),
      url: z.string().nullable().optional(),
      page: z.number().nullable().optional(),
      score: z.number(),
    }),
  ),
  intent: z.string(),
  sentiment: z.string(),
  latency_ms: z.number(),
  tokens: z.object({ prompt: z.number(), completion: z.number() }),
});
export type AiMetadata = z.infer<typeof AiMetadata>;

export const Message = z.object({
  id: z.string(),
  conversation_id: z.string(),
  seq: z.number().int(),
  role: MessageRole,
  author: z.object({ id: z.string().optional(), name: z.string().optional() }),
  text: z.string(),
  rich: RichContent.optional(),
  attachments: z.array(Attachment).optional(),
  created_at: z.string(),
  /** agents only */
  ai: AiMetadata.optional(),
  /** visitors only, on bot answers: the sources' titles and public links */
  sources: z.array(PublicSource).optional(),
  /** visitors only: true on bot answers the visitor can mark helpful or not */
  feedback: z.boolean().optional(),
});
export type Message = z.infer<typeof Message>;

export const AgentRef = z.object({ id: z.string(), name: z.string() });
export type AgentRef = z.infer<typeof AgentRef>;

export const ConversationSummary = z.object({
  id: z.string(),
  workspace_id: z.string(),
  chatbot_id: z.string(),
  visitor_id: z.string(),
  status: ConversationStatus,
  mode: ConversationMode,
  bot_mode: BotMode,
  assigned_agent_id: z.string().nullable(),
  last_message_preview: z.string().nullable(),
  last_message_at: z.string().nullable(),
  message_count: z.number().int(),
  created_at: z.string(),
  /** web, line, telegram … (absent: web) */
  channel: z.string().optional(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const CartItem = z.object({
  variant_id: z.string(),
  product_id: z.string(),
  product_name: z.string(),
  variant_name: z.string(),
  sku: z.string(),
  /** integer minor units, the catalog price when the item was added (re-read at checkout) */
  unit_price: z.number().int(),
  quantity: z.number().int().positive(),
  line_total: z.number().int(),
  image_url: z.string().nullable(),
});
export type CartItem = z.infer<typeof CartItem>;

/** The conversation's cart (live state of the ConversationDO). */
export const Cart = z.object({
  items: z.array(CartItem),
  item_count: z.number().int(),
  subtotal: z.number().int(),
  currency: z.string().nullable(),
  updated_at: z.string().nullable(),
});
export type Cart = z.infer<typeof Cart>;

/** Largest quantity of one variant in a cart, and most lines in a cart. */
export const MAX_CART_QUANTITY = 99;
export const MAX_CART_LINES = 50;

export const PresenceStatus = z.enum(["online", "away", "offline"]);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

// ───────────────────────── client → server ─────────────────────────

export const CLIENT_FRAMES = {
  messageSend: "message:send",
  typingStart: "typing:start",
  typingStop: "typing:stop",
  read: "read",
  ping: "ping",
  pageView: "page:view",
  presenceSet: "presence:set",
  cartAdd: "cart:add",
  cartUpdate: "cart:update",
  cartRemove: "cart:remove",
} as const;

export const ClientFrame = z.discriminatedUnion("type", [
  z.object({
    type: z.literal(CLIENT_FRAMES.messageSend),
    client_id: z.string().min(1).max(64),
    text: z.string().max(MAX_MESSAGE_CHARS).optional(),
    /** uploads made by the sender into this conversation (`POST …/attachments`), by id */
    attachments: z.array(AttachmentRef).max(10).optional(),
    /** the visitor tapped a quick reply / postback button: its value */
    rich_reply: z.object({ value: z.string().max(2000) }).optional(),
  }),
  z.object({ type: z.literal(CLIENT_FRAMES.typingStart) }),
  z.object({ type: z.literal(CLIENT_FRAMES.typingStop) }),
  z.object({ type: z.literal(CLIENT_FRAMES.read), seq: z.number().int().nonnegative() }),
  z.object({ type: z.literal(CLIENT_FRAMES.ping) }),
  z.object({ type: z.literal(CLIENT_FRAMES.pageView), url: z.string().max(2000), title: z.string().max(500).optional() }),
  z.object({ type: z.literal(CLIENT_FRAMES.presenceSet), status: PresenceStatus }),
  /** adds `quantity` (default 1) of a variant to the cart */
  z.object({ type: z.literal(CLIENT_FRAMES.cartAdd), variant_id: z.string().min(1).max(64), quantity: z.number().int().min(1).max(MAX_CART_QUANTITY).default(1) }),
  /** sets a line's quantity; 0 removes it */
  z.object({ type: z.literal(CLIENT_FRAMES.cartUpdate), variant_id: z.string().min(1).max(64), quantity: z.number().int().min(0).max(MAX_CART_QUANTITY) }),
  z.object({ type: z.literal(CLIENT_FRAMES.cartRemove), variant_id: z.string().min(1).max(64) }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type MessageSendFrame = Extract<ClientFrame, { type: "message:send" }>;
export type CartFrame = Extract<ClientFrame, { type: "cart:add" | "cart:update" | "cart:remove" }>;

// ───────────────────────── server → client (conversation) ─────────────────────────

export const SERVER_FRAMES = {
  hello: "hello",
  messageReceive: "message:receive",
  messageDelta: "message:delta",
  messageAck: "message:ack",
  typingStart: "typing:start",
  typingStop: "typing:stop",
  read: "read",
  statusChanged: "conversation:status_changed",
  escalated: "conversation:escalated",
  agentJoined: "agent:joined",
  agentLeft: "agent:left",
  ratingRequested: "conversation:rating_requested",
  cartUpdated: "cart:updated",
  queue: "conversation:queue",
  error: "error",
  pong: "pong",
} as const;

const TypingRole = z.enum(["visitor", "bot", "agent"]);

export const ServerFrame = z.discriminatedUnion("type", [
  z.object({
    type: z.literal(SERVER_FRAMES.hello),
    conversation: z.object({ id: z.string(), chatbot_id: z.string(), visitor_id: z.string() }),
    last_seq: z.number().int(),
    mode: ConversationMode,
    bot_mode: BotMode,
    status: ConversationStatus,
    agent: AgentRef.optional(),
  }),
  z.object({ type: z.literal(SERVER_FRAMES.messageReceive), message: Message }),
  z.object({ type: z.literal(SERVER_FRAMES.messageDelta), message_id: z.string(), delta: z.string() }),
  z.object({ type: z.literal(SERVER_FRAMES.messageAck), client_id: z.string(), message_id: z.string(), seq: z.number().int() }),
  z.object({ type: z.literal(SERVER_FRAMES.typingStart), role: TypingRole, name: z.string().optional() }),
  z.object({ type: z.literal(SERVER_FRAMES.typingStop), role: TypingRole, name: z.string().optional() }),
  z.object({ type: z.literal(SERVER_FRAMES.read), role: TypingRole, seq: z.number().int() }),
  z.object({
    type: z.literal(SERVER_FRAMES.statusChanged),
    from: ConversationStatus,
    to: ConversationStatus,
    reason: z.string().optional(),
  }),
  z.object({ type: z.literal(SERVER_FRAMES.escalated), reason: z.string(), estimated_wait_seconds: z.number().int() }),
  z.object({ type: z.literal(SERVER_FRAMES.agentJoined), agent: AgentRef }),
  z.object({ type: z.literal(SERVER_FRAMES.agentLeft), agent: AgentRef.optional() }),
  z.object({ type: z.literal(SERVER_FRAMES.ratingRequested) }),
  /** the cart changed (answer to cart:* frames and REST changes), to every socket of the conversation */
  z.object({ type: z.literal(SERVER_FRAMES.cartUpdated), cart: Cart }),
  /** waiting for a person: the visitor's place in the team's queue (1 = next) and an estimate, sent whenever it changes */
  z.object({ type: z.literal(SERVER_FRAMES.queue), position: z.number().int().positive(), estimated_wait_seconds: z.number().int().nonnegative() }),
  z.object({ type: z.literal(SERVER_FRAMES.error), code: z.string(), message: z.string(), client_id: z.string().optional() }),
  z.object({ type: z.literal(SERVER_FRAMES.pong) }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

// ───────────────────────── server → dashboards (workspace hub) ─────────────────────────

export const HUB_FRAMES = {
  conversationCreated: "inbox:conversation_created",
  message: "inbox:message",
  statusChanged: "inbox:status_changed",
  assigned: "inbox:assigned",
  escalated: "inbox:escalated",
  presenceChanged: "presence:changed",
  knowledgeStatus: "knowledge:status",
  notification: "notification:new",
  reassigned: "routing:reassigned",
  hello: "hello",
  error: "error",
  pong: "pong",
} as const;

/** Live processing status of a knowledge source (ingestion and crawling push it; the Knowledge page shows it). */
export const KnowledgeStatusFrame = z.object({
  type: z.literal(HUB_FRAMES.knowledgeStatus),
  source_type: z.enum(["document", "url", "faq"]),
  source_id: z.string(),
  chatbot_id: z.string(),
  status: z.string(),
  progress: z.number().min(0).max(100),
  /** a stable failure code (e.g. `ENCRYPTED`, `ROBOTS_DISALLOWED`) when the status is `failed` */
  error_code: z.string().optional(),
  chunk_count: z.number().int().optional(),
  pages_crawled: z.number().int().optional(),
  pages_found: z.number().int().optional(),
});
export type KnowledgeStatusFrame = z.infer<typeof KnowledgeStatusFrame>;

export const HubFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal(HUB_FRAMES.conversationCreated), conversation: ConversationSummary }),
  /** coalesced per conversation: the newest message and the agents' unread count after it */
  z.object({ type: z.literal(HUB_FRAMES.message), conversation_id: z.string(), message: Message, unread_count: z.number().int().optional() }),
  z.object({
    type: z.literal(HUB_FRAMES.statusChanged),
    conversation_id: z.string(),
    from: ConversationStatus,
    to: ConversationStatus,
    reason: z.string().optional(),
  }),
  z.object({
    type: z.literal(HUB_FRAMES.assigned),
    conversation_id: z.string(),
    agent: AgentRef.nullable(),
  }),
  z.object({
    type: z.literal(HUB_FRAMES.escalated),
    conversation_id: z.string(),
    reason: z.string(),
    visitor_name: z.string().nullable().optional(),
    preview: z.string().nullable().optional(),
  }),
  z.object({
    type: z.literal(HUB_FRAMES.presenceChanged),
    user_id: z.string(),
    name: z.string().optional(),
    status: PresenceStatus,
  }),
  KnowledgeStatusFrame,
  z.object({
    type: z.literal(HUB_FRAMES.notification),
    kind: z.string(),
    notification_id: z.string().nullable(),
    conversation_id: z.string(),
    author_name: z.string(),
    excerpt: z.string(),
  }),
  /** to the agent a conversation was taken from (offline past the grace, or the team's reply limit passed) */
  z.object({ type: z.literal(HUB_FRAMES.reassigned), conversation_id: z.string(), reason: z.string() }),
  z.object({
    type: z.literal(HUB_FRAMES.hello),
    agents: z.array(z.object({ user_id: z.string(), name: z.string(), status: PresenceStatus })),
  }),
  z.object({ type: z.literal(HUB_FRAMES.error), code: z.string(), message: z.string() }),
  z.object({ type: z.literal(HUB_FRAMES.pong) }),
]);
export type HubFrame = z.infer<typeof HubFrame>;
/** What other domains may push through `WorkspaceHubDO.broadcast()`. */
export type HubBroadcastFrame = Exclude<HubFrame, { type: "hello" | "error" | "pong" }>;

/** Parses one raw client frame: size cap, JSON, then the schema. */
/**
 * The frame almost every message is, `{type: "message:send", client_id, text}`,
 * checked by hand with exactly the rules of `ClientFrame` (which stays the
 * validator of record: anything else, attachments and quick replies included,
 * goes through it). The answer is what zod would return (unknown keys dropped),
 * or null to let zod decide.
 */
function commonMessageSend(data: unknown): MessageSendFrame | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const d = data as Record<string, unknown>;
  if (d.type !== CLIENT_FRAMES.messageSend || "attachments" in d || "rich_reply" in d) return null;
  const { client_id: clientId, text } = d;
  if (typeof clientId !== "string" || clientId.length < 1 || clientId.length > 64) return null;
  if (text === undefined) return "text" in d ? null : { type: CLIENT_FRAMES.messageSend, client_id: clientId };
  if (typeof text !== "string" || text.length > MAX_MESSAGE_CHARS) return null;
  return { type: CLIENT_FRAMES.messageSend, client_id: clientId, text };
}

export function parseClientFrame(
  raw: string | ArrayBuffer,
): { ok: true; frame: ClientFrame } | { ok: false; code: "FRAME_TOO_LARGE" | "INVALID_FRAME" | "MESSAGE_TOO_LONG"; message: string; client_id?: string } {
  // a UTF-16 code unit is at most 3 UTF-8 bytes: a short frame is not encoded to be measured
  const size = typeof raw === "string" ? (raw.length * 3 <= MAX_FRAME_BYTES ? raw.length : new TextEncoder().encode(raw).byteLength) : raw.byteLength;
  if (size > MAX_FRAME_BYTES) return { ok: false, code: "FRAME_TOO_LARGE", message: `Frames are limited to ${MAX_FRAME_BYTES} bytes` };
  let data: unknown;
  try {
    data = JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw));
  } catch {
    return { ok: false, code: "INVALID_FRAME", message: "Frames must be JSON" };
  }
  const common = commonMessageSend(data);
  if (common) return { ok: true, frame: common };
  const parsed = ClientFrame.safeParse(data);
  if (!parsed.success) {
    const clientId =
      data && typeof data === "object" && "client_id" in data && typeof data.client_id === "string" ? data.client_id.slice(0, 64) : undefined;
    const tooLong = parsed.error.issues.some((i) => i.code === "too_big" && i.path[0] === "text");
    return {
      ok: false,
      code: tooLong ? "MESSAGE_TOO_LONG" : "INVALID_FRAME",
      message: tooLong ? `Messages are limited to ${MAX_MESSAGE_CHARS} characters` : "The frame is not valid",
      ...(clientId ? { client_id: clientId } : {}),
    };
  }
  return { ok: true, frame: parsed.data };
}
