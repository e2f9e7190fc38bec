import { Message as ProtocolMessage } from "../../durable-objects/protocol";
import { z } from "@hono/zod-openapi";
import { AgentRef, Attachment, BotMode, ConversationMode, ConversationStatus } from "../../durable-objects/protocol";
import { ConversationFilters } from "../inbox/list-filters";

/** The response shapes of the inbox and live-conversation routes, as the OpenAPI document names them. */

export const ConvParams = z.object({ id: z.string().min(1).max(80).openapi({ param: { name: "id", in: "path" }, example: "conv_4f9QaB1c2D3e4F5g6H7i" }) });
export const IdParams = z.object({ id: z.string().min(1).max(80).openapi({ param: { name: "id", in: "path" } }) });

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
export const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({ body: { content: { "application/json": { schema } }, required } });

const Person = z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() });

export const ConversationListItem = z
  .object({
    id: z.string(),
    chatbot_id: z.string(),
    status: ConversationStatus,
    mode: ConversationMode,
    bot_mode: BotMode,
    channel: z.string(),
    visitor: Person,
    assigned_agent_id: z.string().nullable(),
    assigned_agent: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
    subject: z.string().nullable(),
    last_message_preview: z.string().nullable(),
    last_message_at: z.string().nullable(),
    message_count: z.number().int(),
    unread_count: z.number().int(),
    tags: z.array(z.string()),
    satisfaction_rating: z.number().nullable(),
    has_notes: z.boolean(),
    escalation_reason: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    resolved_at: z.string().nullable(),
  })
  .openapi("ConversationListItem");

export const ConversationPage = z
  .object({ data: z.array(ConversationListItem), next_cursor: z.string().nullable(), has_more: z.boolean(), applied_filters: ConversationFilters })
  .openapi("ConversationPage");

/** One message shape for REST and sockets: the protocol's `Message` (agents see `ai`; visitors get a projection). */
export const ThreadMessage = z.object(ProtocolMessage.shape).openapi("ThreadMessage");

export const InternalNote = z
  .object({
    id: z.string(),
    conversation_id: z.string(),
    content: z.string(),
    author: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
    mentions: z.array(z.object({ id: z.string(), name: z.string() })),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("InternalNote");

export const StoredAttachment = z
  .object({ id: z.string(), name: z.string(), content_type: z.string(), size: z.number().int(), url: z.string(), created_at: z.string() })
  .openapi("StoredAttachment");

export const VisitorPanel = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    current_page: z.string().nullable(),
    page_history: z.array(z.unknown()),
    landing_page: z.string().nullable(),
    referrer: z.string().nullable(),
    device: z.object({ type: z.string().nullable(), browser: z.string().nullable(), os: z.string().nullable() }),
    location: z.object({ country: z.string().nullable(), city: z.string().nullable() }),
    locale: z.string().nullable(),
    visit_count: z.number().int(),
    custom_attributes: z.record(z.string(), z.unknown()),
    banned: z.boolean(),
    first_seen_at: z.string().nullable(),
    last_seen_at: z.string().nullable(),
    previous_conversations: z.array(
      z.object({
        id: z.string(),
        status: z.string(),
        subject: z.string().nullable(),
        last_message_preview: z.string().nullable(),
        last_message_at: z.string().nullable(),
        created_at: z.string(),
      }),
    ),
  })
  .openapi("VisitorPanel");

export const ConversationDetail = ConversationListItem.extend({
  rating_comment: z.string().nullable(),
  messages: z.array(ThreadMessage),
  messages_page: z.object({ has_more_before: z.boolean(), has_more_after: z.boolean() }),
  internal_notes: z.array(InternalNote),
  events: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      from_status: z.string().nullable(),
      to_status: z.string().nullable(),
      actor: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
      created_at: z.string(),
    }),
  ),
  visitor: VisitorPanel,
  attachments: z.array(StoredAttachment),
}).openapi("ConversationDetail");

export const SearchResults = z
  .object({
    data: z.array(
      z.object({
        conversation_id: z.string(),
        message_id: z.string(),
        seq: z.number().int(),
        role: z.string(),
        created_at: z.string(),
        snippet: z.string(),
        snippet_html: z.string(),
        highlights: z.array(z.object({ text: z.string(), match: z.boolean() })),
        conversation: z.object({ status: z.string(), chatbot_id: z.string(), visitor_name: z.string().nullable(), visitor_email: z.string().nullable() }),
      }),
    ),
    visitor_matches: z.array(
      z.object({
        conversation_id: z.string(),
        status: z.string(),
        visitor_name: z.string().nullable(),
        visitor_email: z.string().nullable(),
        last_message_preview: z.string().nullable(),
        last_message_at: z.string().nullable(),
      }),
    ),
    next_offset: z.number().int().nullable(),
    query_terms: z.array(z.string()),
  })
  .openapi("MessageSearchResults");

/** A conversation as the live object answers after an action (takeover, resolve, …). */
export const ConversationView = z
  .object({
    id: z.string(),
    workspace_id: z.string(),
    chatbot_id: z.string(),
    visitor_id: z.string(),
    status: ConversationStatus,
    mode: ConversationMode,
    bot_mode: BotMode,
    assigned_agent: AgentRef.nullable(),
    assigned_agent_id: z.string().nullable(),
    subject: z.string().nullable(),
    last_message_preview: z.string().nullable(),
    last_message_at: z.string().nullable(),
    message_count: z.number().int(),
    last_seq: z.number().int(),
    escalation_reason: z.string().nullable(),
    rating: z.number().nullable(),
    rating_comment: z.string().nullable(),
    channel: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    resolved_at: z.string().nullable(),
  })
  .openapi("ConversationView");

export const SocketTicket = z
  .object({ ticket: z.string(), expires_in: z.number().int().openapi({ description: "Seconds; the ticket is single use" }) })
  .openapi("SocketTicket");

export const SavedFilter = z
  .object({
    id: z.string(),
    name: z.string(),
    filters: ConversationFilters,
    shared: z.boolean(),
    is_default: z.boolean(),
    user_id: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("SavedFilter");

export const Notification = z
  .object({ id: z.string(), type: z.string(), data: z.record(z.string(), z.unknown()), read_at: z.string().nullable(), created_at: z.string() })
  .openapi("Notification");

export const IpBan = z
  .object({ id: z.string(), visitor_id: z.string().nullable(), reason: z.string().nullable(), created_by: z.string().nullable(), created_at: z.string(), expires_at: z.string() })
  .openapi("IpBan");

/** A visitor's data as one JSON document (profile, conversations, messages, attachments as signed links). */
export const VisitorExport = z.record(z.string(), z.unknown()).openapi("VisitorDataExport");
export const ErasureResult = z
  .object({ visitor_id: z.string(), conversations: z.number().int(), messages: z.number().int(), attachments: z.number().int() })
  .openapi("VisitorErasure");

export { Attachment };

/** `101 Switching Protocols` plus the refusals a socket route answers before upgrading. */
export const webSocketUpgrade = (description: string) => ({
  101: { description: `WebSocket upgrade (subprotocol \`minichat.v1\`). ${description}` },
});
