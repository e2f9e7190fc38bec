import type { ConversationMode, ConversationStatus, BotMode } from "../../durable-objects/protocol";
import { notFound } from "../lib/errors";

/** The conversation index row joined with its visitor and assignee. */
export interface ConversationRow {
  id: string;
  workspace_id: string;
  chatbot_id: string;
  visitor_id: string;
  status: ConversationStatus;
  mode: ConversationMode;
  bot_mode: BotMode;
  assigned_agent_id: string | null;
  subject: string | null;
  last_message_preview: string | null;
  last_message_at: string | null;
  message_count: number;
  unread_count_agent: number;
  tags: string;
  rating: number | null;
  rating_comment: string | null;
  has_notes: number;
  escalation_reason: string | null;
  channel: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  visitor_name: string | null;
  visitor_email: string | null;
  agent_name: string | null;
  agent_email: string | null;
}

export const CONVERSATION_SELECT = `select c.id, c.workspace_id, c.chatbot_id, c.visitor_id, c.status, c.mode, c.bot_mode, c.assigned_agent_id,
  c.subject, c.last_message_preview, c.last_message_at, c.message_count, c.unread_count_agent, c.tags, c.rating, c.rating_comment,
  c.has_notes, c.escalation_reason, c.channel, c.created_at, c.updated_at, c.resolved_at,
  v.name as visitor_name, v.email as visitor_email, u.name as agent_name, u.email as agent_email
  from conversations c
  left join visitors v on v.id = c.visitor_id
  left join users u on u.id = c.assigned_agent_id`;

export function parseTags(raw: string | null): string[] {
  try {
    const v: unknown = JSON.parse(raw ?? "[]");
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

/** The JSON shape of one inbox list item. */
export function shapeConversation(r: ConversationRow) {
  return {
    id: r.id,
    chatbot_id: r.chatbot_id,
    status: r.status,
    mode: r.mode,
    bot_mode: r.bot_mode,
    channel: r.channel,
    visitor: { id: r.visitor_id, name: r.visitor_name, email: r.visitor_email },
    assigned_agent_id: r.assigned_agent_id,
    assigned_agent: r.assigned_agent_id ? { id: r.assigned_agent_id, name: r.agent_name ?? "", email: r.agent_email ?? "" } : null,
    subject: r.subject,
    last_message_preview: r.last_message_preview,
    last_message_at: r.last_message_at,
    message_count: r.message_count,
    unread_count: r.unread_count_agent,
    tags: parseTags(r.tags),
    satisfaction_rating: r.rating,
    has_notes: r.has_notes === 1,
    escalation_reason: r.escalation_reason,
    created_at: r.created_at,
    updated_at: r.updated_at,
    resolved_at: r.resolved_at,
  };
}
export type ConversationItem = ReturnType<typeof shapeConversation>;

/** The conversation if it belongs to the workspace; otherwise 404 (other workspaces look like missing ids). */
export async function loadConversation(env: Env, workspaceId: string, id: string): Promise<ConversationRow> {
  const row = await env.DB.prepare(`${CONVERSATION_SELECT} where c.id = ?1 and c.workspace_id = ?2`).bind(id, workspaceId).first<ConversationRow>();
  if (!row) throw notFound("Conversation");
  return row;
}
