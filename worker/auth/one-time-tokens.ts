import { sha256Hex } from "../lib/crypto";
import { badRequest } from "../lib/errors";
import { newId, nowIso, randomToken } from "../lib/ids";

export type OneTimePurpose = "verify_email" | "reset_password";

export const ONE_TIME_TTL_SECONDS: Record<OneTimePurpose, number> = {
  verify_email: 24 * 60 * 60,
  reset_password: 60 * 60,
};

/** Creates a single-use token for a user; only its SHA-256 is stored. Returns the raw token. */
export async function issueOneTimeToken(env: Pick<Env, "DB">, userId: string, purpose: OneTimePurpose): Promise<string> {
  const token = randomToken(40);
  const expires = new Date(Date.now() + ONE_TIME_TTL_SECONDS[purpose] * 1000).toISOString();
  await env.DB.prepare(`insert into auth_tokens (id, user_id, purpose, token_hash, expires_at, created_at) values (?1, ?2, ?3, ?4, ?5, ?6)`)
    .bind(newId("att"), userId, purpose, await sha256Hex(token), expires, nowIso())
    .run();
  return token;
}

/**
 * Marks the token used and returns its user id. Unknown, used, expired or
 * wrong-purpose tokens answer 400 INVALID_TOKEN. The claim is one conditional
 * update, so a token cannot be redeemed twice even concurrently.
 */
export async function redeemOneTimeToken(env: Pick<Env, "DB">, token: string, purpose: OneTimePurpose): Promise<string> {
  const row = await env.DB.prepare(
    `update auth_tokens set used_at = ?1
     where token_hash = ?2 and purpose = ?3 and used_at is null and expires_at > ?1
     returning user_id`,
  )
    .bind(nowIso(), await sha256Hex(token), purpose)
    .first<{ user_id: string }>();
  if (!row) throw badRequest("INVALID_TOKEN", "This link is invalid, has expired or was already used");
  return row.user_id;
}

/** Voids a user's outstanding tokens of one purpose (after a successful reset). */
export async function voidOneTimeTokens(env: Pick<Env, "DB">, userId: string, purpose: OneTimePurpose): Promise<void> {
  await env.DB.prepare(`update auth_tokens set used_at = ?1 where user_id = ?2 and purpose = ?3 and used_at is null`).bind(nowIso(), userId, purpose).run();
}
