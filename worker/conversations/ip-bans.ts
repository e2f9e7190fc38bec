import { conflict, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import type { Call } from "../lib/service";

export const DEFAULT_IP_BAN_HOURS = 7 * 24;
export const MAX_IP_BAN_HOURS = 365 * 24;

export interface IpBanView {
  id: string;
  visitor_id: string | null;
  reason: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
}

/**
 * Bans the network a visitor last came from (its keyed hash; the address
 * itself is never stored) until `hours` from now: new widget sessions and
 * every visitor request from it answer 403 VISITOR_BANNED.
 */
export async function banVisitorNetwork({ ctx, input: { visitorId, reason, hours } }: Call<{ visitorId: string; reason: string; hours: number }>): Promise<IpBanView> {
  const { env, auth } = ctx;
  const visitor = await env.DB.prepare(`select last_ip_hash from visitors where id = ?1 and workspace_id = ?2`)
    .bind(visitorId, auth.workspaceId)
    .first<{ last_ip_hash: string | null }>();
  if (!visitor) throw notFound("Visitor");
  if (!visitor.last_ip_hash) throw conflict("NETWORK_UNKNOWN", "This visitor's network is not known, so it cannot be banned");
  const now = new Date();
  const ban: IpBanView = {
    id: newId("ipb"),
    visitor_id: visitorId,
    reason,
    created_by: auth.userId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + hours * 3_600_000).toISOString(),
  };
  await env.DB.prepare(
    `insert into visitor_ip_bans (id, workspace_id, ip_hash, visitor_id, reason, created_by, created_at, expires_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
  )
    .bind(ban.id, auth.workspaceId, visitor.last_ip_hash, visitorId, reason, auth.userId, ban.created_at, ban.expires_at)
    .run();
  return ban;
}

/** Lifts the network bans placed through a visitor (unban). */
export async function liftVisitorNetworkBans({ ctx, input: { visitorId } }: Call<{ visitorId: string }>): Promise<number> {
  const res = await ctx.env.DB.prepare(`delete from visitor_ip_bans where workspace_id = ?1 and visitor_id = ?2`).bind(ctx.auth.workspaceId, visitorId).run();
  return res.meta.changes ?? 0;
}

/** The workspace's network bans still in force, newest first. */
export async function listNetworkBans({ ctx }: Call<void>): Promise<IpBanView[]> {
  const { results } = await ctx.env.DB.prepare(
    `select id, visitor_id, reason, created_by, created_at, expires_at from visitor_ip_bans where workspace_id = ?1 and expires_at > ?2 order by created_at desc limit 200`,
  )
    .bind(ctx.auth.workspaceId, nowIso())
    .all<IpBanView>();
  return results;
}

export async function deleteNetworkBan({ ctx, input: { id } }: Call<{ id: string }>): Promise<void> {
  const res = await ctx.env.DB.prepare(`delete from visitor_ip_bans where id = ?1 and workspace_id = ?2`).bind(id, ctx.auth.workspaceId).run();
  if (!res.meta.changes) throw notFound("IP ban");
}
