import type { FlowEntry } from "../../common/flows/schema";
import type { AgentRef, BotMode, ConversationMode, ConversationStatus } from "../protocol";

/** Who is on the other end of a conversation socket; kept in the socket attachment. */
export interface SocketIdentity {
  kind: "visitor" | "agent";
  id: string;
  name: string | null;
  /** agents: the workspace role; viewers may watch but not act */
  role?: string;
  canRespond: boolean;
  /** agents: the workspace and session family the socket was opened with (checked again on every acting frame) */
  workspaceId?: string;
  sid?: string | null;
}

export interface ConversationSettings {
  inactivityTimeoutMs: number;
  agentReplyTimeoutMs: number;
  /** the chatbot's wait limit for an unanswered escalation (absent in conversations created before it existed: 5 minutes) */
  escalationWaitMs?: number;
}

/** A messaging-channel conversation's connection and the person's id on that channel. */
export interface ChannelRef {
  channelId: string;
  userId: string;
}

/** The live truth of one conversation (one JSON row in the DO's own storage). */
export interface ConversationState {
  id: string;
  workspaceId: string;
  chatbotId: string;
  visitorId: string;
  visitorName: string | null;
  channel: string;
  /** the messaging-channel connection and the person's id there (not for the web widget): written with the conversation's first row */
  channelRef?: ChannelRef | null;
  status: ConversationStatus;
  mode: ConversationMode;
  botMode: BotMode;
  /** the agent holding the conversation while mode is human; the last one who did otherwise */
  agent: AgentRef | null;
  failedAnswers: number;
  subject: string | null;
  lastMessagePreview: string | null;
  lastMessageAt: string | null;
  messageCount: number;
  unreadCountAgent: number;
  escalationReason: string | null;
  rating: number | null;
  ratingComment: string | null;
  banned: boolean;
  settings: ConversationSettings;
  context: { pageUrl: string | null; pageTitle: string | null; locale: string | null };
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** set when the visitor's data was erased (the conversation stays as a tombstone) */
  erasedAt?: string | null;
  /** the chatbot's published flows when the conversation started (their triggers; conversation/flows.ts) */
  flowEntries?: FlowEntry[];
  /** the flow running here, if any (its run lives in the object's storage) */
  flow?: { flow_id: string; version: number; status: string } | null;
}

export interface CreateConversationInput {
  id: string;
  workspaceId: string;
  chatbotId: string;
  visitorId: string;
  visitorName: string | null;
  channel?: string;
  channelRef?: ChannelRef;
  settings: ConversationSettings;
  context: ConversationState["context"];
  botMode?: BotMode;
  /** hashed client IP, recorded on the `created` event for the per-IP cap */
  ipHash?: string | null;
  /** offline form: stored as the first visitor message and the conversation starts `waiting` */
  offlineMessage?: string | null;
  /** the chatbot's published flows (a `conversation_start` one starts at once) */
  flows?: FlowEntry[];
}

export interface Actor {
  id: string;
  name: string;
  role: string;
  /** the workspace the actor acts in: the object answers not-found to an actor of another workspace (the tenant check travels with the one RPC that acts) */
  workspaceId?: string;
}

/** Who a visitor-side RPC acts for; checked by the object itself. */
export interface VisitorScope {
  workspaceId: string;
  visitorId: string;
}

/** RPC answers carry domain errors as values (error classes do not cross the RPC boundary). */
export type DoError = { status: 400 | 403 | 404 | 409 | 429; code: string; message: string };
export type DoResult<T> = { ok: true; value: T } | { ok: false; error: DoError };

export const ok = <T>(value: T): DoResult<T> => ({ ok: true, value });
export const fail = (status: DoError["status"], code: string, message: string): { ok: false; error: DoError } => ({
  ok: false,
  error: { status, code, message },
});

export const DEFAULT_INACTIVITY_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_AGENT_REPLY_TIMEOUT_MS = 10 * 60_000;
