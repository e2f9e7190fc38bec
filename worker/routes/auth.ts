import { createRoute, z } from "@hono/zod-openapi";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import { recordAudit } from "../audit/record";
import { forgotPassword, getMe, LOCALES, resendVerification, resetPassword, updateProfile, verifyEmail } from "../auth/account";
import { expiredRefreshCookie, isLocalHttp, readRefreshCookie, refreshCookie } from "../auth/http";
import { check, clientIp, enforce } from "../auth/limits";
import { login } from "../auth/login";
import { disableMfa, enableMfa, setupMfa } from "../auth/mfa";
import { requireAuth } from "../auth/middleware";
import { beginGoogleSignIn, completeGoogleSignIn, googleConfigured } from "../auth/oauth-google";
import { registerWorkspaceOwner } from "../auth/register";
import { endSessionByRefreshToken, revokeFamilies, rotateSession, startSession } from "../auth/sessions";
import { switchWorkspace } from "../auth/switch-workspace";
import { verifyAccessToken } from "../auth/tokens";
import { AppError, unauthorized } from "../lib/errors";
import { createRouter } from "../lib/router";
import { clientOf, requestCtx, userCtx } from "../lib/service";
import { errorResponses } from "./docs";

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const tags = ["Auth"];
const BEARER = [{ bearerAuth: [] }];

const Email = z.string().trim().email().max(254).openapi({ example: "sarah@example.com" });
const Password = z.string().min(1).max(256).openapi({ example: "Sup3r$ecret!" });
const Code = z.string().trim().regex(/^\d{6}$/, "A 6-digit code").openapi({ example: "123456" });
const OneTimeToken = z.string().min(10).max(200);

export const TokenResponseSchema = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    expires_in: z.number().int().openapi({ example: 900 }),
    token_type: z.literal("Bearer"),
    user: z.object({ id: z.string(), email: z.string(), name: z.string(), workspace_id: z.string(), role: z.enum(["owner", "admin", "agent", "viewer"]) }),
  })
  .openapi("TokenResponse");

const RegisterBody = z
  .strictObject({ email: Email, password: Password, name: z.string().trim().min(1).max(100), workspace_name: z.string().trim().min(1).max(100) })
  .openapi("RegisterRequest");
const LoginBody = z
  .strictObject({ email: Email, password: Password, mfa_code: Code.optional(), workspace_id: z.string().min(1).max(64).optional() })
  .openapi("LoginRequest");
const RefreshBody = z.strictObject({ refresh_token: z.string().min(1).max(200).optional() });
const Ok = z.object({ ok: z.literal(true) });
const MeSchema = z
  .object({
    user: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      workspace_id: z.string(),
      role: z.enum(["owner", "admin", "agent", "viewer"]),
      email_verified: z.boolean(),
      mfa_enabled: z.boolean(),
      google_linked: z.boolean(),
      has_password: z.boolean(),
      last_login_at: z.string().nullable(),
      locale: z.enum(LOCALES).nullable().openapi({ description: "The dashboard language the user chose; null follows the browser" }),
      created_at: z.string(),
    }),
    workspace: z.object({ id: z.string(), name: z.string(), slug: z.string(), plan: z.string() }).nullable(),
    workspaces: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), role: z.string() })),
  })
  .openapi("Me");
const ProfileBody = z
  .strictObject({ name: z.string().trim().min(1).max(100).optional(), locale: z.enum(LOCALES).nullable().optional() })
  .openapi("ProfileUpdate");

const OAUTH_STATE = "mc_oauth_state";
const OAUTH_VERIFIER = "mc_oauth_verifier";
const OAUTH_COOKIE_PATH = "/api/v1/auth/google";

export const authRoutes = createRouter()
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/register",
      summary: "Create an account and its workspace",
      description:
        "Creates the user, a workspace (unique slug) with the user as owner, and mails an email-verification link. Unverified users can sign in; `/auth/me` reports `email_verified`. Sets the refresh-token cookie. 10 sign-ups per hour per IP (429 RATE_LIMITED). Common passwords are refused (400 WEAK_PASSWORD, `failed_rules: [\"common\"]`).",
      request: body(RegisterBody),
      responses: { 201: json(TokenResponseSchema, "Signed in as the new owner"), ...errorResponses(400, 409, 429) },
    }),
    async (c) => {
      await enforce(c.env, [check("registrationsPerIp", clientIp(clientOf(c)))], "Too many sign-ups from this network; try again later");
      const { user, workspace } = await registerWorkspaceOwner({ ctx: requestCtx(c), input: c.req.valid("json") });
      await recordAudit(requestCtx(c), { workspaceId: workspace.id, userId: user.id }, { action: "user.registered", resource_type: "user", resource_id: user.id, changes: { method: "password" } });
      const tokens = await startSession(c.env, user, workspace.id, "owner", clientOf(c));
      c.header("Set-Cookie", refreshCookie(tokens.refresh_token, c.req.url), { append: true });
      return c.json(tokens, 201);
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/login",
      summary: "Sign in with email and password",
      description:
        "Failed attempts are limited: 5 per 15 minutes for one email from one IP, 30 per 15 minutes from one IP (429 RATE_LIMITED with Retry-After); successful sign-ins do not count. An unknown email answers exactly like a wrong password (401 INVALID_CREDENTIALS). With two-factor on, a missing `mfa_code` answers 401 MFA_REQUIRED. `workspace_id` picks the workspace for users in several (default: the oldest membership).",
      request: body(LoginBody),
      responses: { 200: json(TokenResponseSchema, "Signed in"), ...errorResponses(400, 401, 403, 429) },
    }),
    async (c) => {
      const tokens = await login({ ctx: requestCtx(c), input: c.req.valid("json") });
      c.header("Set-Cookie", refreshCookie(tokens.refresh_token, c.req.url), { append: true });
      return c.json(tokens, 200);
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/refresh",
      summary: "Exchange a refresh token for a new token pair",
      description:
        "Takes `refresh_token` from the body or the httpOnly cookie. Every use rotates the token; presenting an already-rotated token ends the whole session (401 REFRESH_TOKEN_REUSED).",
      request: { body: { content: { "application/json": { schema: RefreshBody } }, required: false } },
      responses: { 200: json(TokenResponseSchema, "A fresh token pair"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const fromBody = (c.req.header("content-type") ?? "").includes("application/json") ? c.req.valid("json")?.refresh_token : undefined;
      const token = fromBody ?? readRefreshCookie(c.req.header("cookie"));
      if (!token) throw unauthorized("Missing refresh token", "INVALID_REFRESH_TOKEN");
      try {
        const tokens = await rotateSession(c.env, token, clientOf(c));
        c.header("Set-Cookie", refreshCookie(tokens.refresh_token, c.req.url), { append: true });
        return c.json(tokens, 200);
      } catch (err) {
        if (err instanceof AppError && err.status === 401) c.header("Set-Cookie", expiredRefreshCookie(c.req.url), { append: true });
        throw err;
      }
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/logout",
      summary: "Sign out (ends the session family)",
      description: "Ends the session of the refresh token (body or cookie) or, failing that, of the bearer access token. Always answers 200.",
      request: { body: { content: { "application/json": { schema: RefreshBody } }, required: false } },
      responses: { 200: json(Ok, "Signed out") },
    }),
    async (c) => {
      const fromBody = (c.req.header("content-type") ?? "").includes("application/json") ? c.req.valid("json")?.refresh_token : undefined;
      const token = fromBody ?? readRefreshCookie(c.req.header("cookie"));
      if (token) await endSessionByRefreshToken(c.env, token);
      const bearer = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
      if (bearer) {
        const claims = await verifyAccessToken(c.env, bearer.trim());
        if (claims) await revokeFamilies(c.env, [claims.sid]);
      }
      c.header("Set-Cookie", expiredRefreshCookie(c.req.url), { append: true });
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "get",
      path: "/me",
      summary: "The signed-in user and their workspaces",
      security: BEARER,
      middleware: [requireAuth] as const,
      responses: { 200: json(MeSchema, "Current user"), ...errorResponses(401, 403) },
    }),
    async (c) => {
      return c.json(await getMe({ ctx: userCtx(c), input: undefined }), 200);
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "patch",
      path: "/me",
      summary: "Change the signed-in user's profile",
      description: "`name` and the dashboard language `locale` (`en`, `th`, or null to follow the browser). Answers the same body as `GET /auth/me`.",
      security: BEARER,
      middleware: [requireAuth] as const,
      request: body(ProfileBody),
      responses: { 200: json(MeSchema, "Current user"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const ctx = userCtx(c);
      await updateProfile({ ctx, input: c.req.valid("json") });
      return c.json(await getMe({ ctx, input: undefined }), 200);
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/switch-workspace",
      summary: "Sign in to another workspace the user belongs to",
      description: "Answers a new token pair for `workspace_id` (404 if the caller is not an active member there) and sets the refresh cookie.",
      security: BEARER,
      middleware: [requireAuth] as const,
      request: body(z.strictObject({ workspace_id: z.string().min(1).max(64) })),
      responses: { 200: json(TokenResponseSchema, "Signed in to the workspace"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const tokens = await switchWorkspace({ ctx: requestCtx(c), input: { userId: userCtx(c).auth.userId, workspaceId: c.req.valid("json").workspace_id } });
      c.header("Set-Cookie", refreshCookie(tokens.refresh_token, c.req.url), { append: true });
      return c.json(tokens, 200);
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/verify-email",
      summary: "Confirm an email address with the mailed token",
      request: body(z.strictObject({ token: OneTimeToken })),
      responses: { 200: json(z.object({ ok: z.literal(true), email_verified: z.literal(true) }), "Confirmed"), ...errorResponses(400) },
    }),
    async (c) => {
      await verifyEmail({ ctx: requestCtx(c), input: c.req.valid("json") });
      return c.json({ ok: true as const, email_verified: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/resend-verification",
      summary: "Mail a new email-verification link",
      security: BEARER,
      middleware: [requireAuth] as const,
      responses: { 200: json(Ok, "Sent"), ...errorResponses(400, 401, 429) },
    }),
    async (c) => {
      await resendVerification({ ctx: userCtx(c), input: undefined });
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/forgot-password",
      summary: "Mail a password-reset link",
      description:
        "Answers 200 with the same body and about the same time whether or not the email has an account. At most 3 mails per email per 15 minutes (further asks are dropped silently) and 10 asks per IP per hour (429 RATE_LIMITED).",
      request: body(z.strictObject({ email: Email })),
      responses: { 200: json(Ok, "If the account exists, a link was mailed"), ...errorResponses(400, 429) },
    }),
    async (c) => {
      await forgotPassword({ ctx: requestCtx(c), input: c.req.valid("json") });
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/reset-password",
      summary: "Set a new password with the mailed token",
      description: "The token is single-use and valid for 1 hour. Every session of the user ends.",
      request: body(z.strictObject({ token: OneTimeToken, password: Password })),
      responses: { 200: json(Ok, "Password changed"), ...errorResponses(400) },
    }),
    async (c) => {
      await resetPassword({ ctx: requestCtx(c), input: c.req.valid("json") });
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "get",
      path: "/providers",
      summary: "Which sign-in methods this server offers",
      responses: { 200: json(z.object({ google: z.boolean(), mfa: z.boolean() }), "Available methods") },
    }),
    (c) => c.json({ google: googleConfigured(c.env), mfa: true }, 200),
  )
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/mfa/setup",
      summary: "Start two-factor setup",
      description: "Returns a new TOTP secret and its otpauth:// URI once; the secret is stored encrypted and is not active until /mfa/enable.",
      security: BEARER,
      middleware: [requireAuth] as const,
      responses: { 200: json(z.object({ secret: z.string(), otpauth_uri: z.string() }), "Scan this"), ...errorResponses(401, 403, 409) },
    }),
    async (c) => c.json(await setupMfa({ ctx: userCtx(c), input: undefined }), 200),
  )
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/mfa/enable",
      summary: "Turn two-factor on with a current code",
      security: BEARER,
      middleware: [requireAuth] as const,
      request: body(z.strictObject({ code: Code })),
      responses: { 200: json(z.object({ mfa_enabled: z.boolean() }), "Enabled"), ...errorResponses(400, 401, 409) },
    }),
    async (c) => {
      await enableMfa({ ctx: userCtx(c), input: c.req.valid("json") });
      return c.json({ mfa_enabled: true }, 200);
    },
  )
  .openapi(
    createRoute({
      tags,
      method: "post",
      path: "/mfa/disable",
      summary: "Turn two-factor off with a current code",
      security: BEARER,
      middleware: [requireAuth] as const,
      request: body(z.strictObject({ code: Code })),
      responses: { 200: json(z.object({ mfa_enabled: z.boolean() }), "Disabled"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      await disableMfa({ ctx: userCtx(c), input: c.req.valid("json") });
      return c.json({ mfa_enabled: false }, 200);
    },
  )
  .openapi(
    createRoute({
      tags, method: "get", path: "/google", summary: "Start Google sign-in (browser navigation)",
      description: "Redirects to Google with state and PKCE cookies; shown on the login page when `GET /auth/providers` says `google: true`.",
      responses: { 302: { description: "Redirect to Google's consent screen" }, ...errorResponses(501) },
    }),
    (c) => {
      const { url, state, codeVerifier } = beginGoogleSignIn(c.env);
      // Lax, not Strict: the browser comes back from accounts.google.com with a top-level navigation.
      const opts = { path: OAUTH_COOKIE_PATH, httpOnly: true, secure: !isLocalHttp(c.req.url), sameSite: "Lax" as const, maxAge: 600 };
      setCookie(c, OAUTH_STATE, state, opts);
      setCookie(c, OAUTH_VERIFIER, codeVerifier, opts);
      return c.redirect(url, 302);
    },
  )
  .openapi(
    createRoute({
      tags, method: "get", path: "/google/callback", summary: "Google sign-in callback (browser navigation)",
      description: "Google redirects here; the browser is sent on to `/login?oauth=google` signed in (refresh cookie set) or `/login?oauth_error=<CODE>`.",
      request: { query: z.object({ state: z.string().optional(), code: z.string().optional() }) },
      responses: { 302: { description: "Redirect to the dashboard's login page" }, ...errorResponses(501) },
    }),
    async (c) => {
      if (!googleConfigured(c.env)) throw new AppError(501, "OAUTH_NOT_CONFIGURED", "Google sign-in is not configured on this server");
      const appUrl = c.env.APP_URL.replace(/\/$/, "");
      const state = c.req.query("state");
      const code = c.req.query("code");
      const expected = getCookie(c, OAUTH_STATE);
      const verifier = getCookie(c, OAUTH_VERIFIER);
      deleteCookie(c, OAUTH_STATE, { path: OAUTH_COOKIE_PATH });
      deleteCookie(c, OAUTH_VERIFIER, { path: OAUTH_COOKIE_PATH });
      if (!state || !code || !expected || !verifier || state !== expected) return c.redirect(`${appUrl}/login?oauth_error=INVALID_OAUTH_STATE`, 302);
      try {
        const tokens = await completeGoogleSignIn({ ctx: requestCtx(c), input: { code, codeVerifier: verifier } });
        c.header("Set-Cookie", refreshCookie(tokens.refresh_token, c.req.url), { append: true });
        // No token in the URL: the dashboard exchanges the refresh cookie at /auth/refresh.
        return c.redirect(`${appUrl}/login?oauth=google`, 302);
      } catch (err) {
        const codeName = err instanceof AppError ? err.code : "OAUTH_FAILED";
        if (!(err instanceof AppError)) console.error("google sign-in failed", err);
        return c.redirect(`${appUrl}/login?oauth_error=${encodeURIComponent(codeName)}`, 302);
      }
    },
  );
