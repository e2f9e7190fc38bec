import { recordAudit } from "../audit/record";
import { loadMfaLibs } from "../lazy";
import { badRequest, conflict, unauthorized } from "../lib/errors";
import { nowIso } from "../lib/ids";
import { decryptSecret, encryptSecret } from "../lib/secrets";
import { check, enforce, refund } from "./limits";
import type { Call, UserCtx } from "../lib/service";

const ISSUER = "MiniChat";

async function totp(secretBase32: string, label: string) {
  const { Secret, TOTP } = await loadMfaLibs();
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

/** True if `code` is the current TOTP code (±1 step for clock drift). */
export async function checkTotp(secretBase32: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  return (await totp(secretBase32, "check")).validate({ token: code, window: 1 }) !== null;
}

interface MfaRow {
  email: string;
  mfa_secret: string | null;
  mfa_enabled: number;
}

type MfaEnv = Pick<Env, "DB" | "ENCRYPTION_KEY">;

async function loadMfa(env: MfaEnv, userId: string): Promise<MfaRow> {
  const row = await env.DB.prepare(`select email, mfa_secret, mfa_enabled from users where id = ?1`).bind(userId).first<MfaRow>();
  if (!row) throw unauthorized();
  return row;
}

/** Verifies a user's TOTP code against their stored (encrypted) secret. */
export async function verifyUserTotp(env: MfaEnv, encryptedSecret: string | null, code: string): Promise<boolean> {
  if (!encryptedSecret) return false;
  return checkTotp(await decryptSecret(env, encryptedSecret), code);
}

/** Checks a signed-in user's code: wrong codes count (5 per 15 minutes, then 429), a right one is not counted. */
async function verifyOwnCode(env: MfaEnv, userId: string, encryptedSecret: string | null, code: string): Promise<void> {
  const failures = [check("mfaCodeFailuresPerUser", userId)];
  await enforce(env, failures, "Too many wrong two-factor codes; try again later");
  if (!(await verifyUserTotp(env, encryptedSecret, code))) throw unauthorized("The code is not valid", "INVALID_MFA_CODE");
  await refund(env, failures);
}

/** Generates a new secret (not yet enabled) and returns it once with its otpauth:// URI. */
export async function setupMfa({ ctx: { env, auth } }: Call<void, UserCtx>): Promise<{ secret: string; otpauth_uri: string }> {
  const { userId } = auth;
  const row = await loadMfa(env, userId);
  if (row.mfa_enabled) throw conflict("MFA_ALREADY_ENABLED", "Two-factor authentication is already on; disable it first");
  const { Secret } = await loadMfaLibs();
  const secret = new Secret({ size: 20 }).base32;
  await env.DB.prepare(`update users set mfa_secret = ?1, updated_at = ?2 where id = ?3`).bind(await encryptSecret(env, secret), nowIso(), userId).run();
  return { secret, otpauth_uri: (await totp(secret, row.email)).toString() };
}

/** Turns two-factor on with a current code from the set-up secret; the audit log records it. */
export async function enableMfa({ ctx, input: { code } }: Call<{ code: string }, UserCtx>): Promise<void> {
  const { env, auth } = ctx;
  const { userId } = auth;
  const row = await loadMfa(env, userId);
  if (row.mfa_enabled) throw conflict("MFA_ALREADY_ENABLED", "Two-factor authentication is already on");
  if (!row.mfa_secret) throw badRequest("MFA_NOT_SET_UP", "Start two-factor setup first");
  await verifyOwnCode(env, userId, row.mfa_secret, code);
  await env.DB.prepare(`update users set mfa_enabled = 1, updated_at = ?1 where id = ?2`).bind(nowIso(), userId).run();
  await recordAudit(ctx, auth, { action: "user.mfa_enabled", resource_type: "user", resource_id: userId });
}

/** Turns two-factor off with a current code; the audit log records it. */
export async function disableMfa({ ctx, input: { code } }: Call<{ code: string }, UserCtx>): Promise<void> {
  const { env, auth } = ctx;
  const { userId } = auth;
  const row = await loadMfa(env, userId);
  if (!row.mfa_enabled) throw badRequest("MFA_NOT_ENABLED", "Two-factor authentication is not on");
  await verifyOwnCode(env, userId, row.mfa_secret, code);
  await env.DB.prepare(`update users set mfa_enabled = 0, mfa_secret = null, updated_at = ?1 where id = ?2`).bind(nowIso(), userId).run();
  await recordAudit(ctx, auth, { action: "user.mfa_disabled", resource_type: "user", resource_id: userId });
}
