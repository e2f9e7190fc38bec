import { recordAudit } from "../audit/record";
import { purgeConversationsWhere } from "./conversations";
import { quoteIdent, tablesWithColumn } from "./tables";

/** Vector ids per Vectorize delete call. */
const VECTOR_BATCH = 500;

/**
 * Deletes a chatbot and everything it owns: its conversations (DOs included),
 * its visitors, FAQs, documents (and their R2 files), URL sources and crawled
 * pages, chunks with their FTS rows and local vectors (Vectorize by id when
 * bound), knowledge questions, feedback, canned responses tied to it, its
 * configuration versions, and finally the chatbot row. Any other table with a
 * `chatbot_id` column is swept too, so new tables are covered.
 */
export async function purgeChatbot(env: Env, bot: { id: string; workspace_id: string }): Promise<void> {
  await purgeConversationsWhere(env, bot.workspace_id, `chatbot_id = ?2`, bot.id);

  if (env.VECTORS) {
    const { results } = await env.DB.prepare(`select id from chunks where chatbot_id = ?1`).bind(bot.id).all<{ id: string }>();
    const ids = results.map((r) => r.id);
    for (let i = 0; i < ids.length; i += VECTOR_BATCH) await env.VECTORS.deleteByIds(ids.slice(i, i + VECTOR_BATCH));
  }

  const { results: files } = await env.DB.prepare(`select r2_key from documents where chatbot_id = ?1`).bind(bot.id).all<{ r2_key: string }>();
  for (let i = 0; i < files.length; i += 1000) await env.FILES.delete(files.slice(i, i + 1000).map((f) => f.r2_key));

  const statements = [
    env.DB.prepare(`delete from crawl_pages where url_source_id in (select id from url_sources where chatbot_id = ?1)`).bind(bot.id),
    ...(await tablesWithColumn(env.DB, "chatbot_id"))
      .filter((t) => t !== "conversations")
      .map((t) => env.DB.prepare(`delete from ${quoteIdent(t)} where chatbot_id = ?1`).bind(bot.id)),
    env.DB.prepare(`delete from chatbots where id = ?1 and workspace_id = ?2`).bind(bot.id, bot.workspace_id),
  ];
  await env.DB.batch(statements);
}

/** Days a deleted chatbot or workspace can still be recovered before the daily job purges it. */
export const DELETE_GRACE_DAYS = 30;

/** Purges chatbots deleted more than the grace period before `now` (at most `limit` per run). */
export async function purgeDeletedChatbots(env: Env, now: Date, limit = 20): Promise<number> {
  const cutoff = new Date(now.getTime() - DELETE_GRACE_DAYS * 86_400_000).toISOString();
  const { results } = await env.DB.prepare(`select id, workspace_id from chatbots where deleted_at is not null and deleted_at < ?1 limit ?2`)
    .bind(cutoff, limit)
    .all<{ id: string; workspace_id: string }>();
  for (const bot of results) {
    await purgeChatbot(env, bot);
    await recordAudit(env, { workspaceId: bot.workspace_id }, { action: "chatbot.purged", resource_type: "chatbot", resource_id: bot.id });
  }
  return results.length;
}
