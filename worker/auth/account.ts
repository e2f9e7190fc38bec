import { recordAudit } from "../audit/record";
import { badRequest, unauthorized } from "../lib/errors";
import { nowIso } from "../lib/ids";
import { findUserByEmail } from "./login";
import { sendPasswordResetEmail, sendVerificationEmail } from "./mail-templates";
import { issueOneTimeToken, redeemOneTimeToken, voidOneTimeTokens } from "./one-time-tokens";
import { assertStrongPassword, hashPassword, normaliseEmail } from "./password";
import type { Role } from "./permissions";
import { allow, check, clientIp, enforce } from "./limits";
import { withMinimumDuration } from "../lib/timing";
import { revokeUserSessions } from "./sessions";
import type { Call, RequestCtx, UserCtx } from "../lib/service";

/** The signed-in user, their current workspace and every workspace they can switch to. */
export async function getMe({ ctx }: Call<void, UserCtx>) {
  const { env } = ctx;
  const { userId, workspaceId, role } = ctx.auth;
  const user = await env.DB.prepare(
    `select id, email, name, email_verified_at, mfa_enabled, google_id, password_hash is not null as has_password, last_login_at, locale, created_at from users where id = ?1`,
  )
    .bind(userId)
    .first<{ id: string; email: string; name: string; email_verified_at: string | null; mfa_enabled: number; google_id: string | null; has_password: number; last_login_at: string | null; locale: Locale | null; created_at: string }>();
  if (!user) throw unauthorized();
  const { results } = await env.DB.prepare(
    `select w.id, w.name, w.slug, w.plan, m.role from memberships m join workspaces w on w.id = m.workspace_id
     where m.user_id = ?1 and m.status = 'active' and w.deleted_at is null order by m.created_at`,
  )
    .bind(userId)
    .all<{ id: string; name: string; slug: string; plan: string; role: Role }>();
  const current = results.find((w) => w.id === workspaceId);
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      workspace_id: workspaceId,
      role,
      email_verified: user.email_verified_at !== null,
      mfa_enabled: Boolean(user.mfa_enabled),
      google_linked: user.google_id !== null,
      has_password: Boolean(user.has_password),
      last_login_at: user.last_login_at,
      locale: user.locale,
      created_at: user.created_at,
    },
    workspace: current ? { id: current.id, name: current.name, slug: current.slug, plan: current.plan } : null,
    workspaces: results.map((w) => ({ id: w.id, name: w.name, slug: w.slug, role: w.role })),
  };
}

/** The dashboard languages a user can choose; null follows the browser. */
export const LOCALES = ["en", "th"] as const;
export type Locale = (typeof LOCALES)[number];

/** Changes the user's own profile: display name and dashboard language (null: follow the browser). */
export async function updateProfile({ ctx, input: patch }: Call<{ name?: string | undefined; locale?: Locale | null | undefined }, UserCtx>): Promise<void> {
  const { env } = ctx;
  const { userId } = ctx.auth;
  const sets: string[] = [];
  const values: unknown[] = [];
  if (patch.name !== undefined) (sets.push(`name = ?${values.length + 1}`), values.push(patch.name));
  if (patch.locale !== undefined) (sets.push(`locale = ?${values.length + 1}`), values.push(patch.locale));
  if (!sets.length) return;
  values.push(nowIso(), userId);
  await env.DB.prepare(`update users set ${sets.join(", ")}, updated_at = ?${values.length - 1} where id = ?${values.length}`).bind(...values).run();
}

export async function verifyEmail({ ctx: { env }, input: { token } }: Call<{ token: string }, RequestCtx>): Promise<{ user_id: string }> {
  const userId = await redeemOneTimeToken(env, token, "verify_email");
  await env.DB.prepare(`update users set email_verified_at = coalesce(email_verified_at, ?1), updated_at = ?1 where id = ?2`).bind(nowIso(), userId).run();
  return { user_id: userId };
}

/** How long a forgot-password answer takes at least, whether or not a mail was sent. */
export const FORGOT_PASSWORD_MIN_MS = 400;

export async function resendVerification({ ctx }: Call<void, UserCtx>): Promise<void> {
  const { env } = ctx;
  const { userId } = ctx.auth;
  const ip = clientIp(ctx.client);
  await enforce(env, [check("verificationMailsPerIp", ip)], "Too many verification mails asked from this network; try again later");
  const user = await env.DB.prepare(`select id, email, name, email_verified_at from users where id = ?1`)
    .bind(userId)
    .first<{ id: string; email: string; name: string; email_verified_at: string | null }>();
  if (!user) throw unauthorized();
  if (user.email_verified_at) throw badRequest("ALREADY_VERIFIED", "This email address is already confirmed");
  if (!(await allow(env, "verificationMailsPerUser", user.id))) return;
  await sendVerificationEmail(env, user, await issueOneTimeToken(env, user.id, "verify_email"));
}

/**
 * Mails a reset link if the account exists. The caller answers the same either
 * way, and no sooner than FORGOT_PASSWORD_MIN_MS, so neither the answer nor its
 * timing tells whether the email has an account. Limited per IP (429) and per
 * email (silently: the answer stays the same).
 */
export async function forgotPassword({ ctx, input: { email } }: Call<{ email: string }, RequestCtx>): Promise<void> {
  const { env } = ctx;
  const ip = clientIp(ctx.client);
  await enforce(env, [check("passwordResetMailsPerIp", ip)], "Too many password resets asked from this network; try again later");
  const normalised = normaliseEmail(email);
  await withMinimumDuration(FORGOT_PASSWORD_MIN_MS, async () => {
    if (!(await allow(env, "passwordResetMailsPerEmail", normalised))) return;
    const user = await findUserByEmail(env, normalised);
    if (!user || user.status !== "active") return;
    await sendPasswordResetEmail(env, user, await issueOneTimeToken(env, user.id, "reset_password"));
  });
}

/** Sets a new password from a reset link and signs the user out everywhere. */
export async function resetPassword({ ctx, input: { token, password } }: Call<{ token: string; password: string }, RequestCtx>): Promise<void> {
  const { env } = ctx;
  assertStrongPassword(password);
  const userId = await redeemOneTimeToken(env, token, "reset_password");
  const now = nowIso();
  // The link arrived by email, so the address is proven as well.
  await env.DB.prepare(`update users set password_hash = ?1, email_verified_at = coalesce(email_verified_at, ?2), updated_at = ?2 where id = ?3`)
    .bind(await hashPassword(password), now, userId)
    .run();
  await voidOneTimeTokens(env, userId, "reset_password");
  await revokeUserSessions(env, userId);
  const { results } = await env.DB.prepare(`select workspace_id from memberships where user_id = ?1`).bind(userId).all<{ workspace_id: string }>();
  await Promise.all(
    results.map((r) => recordAudit(ctx, { workspaceId: r.workspace_id, userId }, { action: "user.password_reset", resource_type: "user", resource_id: userId })),
  );
}
