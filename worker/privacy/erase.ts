import { ERASED_TEXT } from "../../durable-objects/conversation/privacy";
import { conversationStub } from "../../durable-objects/stubs";
import { scrubAnalyticsStatement } from "../analytics/privacy";
import { notFound } from "../lib/errors";
import { nowIso } from "../lib/ids";
import { CONVERSATION_BATCH } from "./conversations";
import { conversationPrefix, deleteR2Prefix } from "./tables";

export interface ErasureResult {
  visitor_id: string;
  conversations: number;
  messages: number;
  attachments: number;
}

/**
 * Erases a visitor of the workspace: in each of their conversations the
 * ConversationDO replaces every message's text and attachments with a tombstone
 * (and forgets name, page, rating comment); D1 does the same to the message
 * mirror, drops the messages' search index rows, notes, notifications and the
 * visitor's words in the knowledge-question log, feedback and analytics events; attachments go
 * from R2 and D1; the visitor row is deleted. Each conversation stays as a
 * tombstone (status, counts, timestamps, `erased_at`) so metrics stay consistent.
 * Another workspace's visitor is 404.
 */
export async function eraseVisitor(env: Env, workspaceId: string, visitorId: string): Promise<ErasureResult> {
  const visitor = await env.DB.prepare(`select id from visitors where id = ?1 and workspace_id = ?2`).bind(visitorId, workspaceId).first();
  if (!visitor) throw notFound("Visitor");
  const { results } = await env.DB.prepare(`select id from conversations where workspace_id = ?1 and visitor_id = ?2 order by created_at`)
    .bind(workspaceId, visitorId)
    .all<{ id: string }>();
  const ids = results.map((r) => r.id);
  let messages = 0;
  let attachments = 0;
  for (let i = 0; i < ids.length; i += CONVERSATION_BATCH) {
    const batch = ids.slice(i, i + CONVERSATION_BATCH);
    for (const r of await Promise.all(batch.map((id) => conversationStub(env, id).eraseVisitorContent()))) messages += r.messages;
    for (const id of batch) attachments += await deleteR2Prefix(env.FILES, conversationPrefix(workspaceId, id));
    const list = JSON.stringify(batch);
    const inList = `in (select value from json_each(?2))`;
    const at = nowIso();
    await env.DB.batch([
      env.DB.prepare(
        `update messages set text = ?3, rich = null, attachments = null, author_name = case when role = 'visitor' then null else author_name end
         where workspace_id = ?1 and conversation_id ${inList}`,
      ).bind(workspaceId, list, ERASED_TEXT),
      // the update trigger re-indexed the tombstone: drop those rows, nothing of the visitor stays searchable
      env.DB.prepare(`delete from messages_fts where rowid in (select rowid from messages where workspace_id = ?1 and conversation_id ${inList})`).bind(workspaceId, list),
      env.DB.prepare(`delete from message_search_pending where workspace_id = ?1 and message_id in (select id from messages where conversation_id ${inList})`).bind(
        workspaceId,
        list,
      ),
      env.DB.prepare(`delete from attachments where workspace_id = ?1 and conversation_id ${inList}`).bind(workspaceId, list),
      env.DB.prepare(`delete from conversation_notes where workspace_id = ?1 and conversation_id ${inList}`).bind(workspaceId, list),
      env.DB.prepare(`delete from notifications where workspace_id = ?1 and json_extract(data, '$.conversation_id') ${inList}`).bind(workspaceId, list),
      env.DB.prepare(`update conversation_events set data = '{}' where workspace_id = ?1 and conversation_id ${inList}`).bind(workspaceId, list),
      env.DB.prepare(`update kb_queries set question = ?3 where workspace_id = ?1 and conversation_id ${inList}`).bind(workspaceId, list, ERASED_TEXT),
      env.DB.prepare(`update answer_feedback set comment = null where workspace_id = ?1 and conversation_id ${inList}`).bind(workspaceId, list),
      // rating comments and resolution notes in the reporting events (the measures stay)
      scrubAnalyticsStatement(env.DB, workspaceId, list),
      env.DB.prepare(
        `update conversations set subject = null, last_message_preview = case when last_message_at is null then null else ?3 end,
           rating_comment = null, has_notes = 0, erased_at = ?4, updated_at = ?4
         where workspace_id = ?1 and id ${inList}`,
      ).bind(workspaceId, list, ERASED_TEXT, at),
    ]);
  }
  await env.DB.batch([
    // a network ban stays until it expires (abuse protection) but no longer points at the person
    env.DB.prepare(`update visitor_ip_bans set visitor_id = null where workspace_id = ?1 and visitor_id = ?2`).bind(workspaceId, visitorId),
    env.DB.prepare(`delete from visitors where id = ?1 and workspace_id = ?2`).bind(visitorId, workspaceId),
  ]);
  return { visitor_id: visitorId, conversations: ids.length, messages, attachments };
}
