import type { AgentRef, Message, ServerFrame } from "../protocol";
import type { ConversationState } from "./types";

/** The first frame every socket receives. */
export function helloFrame(s: ConversationState, lastSeq: number): ServerFrame {
  const holder = holderOf(s);
  return {
    type: "hello",
    conversation: { id: s.id, chatbot_id: s.chatbotId, visitor_id: s.visitorId },
    last_seq: lastSeq,
    mode: s.mode,
    bot_mode: s.botMode,
    status: s.status,
    ...(holder ? { agent: holder } : {}),
  };
}

/** The agent holding the conversation (the lock), if any. */
export function holderOf(s: ConversationState): AgentRef | null {
  return s.mode === "human" && s.agent ? s.agent : null;
}

export function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat;
}

/** Public view of a conversation returned by the RPC methods and the REST routes. */
export function summaryOf(s: ConversationState, lastSeq: number) {
  return {
    id: s.id,
    workspace_id: s.workspaceId,
    chatbot_id: s.chatbotId,
    visitor_id: s.visitorId,
    status: s.status,
    mode: s.mode,
    bot_mode: s.botMode,
    assigned_agent: s.agent,
    assigned_agent_id: s.agent?.id ?? null,
    subject: s.subject,
    last_message_preview: s.lastMessagePreview,
    last_message_at: s.lastMessageAt,
    message_count: s.messageCount,
    last_seq: lastSeq,
    escalation_reason: s.escalationReason,
    rating: s.rating,
    rating_comment: s.ratingComment,
    channel: s.channel,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    resolved_at: s.resolvedAt,
  };
}
export type ConversationView = ReturnType<typeof summaryOf>;

export type { Message };
