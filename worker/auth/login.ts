import { recordAudit } from "../audit/record";
import { forbidden, unauthorized } from "../lib/errors";
import { nowIso } from "../lib/ids";
import type { Call, RequestCtx } from "../lib/service";
import { verifyUserTotp } from "./mfa";
import { normaliseEmail, verifyPassword } from "./password";
import type { Role } from "./permissions";
import { check, enforce, hitAll, refund } from "./limits";
import { type ClientInfo, type TokenResponse, startSession } from "./sessions";

export interface LoginInput {
  email: string;
  password: string;
  mfa_code?: string;
  workspace_id?: string;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  mfa_secret: string | null;
  mfa_enabled: number;
  status: string;
}

export async function findUserByEmail(env: Pick<Env, "DB">, email: string): Promise<UserRow | null> {
  return env.DB.prepare(`select id, email, name, password_hash, mfa_secret, mfa_enabled, status from users where email = ?1`)
    .bind(normaliseEmail(email))
    .first<UserRow>();
}

/** The membership a sign-in lands in: the one asked for, else the oldest active one. */
export async function pickMembership(env: Pick<Env, "DB">, userId: string, workspaceId?: string): Promise<{ workspace_id: string; role: Role } | null> {
  return env.DB.prepare(
    `select m.workspace_id, m.role from memberships m join workspaces w on w.id = m.workspace_id
     where m.user_id = ?1 and m.status = 'active' and w.deleted_at is null and (?2 is null or m.workspace_id = ?2)
     order by m.created_at asc limit 1`,
  )
    .bind(userId, workspaceId ?? null)
    .first<{ workspace_id: string; role: Role }>();
}

async function auditEverywhere(env: Pick<Env, "DB">, c: Parameters<typeof recordAudit>[0], userId: string, action: string, changes: unknown) {
  const { results } = await env.DB.prepare(`select workspace_id from memberships where user_id = ?1`).bind(userId).all<{ workspace_id: string }>();
  await Promise.all(results.map((r) => recordAudit(c, { workspaceId: r.workspace_id, userId }, { action, resource_type: "user", resource_id: userId, changes })));
}

/**
 * Password sign-in, TOTP when the user turned it on, audited either way.
 * Only failures count towards the limits (5 per 15 minutes for one email from
 * one IP, 30 per 15 minutes from one IP): the hit is taken up front and given
 * back when the password was right. An unknown email costs the same PBKDF2
 * work and answers exactly like a wrong password.
 */
export async function login({ ctx, input }: Call<LoginInput, RequestCtx>): Promise<TokenResponse> {
  const { env } = ctx;
  const auditCtx = ctx;
  const client: ClientInfo = ctx.client ?? { ip: null, userAgent: null };
  const email = normaliseEmail(input.email);
  const ip = client.ip ?? "unknown";
  const failures = [check("loginFailuresPerIpAndEmail", `${ip}:${email}`), check("loginFailuresPerIp", ip)];
  await enforce(env, failures, "Too many failed sign-in attempts; try again later");
  const user = await findUserByEmail(env, email);
  const ok = await verifyPassword(input.password, user?.password_hash);
  if (!user || !ok) {
    if (user) await auditEverywhere(env, auditCtx, user.id, "user.login_failed", { reason: "invalid_password" });
    throw unauthorized("The email or password is not correct", "INVALID_CREDENTIALS");
  }
  // the password was right: this attempt is not a failure
  await refund(env, failures);
  const membership = user.status === "active" ? await pickMembership(env, user.id, input.workspace_id) : null;
  if (!membership) {
    await auditEverywhere(env, auditCtx, user.id, "user.login_failed", { reason: "no_active_membership" });
    throw forbidden("This account has no active workspace membership", "ACCOUNT_DEACTIVATED");
  }
  if (user.mfa_enabled) {
    if (!input.mfa_code) throw unauthorized("Enter the code from your authenticator app", "MFA_REQUIRED");
    if (!(await verifyUserTotp(env, user.mfa_secret, input.mfa_code))) {
      await hitAll(env, failures); // a wrong code is a failed attempt too
      await recordAudit(auditCtx, { workspaceId: membership.workspace_id, userId: user.id }, {
        action: "user.login_failed",
        resource_type: "user",
        resource_id: user.id,
        changes: { reason: "invalid_mfa_code" },
      });
      throw unauthorized("The two-factor code is not valid", "INVALID_MFA_CODE");
    }
  }
  await env.DB.prepare(`update users set last_login_at = ?1 where id = ?2`).bind(nowIso(), user.id).run();
  const tokens = await startSession(env, user, membership.workspace_id, membership.role, client);
  await recordAudit(auditCtx, { workspaceId: membership.workspace_id, userId: user.id }, {
    action: "user.login",
    resource_type: "user",
    resource_id: user.id,
    changes: { method: "password", mfa: Boolean(user.mfa_enabled) },
  });
  return tokens;
}
