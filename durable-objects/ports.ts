import type { AiMetadata } from "./protocol";

/**
 * What the Durable Objects need from the Worker's domains, declared here and
 * supplied by the Worker at start-up (`worker/do-ports.ts` calls `setPorts`).
 * `durable-objects/` imports only its own files, `protocol.ts` and `common/`;
 * the bot, the visitor's language, search segmentation and the membership
 * table stay in the Worker. (The catalog has its own port in `conversation/cart.ts`.)
 */

/** One bot turn as the conversation asks for it. */
import type { AnalyticsRow } from "./conversation/analytics";

export interface BotTurnRequest {
  workspaceId: string;
  chatbotId: string;
  conversationId: string;
  /** the visitor's message being answered */
  message: string;
  /** the last messages, oldest first */
  history: { role: "visitor" | "bot" | "agent"; text: string }[];
  context: { visitorName: string | null; pageUrl: string | null; pageTitle: string | null; locale: string | null };
  /** consecutive failed bot answers before this one */
  failedAnswers: number;
  /** the visitor message's position in the log */
  messageCount: number;
}

/** The bot's answer as the conversation stores and acts on it. */
export interface BotReply {
  text: string;
  rich?: unknown;
  sources: AiMetadata["sources"];
  confidence: number;
  action: string;
  intent: string;
  sentiment: string;
  escalation: { reason: string } | null;
  /** counts as a failed answer (no knowledge, fallback used) */
  failed: boolean;
  model: string;
  latencyMs: number;
  tokens: { prompt: number; completion: number };
}

/** System lines a visitor sees, in their language. */
export interface VisitorLines {
  connecting: string;
  joined: (name: string) => string;
  turnFailed: string;
}

export interface BotPort {
  /** Answers the visitor (waits out the chatbot's response delay since `startedAt`), streaming text pieces to `onDelta`. */
  answer(env: Env, request: BotTurnRequest, onDelta: (text: string) => void, opts: { startedAt: number }): Promise<BotReply>;
  /** The visitor asks for a person in so many words. */
  wantsHuman(text: string): boolean;
  /** The visitor's language from their latest message, the earlier ones, else the locale. */
  language(latest: string, earlier: string[], locale: string | null): string;
  lines(language: string): VisitorLines;
}

export interface SearchPort {
  /**
   * The message's search index row text (segmented, every word keyed with the
   * workspace), or null when the row the D1 trigger wrote is already the same
   * (plain text the trigger keys exactly): then nothing is rewritten.
   */
  indexBody(text: string, workspaceId: string): string | null;
}

export interface MemberPort {
  /** The member's role while membership, account and session family are live; null once any has ended. */
  liveRole(env: Env, who: { workspaceId: string; userId: string; sessionId?: string | null }): Promise<string | null>;
  /** Whether `role` may answer conversations. */
  canRespond(role: string): boolean;
}

export interface AnalyticsPort {
  /** The D1 statements that record a flush's reporting events, a few whatever their number (idempotent: a replayed flush adds nothing). */
  statements(db: D1Database, rows: AnalyticsRow[]): Promise<D1PreparedStatement[]>;
}

export interface HubModulesPort {
  /** The hub's routing code (claims, queues, the choice of agent), which the Worker ships as a module loaded on first use. */
  loadRouter(): Promise<{ Router: typeof import("./hub/routing").Router }>;
}

/** The flow engine and the Worker's side of its effects (`worker/flows/runtime.ts`), a module loaded only by conversations that run a flow. */
export interface FlowRuntime {
  engine: Pick<typeof import("../common/flows/engine"), "newRun" | "step" | "answer" | "wake" | "matchTrigger">;
  /** A published version of the workspace's flow (null: not found or another workspace's). */
  loadVersion(env: Env, workspaceId: string, versionId: string): Promise<{ flow_id: string; version_id: string; version: number; graph: import("../common/flows/schema").FlowGraph } | null>;
  /** The visitor's contact fields as flow variables (`contact.name`, `contact.email`, `contact.phone`). */
  contact(env: Env, workspaceId: string, visitorId: string): Promise<Record<string, string>>;
  setContact(env: Env, workspaceId: string, visitorId: string, field: "name" | "email" | "phone", value: string): Promise<void>;
  tag(env: Env, workspaceId: string, conversationId: string, tags: string[]): Promise<void>;
  /** The HTTP node's call through the SSRF guard (https only, internal addresses and redirects into them refused, time and size capped). */
  http(env: Env, workspaceId: string, req: { method: string; url: string; headers: Record<string, string>; body: string | null }): Promise<import("../common/flows/engine").FlowHttpResult>;
}

export interface FlowPort {
  load(): Promise<FlowRuntime>;
}

/** The channel's reply window (Meta's 24-hour / 7-day rules) for a team member's reply over the socket. */
export interface ReplyWindowPort {
  /** Whether the channel has a window at all (web, LINE, Telegram, email never refuse: no lookup). */
  applies(channel: string): boolean;
  /** Why the reply cannot go now (the REST route's 409 REPLY_WINDOW_CLOSED), or null. */
  refusal(env: Env, conversationId: string): Promise<{ code: string; message: string } | null>;
}

export interface Ports {
  flows: FlowPort;
  replyWindow: ReplyWindowPort;
  hub: HubModulesPort;
  bot: BotPort;
  search: SearchPort;
  member: MemberPort;
  analytics: AnalyticsPort;
}

let registered: Ports | null = null;

export function setPorts(ports: Ports): void {
  registered = ports;
}

/** The Worker's ports; the Worker module registers them before it serves anything. */
export function ports(): Ports {
  if (!registered) throw new Error("The Durable Objects' ports are not registered (worker/index.ts registers them at start-up)");
  return registered;
}
