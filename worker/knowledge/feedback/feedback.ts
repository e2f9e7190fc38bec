import { conversationStub } from "../../../durable-objects/stubs";
import { newId, nowIso } from "../../lib/ids";
import { notFound } from "../../lib/errors";

/**
 * Helpful / not helpful on a bot answer. One vote per message per kind of
 * voter (visitor, agent); voting again updates it. The conversation must
 * belong to the caller's workspace (agents) or to the visitor (widget), and
 * the message must be a bot message of that conversation: an id from any
 * other conversation or workspace answers 404 and touches nothing.
 */
export interface FeedbackInput {
  conversationId: string;
  messageId: string;
  helpful: boolean;
  comment?: string | null;
}

export type Voter = { by: "agent"; workspaceId: string; userId: string | null } | { by: "visitor"; visitorId: string; chatbotId: string | null };

interface Conv {
  id: string;
  workspace_id: string;
  chatbot_id: string;
}

export async function recordFeedback(env: Env, voter: Voter, input: FeedbackInput) {
  const conv =
    voter.by === "agent"
      ? await env.DB.prepare(`select id, workspace_id, chatbot_id from conversations where id = ?1 and workspace_id = ?2`).bind(input.conversationId, voter.workspaceId).first<Conv>()
      : await env.DB.prepare(`select id, workspace_id, chatbot_id from conversations where id = ?1 and visitor_id = ?2`).bind(input.conversationId, voter.visitorId).first<Conv>();
  if (!conv || (voter.by === "visitor" && voter.chatbotId && voter.chatbotId !== conv.chatbot_id)) throw notFound("Conversation");
  if (!(await isBotMessageOf(env, conv, input.messageId))) throw notFound("Message");
  const now = nowIso();
  const id = newId("fb");
  // the conflict target is (message_id, by); the update only applies to a row of this same
  // workspace and conversation, so no input can rewrite another tenant's vote
  await env.DB.prepare(
    `insert into answer_feedback (id, workspace_id, chatbot_id, conversation_id, message_id, helpful, by, user_id, comment, created_at, updated_at)
     values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
     on conflict (message_id, by) do update set helpful = excluded.helpful, comment = excluded.comment, user_id = excluded.user_id, updated_at = excluded.updated_at
       where answer_feedback.workspace_id = excluded.workspace_id and answer_feedback.conversation_id = excluded.conversation_id`,
  )
    .bind(id, conv.workspace_id, conv.chatbot_id, conv.id, input.messageId, input.helpful ? 1 : 0, voter.by, voter.by === "agent" ? voter.userId : null, input.comment ?? null, now)
    .run();
  const row = await env.DB.prepare(
    `select id, conversation_id, message_id, helpful, by, comment, created_at, updated_at from answer_feedback where message_id = ?1 and by = ?2 and workspace_id = ?3 and conversation_id = ?4`,
  )
    .bind(input.messageId, voter.by, conv.workspace_id, conv.id)
    .first<{ id: string; conversation_id: string; message_id: string; helpful: number; by: string; comment: string | null; created_at: string; updated_at: string }>();
  if (!row) throw notFound("Message");
  return { ...row, helpful: row.helpful === 1 };
}

/**
 * Whether `messageId` is a bot message of this conversation: the D1 mirror
 * first, then (for an answer the outbox has not flushed yet) the
 * conversation's own recent log.
 */
async function isBotMessageOf(env: Env, conv: Conv, messageId: string): Promise<boolean> {
  const mirrored = await env.DB.prepare(`select role from messages where id = ?1 and conversation_id = ?2 and workspace_id = ?3`)
    .bind(messageId, conv.id, conv.workspace_id)
    .first<{ role: string }>();
  if (mirrored) return mirrored.role === "bot";
  if (!/^msg_[A-Za-z0-9]{1,64}$/.test(messageId)) return false;
  const stub = conversationStub(env, conv.id);
  const view = await stub.snapshot();
  if (!view || view.workspace_id !== conv.workspace_id) return false;
  const recent = await stub.history(Math.max(0, view.last_seq - 200), 200);
  return recent.some((m) => m.id === messageId && m.role === "bot");
}
