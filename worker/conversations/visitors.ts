import { conversationStub } from "../../durable-objects/stubs";
import { notFound } from "../lib/errors";
import { nowIso } from "../lib/ids";
import type { Call } from "../lib/service";

/** Blocks (or unblocks) a visitor: their open sockets close with 4003 and new sessions are refused. */
export async function setVisitorBan({ ctx, input: { visitorId, banned, reason } }: Call<{ visitorId: string; banned: boolean; reason: string | null }>) {
  const { env, auth } = ctx;
  const res = await env.DB.prepare(`UPDATE visitors SET banned_at = ?1, ban_reason = ?2 WHERE id = ?3 AND workspace_id = ?4`)
    .bind(banned ? nowIso() : null, banned ? reason : null, visitorId, auth.workspaceId)
    .run();
  if (!res.meta.changes) throw notFound("Visitor");
  const { results } = await env.DB.prepare(
    `SELECT id FROM conversations WHERE visitor_id = ?1 AND workspace_id = ?2 AND status NOT IN ('archived') ORDER BY created_at DESC LIMIT 50`,
  )
    .bind(visitorId, auth.workspaceId)
    .all<{ id: string }>();
  await Promise.all(results.map((r) => conversationStub(env, r.id).setBanned(banned)));
  return { visitor_id: visitorId, banned, ban_reason: banned ? reason : null, conversations_affected: results.length };
}
