import { workspaceHub } from "../../durable-objects/stubs";
import { DELETE_GRACE_DAYS, purgeChatbot } from "./chatbots";
import { purgeConversationsWhere } from "./conversations";
import { deleteR2Prefix, quoteIdent, tablesWithColumn, workspacePrefix } from "./tables";

/**
 * Deletes a workspace and everything it owns: every chatbot (as purgeChatbot),
 * any conversation left, every R2 object under its prefix, its WorkspaceHubDO
 * storage, then every row of every table with a `workspace_id` column
 * (members, sessions, API keys, invitations, audit log, canned responses,
 * secrets, …) and the workspace row. User accounts are people, not workspace
 * data: they stay, without this membership.
 */
export async function purgeWorkspace(env: Env, workspaceId: string): Promise<void> {
  const { results: bots } = await env.DB.prepare(`select id, workspace_id from chatbots where workspace_id = ?1`)
    .bind(workspaceId)
    .all<{ id: string; workspace_id: string }>();
  for (const bot of bots) await purgeChatbot(env, bot);
  await purgeConversationsWhere(env, workspaceId, `1 = 1`);
  await deleteR2Prefix(env.FILES, workspacePrefix(workspaceId));
  await workspaceHub(env, workspaceId).purge();
  const tables = (await tablesWithColumn(env.DB, "workspace_id")).filter((t) => t !== "workspaces");
  await env.DB.batch([
    ...tables.map((t) => env.DB.prepare(`delete from ${quoteIdent(t)} where workspace_id = ?1`).bind(workspaceId)),
    env.DB.prepare(`delete from workspaces where id = ?1`).bind(workspaceId),
  ]);
}

/** Purges workspaces deleted more than the grace period before `now` (at most `limit` per run). */
export async function purgeDeletedWorkspaces(env: Env, now: Date, limit = 5): Promise<number> {
  const cutoff = new Date(now.getTime() - DELETE_GRACE_DAYS * 86_400_000).toISOString();
  const { results } = await env.DB.prepare(`select id from workspaces where deleted_at is not null and deleted_at < ?1 limit ?2`)
    .bind(cutoff, limit)
    .all<{ id: string }>();
  for (const ws of results) await purgeWorkspace(env, ws.id);
  return results.length;
}
