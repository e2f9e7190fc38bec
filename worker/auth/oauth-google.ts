import { Google, decodeIdToken, generateCodeVerifier, generateState } from "arctic";
import { recordAudit } from "../audit/record";
import { AppError } from "../lib/errors";
import { nowIso } from "../lib/ids";
import type { Call, RequestCtx } from "../lib/service";
import { pickMembership } from "./login";
import { normaliseEmail } from "./password";
import { registerWorkspaceOwner } from "./register";
import { type ClientInfo, type TokenResponse, startSession } from "./sessions";

type OAuthEnv = Pick<Env, "DB" | "JWT_SECRET" | "OUTBOUND" | "APP_URL" | "APP_ENV" | "GOOGLE_CLIENT_ID" | "GOOGLE_CLIENT_SECRET">;

export const googleConfigured = (env: Pick<Env, "GOOGLE_CLIENT_ID" | "GOOGLE_CLIENT_SECRET">) => Boolean(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET);

function client(env: OAuthEnv): Google {
  if (!env.GOOGLE_CLIENT_ID || !env.GOOGLE_CLIENT_SECRET) throw new AppError(501, "OAUTH_NOT_CONFIGURED", "Google sign-in is not configured on this server");
  return new Google(env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET, `${env.APP_URL.replace(/\/$/, "")}/api/v1/auth/google/callback`);
}

/** The Google consent URL plus the state and PKCE verifier the callback must see again (kept in cookies). */
export function beginGoogleSignIn(env: OAuthEnv): { url: string; state: string; codeVerifier: string } {
  const google = client(env);
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const url = google.createAuthorizationURL(state, codeVerifier, ["openid", "profile", "email"]);
  return { url: url.toString(), state, codeVerifier };
}

interface GoogleClaims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/**
 * Finishes the OAuth dance: the Google account signs in to the user it is
 * linked to, or links to the user with the same verified email, or creates a
 * new user with their own workspace.
 */
export async function completeGoogleSignIn({ ctx, input: { code, codeVerifier } }: Call<{ code: string; codeVerifier: string }, RequestCtx>): Promise<TokenResponse> {
  const { env } = ctx;
  const auditCtx = ctx;
  const clientInfo: ClientInfo = ctx.client ?? { ip: null, userAgent: null };
  const tokens = await client(env).validateAuthorizationCode(code, codeVerifier);
  const claims = decodeIdToken(tokens.idToken()) as GoogleClaims;
  if (!claims.sub || !claims.email || claims.email_verified !== true) {
    throw new AppError(400, "OAUTH_EMAIL_UNVERIFIED", "Google did not confirm an email address for this account");
  }
  const email = normaliseEmail(claims.email);
  let user = await env.DB.prepare(`select id, email, name, status from users where google_id = ?1`).bind(claims.sub).first<{ id: string; email: string; name: string; status: string }>();
  if (!user) {
    user = await env.DB.prepare(`select id, email, name, status from users where email = ?1`).bind(email).first<{ id: string; email: string; name: string; status: string }>();
    if (user) {
      await env.DB.prepare(`update users set google_id = ?1, email_verified_at = coalesce(email_verified_at, ?2), updated_at = ?2 where id = ?3`).bind(claims.sub, nowIso(), user.id).run();
    }
  }
  if (!user) {
    const name = claims.name?.trim() || email.split("@")[0]!;
    const created = await registerWorkspaceOwner({ ctx, input: { email, password: "", name, workspace_name: `${name}'s workspace`, via: { emailVerified: true, googleId: claims.sub } } });
    user = { id: created.user.id, email, name, status: "active" };
    await recordAudit(auditCtx, { workspaceId: created.workspace.id, userId: user.id }, { action: "user.registered", resource_type: "user", resource_id: user.id, changes: { method: "google" } });
  }
  const membership = user.status === "active" ? await pickMembership(env, user.id) : null;
  if (!membership) throw new AppError(403, "ACCOUNT_DEACTIVATED", "This account has no active workspace membership");
  await env.DB.prepare(`update users set last_login_at = ?1 where id = ?2`).bind(nowIso(), user.id).run();
  const session = await startSession(env, user, membership.workspace_id, membership.role, clientInfo);
  await recordAudit(auditCtx, { workspaceId: membership.workspace_id, userId: user.id }, { action: "user.login", resource_type: "user", resource_id: user.id, changes: { method: "google" } });
  return session;
}
