import { newId, nowIso } from "../../lib/ids";
import { notFound } from "../../lib/errors";

/**
 * Helpful / not helpful on a bot answer. One vote per message per kind of
 * voter (visitor, agent); voting again updates it. The conversation must
 * belong to the caller's workspace (agents) or to the visitor (widget).
 */
export interface FeedbackInput {
  conversationId: string;
  messageId: string;
  helpful: boolean;
  comment?: string | null;
}

export type Voter = { by: "agent"; workspaceId: string; userId: string | null } | { by: "visitor"; visitorId: string; chatbotId: string | null };

export async function recordFeedback(env: Env, voter: Voter, input: FeedbackInput) {
  const conv =
    voter.by === "agent"
      ? await env.DB.prepare(`select id, workspace_id, chatbot_id from conversations where id = ?1 and workspace_id = ?2`).bind(input.conversationId, voter.workspaceId).first<{ id: string; workspace_id: string; chatbot_id: string }>()
      : await env.DB.prepare(`select id, workspace_id, chatbot_id from conversations where id = ?1 and visitor_id = ?2`).bind(input.conversationId, voter.visitorId).first<{ id: string; workspace_id: string; chatbot_id: string }>();
  if (!conv || (voter.by === "visitor" && voter.chatbotId && voter.chatbotId !== conv.chatbot_id)) throw notFound("Conversation");
  const now = nowIso();
  const id = newId("fb");
  await env.DB.prepare(
    `insert into answer_feedback (id, workspace_id, chatbot_id, conversation_id, message_id, helpful, by, user_id, comment, created_at, updated_at)
     values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
     on conflict (message_id, by) do update set helpful = excluded.helpful, comment = excluded.comment, user_id = excluded.user_id, updated_at = excluded.updated_at`,
  )
    .bind(id, conv.workspace_id, conv.chatbot_id, conv.id, input.messageId, input.helpful ? 1 : 0, voter.by, voter.by === "agent" ? voter.userId : null, input.comment ?? null, now)
    .run();
  const row = await env.DB.prepare(`select id, conversation_id, message_id, helpful, by, comment, created_at, updated_at from answer_feedback where message_id = ?1 and by = ?2`)
    .bind(input.messageId, voter.by)
    .first<{ id: string; conversation_id: string; message_id: string; helpful: number; by: string; comment: string | null; created_at: string; updated_at: string }>();
  return { ...row!, helpful: row!.helpful === 1 };
}
