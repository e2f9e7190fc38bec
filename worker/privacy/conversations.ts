import { conversationStub } from "../../durable-objects/stubs";
import { conversationPrefix, deleteR2Prefix } from "./tables";

/** Conversations handled per D1 batch (ids travel as one JSON parameter). */
export const CONVERSATION_BATCH = 50;

/**
 * Deletes conversations everywhere they live: each ConversationDO's storage
 * (log, state, outbox, timers), their attachments in R2, and in D1 the index
 * row, the message mirror (its FTS rows go with it by trigger), events, notes,
 * attachments' metadata, knowledge questions, answer feedback and the
 * notifications that point at them.
 */
export async function purgeConversations(env: Env, workspaceId: string, ids: string[]): Promise<number> {
  for (let i = 0; i < ids.length; i += CONVERSATION_BATCH) {
    const batch = ids.slice(i, i + CONVERSATION_BATCH);
    await Promise.all(batch.map((id) => conversationStub(env, id).purge()));
    for (const id of batch) await deleteR2Prefix(env.FILES, conversationPrefix(workspaceId, id));
    const list = JSON.stringify(batch);
    const inList = `in (select value from json_each(?2))`;
    await env.DB.batch(
      [
        `delete from messages where workspace_id = ?1 and conversation_id ${inList}`,
        `delete from conversation_events where workspace_id = ?1 and conversation_id ${inList}`,
        `delete from conversation_notes where workspace_id = ?1 and conversation_id ${inList}`,
        `delete from attachments where workspace_id = ?1 and conversation_id ${inList}`,
        `delete from answer_feedback where workspace_id = ?1 and conversation_id ${inList}`,
        `delete from kb_queries where workspace_id = ?1 and conversation_id ${inList}`,
        `delete from notifications where workspace_id = ?1 and json_extract(data, '$.conversation_id') ${inList}`,
        `delete from conversations where workspace_id = ?1 and id ${inList}`,
      ].map((q) => env.DB.prepare(q).bind(workspaceId, list)),
    );
  }
  return ids.length;
}

/** Purges every conversation matching `where` (a condition on `conversations`), batch by batch. */
export async function purgeConversationsWhere(env: Env, workspaceId: string, where: string, ...args: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const { results } = await env.DB.prepare(`select id from conversations where workspace_id = ?1 and (${where}) limit ${CONVERSATION_BATCH}`)
      .bind(workspaceId, ...args)
      .all<{ id: string }>();
    if (!results.length) return total;
    total += await purgeConversations(env, workspaceId, results.map((r) => r.id));
  }
}
