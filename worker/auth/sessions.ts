import { sha256Hex } from "../lib/crypto";
import { unauthorized } from "../lib/errors";
import { closeFamilySockets, closeUserSockets, type LiveSocketsEnv } from "./live-sockets";
import { newId, nowIso, randomToken } from "../lib/ids";
import type { Role } from "./permissions";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "./tokens";

export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
export const MAX_SESSION_FAMILIES = 5;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** The token structure of spec 5.1.1, answered by register, login, refresh and invite accept. */
export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: "Bearer";
  user: { id: string; email: string; name: string; workspace_id: string; role: Role };
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

type AuthEnv = Pick<Env, "DB" | "JWT_SECRET">;
/** Revoking also closes live sockets through the workspace hub (always bound in the Worker). */
type RevokeEnv = LiveSocketsEnv;

const expiry = () => new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000).toISOString();

async function tokenResponse(env: AuthEnv, user: SessionUser, workspaceId: string, role: Role, familyId: string, refreshToken: string): Promise<TokenResponse> {
  const access = await signAccessToken(env, { sub: user.id, ws: workspaceId, role, sid: familyId });
  return {
    access_token: access,
    refresh_token: refreshToken,
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    token_type: "Bearer",
    user: { id: user.id, email: user.email, name: user.name, workspace_id: workspaceId, role },
  };
}

/**
 * Starts a new session family (a sign-in) and returns its tokens. A user keeps
 * at most MAX_SESSION_FAMILIES live families; the oldest beyond that are revoked.
 */
export async function startSession(env: AuthEnv, user: SessionUser, workspaceId: string, role: Role, client: ClientInfo): Promise<TokenResponse> {
  const familyId = newId("sf");
  const refreshToken = `mcr_${randomToken(48)}`;
  const now = nowIso();
  await env.DB.prepare(
    `insert into sessions (id, family_id, user_id, workspace_id, token_hash, expires_at, user_agent, ip, created_at)
     values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
  )
    .bind(newId("ses"), familyId, user.id, workspaceId, await sha256Hex(refreshToken), expiry(), client.userAgent, client.ip, now)
    .run();
  await capSessionFamilies(env, user.id);
  return tokenResponse(env, user, workspaceId, role, familyId, refreshToken);
}

/** Revokes the oldest live families of a user beyond the cap. */
async function capSessionFamilies(env: RevokeEnv, userId: string): Promise<void> {
  const { results } = await env.DB.prepare(
    `select family_id, min(created_at) as started from sessions
     where user_id = ?1 and revoked_at is null and rotated_at is null and expires_at > ?2
     group by family_id order by started desc, family_id desc`,
  )
    .bind(userId, nowIso())
    .all<{ family_id: string }>();
  const stale = results.slice(MAX_SESSION_FAMILIES).map((r) => r.family_id);
  if (stale.length) await revokeFamilies(env, stale);
}

/** Ends session families; the live sockets opened from them close at once. */
export async function revokeFamilies(env: RevokeEnv, familyIds: string[]): Promise<void> {
  if (!familyIds.length) return;
  const now = nowIso();
  await env.DB.batch(
    familyIds.map((f) => env.DB.prepare(`update sessions set revoked_at = ?1 where family_id = ?2 and revoked_at is null`).bind(now, f)),
  );
  await closeFamilySockets(env, familyIds);
}

/** Ends every session a user has in one workspace (deactivation, removal, leaving). */
export async function revokeUserSessions(env: RevokeEnv, userId: string, workspaceId?: string): Promise<void> {
  const now = nowIso();
  if (workspaceId) {
    await env.DB.prepare(`update sessions set revoked_at = ?1 where user_id = ?2 and workspace_id = ?3 and revoked_at is null`).bind(now, userId, workspaceId).run();
  } else {
    await env.DB.prepare(`update sessions set revoked_at = ?1 where user_id = ?2 and revoked_at is null`).bind(now, userId).run();
  }
  await closeUserSockets(env, userId, workspaceId);
}

interface SessionRow {
  id: string;
  family_id: string;
  user_id: string;
  workspace_id: string;
  expires_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
  user_agent: string | null;
  ip: string | null;
}

/**
 * How long a just-rotated refresh token still answers with its successor when
 * the same browser presents it again (several tabs refreshing at once).
 */
export const REFRESH_GRACE_SECONDS = 30;
const MAX_GRACE_HOPS = 3;

const findSession = async (env: Pick<Env, "DB">, refreshToken: string) =>
  env.DB.prepare(`select id, family_id, user_id, workspace_id, expires_at, rotated_at, revoked_at, user_agent, ip from sessions where token_hash = ?1`)
    .bind(await sha256Hex(refreshToken))
    .first<SessionRow>();

/**
 * The token that replaces `refreshToken` on rotation: an HMAC of it under the
 * server secret. Being derived rather than random, it can be answered again
 * to a second tab that presents the same token during the grace window,
 * without storing any usable token; only its SHA-256 is stored, as for every
 * refresh token.
 */
async function successorToken(env: Pick<Env, "JWT_SECRET">, refreshToken: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(env.JWT_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`refresh-successor:${refreshToken}`)));
  let bin = "";
  for (const b of mac) bin += String.fromCharCode(b);
  return `mcr_${btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

async function activeMember(env: Pick<Env, "DB">, row: SessionRow) {
  return env.DB.prepare(
    `select u.id, u.email, u.name, m.role from memberships m join users u on u.id = m.user_id
     where m.workspace_id = ?1 and m.user_id = ?2 and m.status = 'active' and u.status = 'active'`,
  )
    .bind(row.workspace_id, row.user_id)
    .first<SessionUser & { role: Role }>();
}

async function reused(env: Pick<Env, "DB">, row: SessionRow): Promise<never> {
  await revokeFamilies(env, [row.family_id]);
  throw unauthorized("This refresh token was already used; the session has been ended", "REFRESH_TOKEN_REUSED");
}

/**
 * A rotated token presented again. Within REFRESH_GRACE_SECONDS of its
 * rotation, by the same browser (user agent and IP of the request that
 * rotated it), it answers the same successor: that is another tab of the same
 * browser refreshing at the same moment. Anything else is a replay of a
 * leaked token and ends the whole family.
 */
async function answerRotated(env: AuthEnv, row: SessionRow, refreshToken: string, client: ClientInfo, hops = 0): Promise<TokenResponse> {
  const rotatedAt = Date.parse(row.rotated_at ?? "");
  if (!(Date.now() - rotatedAt <= REFRESH_GRACE_SECONDS * 1000)) return reused(env, row);
  const next = await successorToken(env, refreshToken);
  const successor = await findSession(env, next);
  const sameBrowser = successor && successor.user_agent === client.userAgent && successor.ip === client.ip;
  if (!successor || successor.family_id !== row.family_id || successor.revoked_at || !sameBrowser) return reused(env, row);
  if (successor.rotated_at) {
    if (hops >= MAX_GRACE_HOPS) return reused(env, row);
    return answerRotated(env, successor, next, client, hops + 1);
  }
  const member = await activeMember(env, successor);
  if (!member) {
    await revokeFamilies(env, [row.family_id]);
    throw unauthorized("This session has ended; sign in again", "SESSION_REVOKED");
  }
  return tokenResponse(env, member, successor.workspace_id, member.role, successor.family_id, next);
}

/**
 * Exchanges a refresh token for a new pair, rotating it. Presenting a token
 * that was already rotated means it leaked: the whole family is revoked and
 * the answer is 401 REFRESH_TOKEN_REUSED, except for the same browser within
 * the grace window (several tabs refreshing at once), which gets the same
 * successor again.
 */
export async function rotateSession(env: AuthEnv, refreshToken: string, client: ClientInfo): Promise<TokenResponse> {
  const row = await findSession(env, refreshToken);
  if (!row) throw unauthorized("Invalid refresh token", "INVALID_REFRESH_TOKEN");
  if (row.revoked_at) throw unauthorized("This session has ended; sign in again", "SESSION_REVOKED");
  if (row.rotated_at) return answerRotated(env, row, refreshToken, client);
  if (row.expires_at <= nowIso()) throw unauthorized("The refresh token has expired; sign in again", "REFRESH_TOKEN_EXPIRED");

  const member = await activeMember(env, row);
  if (!member) {
    await revokeFamilies(env, [row.family_id]);
    throw unauthorized("This session has ended; sign in again", "SESSION_REVOKED");
  }

  const now = nowIso();
  const next = await successorToken(env, refreshToken);
  // Claim and successor in one transaction: a concurrent refresh of the same
  // token either claims it or finds it rotated with its successor in place.
  const [claimed] = await env.DB.batch([
    env.DB.prepare(`update sessions set rotated_at = ?1 where id = ?2 and rotated_at is null and revoked_at is null`).bind(now, row.id),
    env.DB.prepare(
      `insert or ignore into sessions (id, family_id, user_id, workspace_id, token_hash, expires_at, user_agent, ip, created_at)
       select ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 where exists (select 1 from sessions where id = ?10 and rotated_at = ?9 and revoked_at is null)`,
    ).bind(newId("ses"), row.family_id, row.user_id, row.workspace_id, await sha256Hex(next), expiry(), client.userAgent, client.ip, now, row.id),
  ]);
  if (!claimed?.meta.changes) {
    const current = await findSession(env, refreshToken);
    if (current?.rotated_at && !current.revoked_at) return answerRotated(env, current, refreshToken, client);
    return reused(env, row);
  }
  return tokenResponse(env, member, row.workspace_id, member.role, row.family_id, next);
}

/** Ends the family a refresh token belongs to; unknown tokens are ignored (logout is idempotent). */
export async function endSessionByRefreshToken(env: RevokeEnv, refreshToken: string): Promise<void> {
  const row = await env.DB.prepare(`select family_id from sessions where token_hash = ?1`).bind(await sha256Hex(refreshToken)).first<{ family_id: string }>();
  if (row) await revokeFamilies(env, [row.family_id]);
}
