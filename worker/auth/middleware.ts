import { createMiddleware } from "hono/factory";
import type { AppEnv, AuthContext } from "../lib/context";
import { forbidden, unauthorized } from "../lib/errors";
import { sha256Hex } from "../lib/crypto";
import { nowIso } from "../lib/ids";
import { API_SCOPES, type Permission, type Role, can, roleCan } from "./permissions";
import { verifyAccessToken } from "./tokens";
import type { RateWindow } from "../../durable-objects/api-rate-limiter";
// a suspended workspace's data is kept, but nobody acts in it until a platform operator lifts the suspension
import { workspaceSuspended } from "../admin/suspension";
import { apiKeyHourlyLimit, apiKeyLimitExceeded, hitApiKeyLimit, rateLimitHeaders } from "../billing/api-rate-limit";

export const API_KEY_PREFIX = "mc_live_";


/**
 * Authenticates the caller from `Authorization: Bearer <access JWT | mc_live_ key>`
 * and sets `c.var.auth`. A JWT is honoured only while its membership is active
 * and its session family is not revoked, so deactivation takes effect at once.
 */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const token = header.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!token) throw unauthorized("Missing bearer token");
  if (!token.startsWith(API_KEY_PREFIX)) {
    c.set("auth", await authenticateJwt(c.env, token));
    return next();
  }
  const { auth, window } = await authenticateApiKey(c.env, c.executionCtx, token);
  c.set("auth", auth);
  await next();
  for (const [name, value] of Object.entries(rateLimitHeaders(window))) c.res.headers.set(name, value);
});

/** A dashboard access JWT → the caller, while its membership and session family are live. */
export async function authenticateJwt(env: Env, token: string): Promise<AuthContext> {
  const claims = await verifyAccessToken(env, token);
  if (!claims) throw unauthorized("Invalid or expired access token", "INVALID_TOKEN");
  const row = await env.DB.prepare(
    `select m.role as role, w.suspended_at as suspended_at from memberships m join users u on u.id = m.user_id join workspaces w on w.id = m.workspace_id
     where m.workspace_id = ?1 and m.user_id = ?2 and m.status = 'active' and u.status = 'active'
       and exists (select 1 from sessions s where s.family_id = ?3 and s.revoked_at is null)`,
  )
    .bind(claims.ws, claims.sub, claims.sid)
    .first<{ role: AuthContext["role"]; suspended_at: string | null }>();
  if (!row) throw unauthorized("This session has ended; sign in again", "SESSION_REVOKED");
  if (row.suspended_at) throw workspaceSuspended();
  return { workspaceId: claims.ws, userId: claims.sub, role: row.role, apiKeyId: null, scopes: null, sessionId: claims.sid };
}

/**
 * A workspace API key → the caller. A key acts for the member who created it:
 * its power is its scopes narrowed to what that member's role allows right
 * now, and it stops working (401 API_KEY_SUSPENDED) while that member is
 * removed or deactivated, in the workspace or as a user.
 */
async function authenticateApiKey(env: Env, ctx: { waitUntil(p: Promise<unknown>): void }, key: string): Promise<{ auth: AuthContext; window: RateWindow }> {
  const hash = await sha256Hex(key);
  const row = await env.DB.prepare(
    `select k.id, k.workspace_id, k.scopes, k.created_by, m.role as role, m.status as membership_status, u.status as user_status,
            w.plan as plan, w.plan_expires_at as plan_expires_at, w.billing_status as billing_status, w.past_due_since as past_due_since,
            w.suspended_at as suspended_at
     from api_keys k
     join workspaces w on w.id = k.workspace_id
     left join memberships m on m.workspace_id = k.workspace_id and m.user_id = k.created_by
     left join users u on u.id = k.created_by
     where k.key_hash = ?1 and k.revoked_at is null`,
  )
    .bind(hash)
    .first<{
      id: string;
      workspace_id: string;
      scopes: string;
      created_by: string | null;
      role: Role | null;
      membership_status: string | null;
      user_status: string | null;
      plan: string;
      plan_expires_at: string | null;
      billing_status: string;
      past_due_since: string | null;
      suspended_at: string | null;
    }>();
  if (!row) throw unauthorized("Invalid or revoked API key", "INVALID_API_KEY");
  if (!row.created_by || !row.role || row.membership_status !== "active" || row.user_status !== "active") {
    throw unauthorized("This API key is suspended: the member who created it no longer has access to this workspace", "API_KEY_SUSPENDED");
  }
  if (row.suspended_at) throw workspaceSuspended();
  const window = await hitApiKeyLimit(env, row.id, apiKeyHourlyLimit(row));
  if (!window.allowed) throw apiKeyLimitExceeded(window);
  // "last used" is refreshed at most once a minute per key
  if (window.touch) ctx.waitUntil(env.DB.prepare(`update api_keys set last_used_at = ?1 where id = ?2`).bind(nowIso(), row.id).run());
  const role = row.role;
  const scopes = (JSON.parse(row.scopes) as string[]).filter((s) => (API_SCOPES as string[]).includes(s) && roleCan(role, s as Permission));
  return { auth: { workspaceId: row.workspace_id, userId: null, role, apiKeyId: row.id, keyCreatorId: row.created_by, scopes }, window };
}

/** Allows the request only if the caller's role (or API key scopes) grants `permission`. */
export const requirePermission = (permission: Permission) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.get("auth");
    if (!auth) throw unauthorized();
    if (!can(auth, permission)) throw forbidden(`Your ${auth.apiKeyId ? "API key" : "role"} does not allow ${permission}`);
    await next();
  });

