import type { Context } from "hono";
import type { AppEnv, AuthContext } from "./context";
import { forbidden } from "./errors";

/**
 * What every domain verb receives: the bindings, the authenticated caller and
 * (for the audit log) where the request came from. Routes build it with
 * `serviceCtx(c)`; nothing below the routes sees Hono's `Context`.
 */
export interface ServiceCtx extends RequestCtx {
  auth: AuthContext;
}

/** The context of a verb about the signed-in person themselves (their profile, password, two-factor): an API key cannot call it. */
export interface UserCtx extends ServiceCtx {
  auth: AuthContext & { userId: string };
}

/** The context of a verb whose caller is not a member (a visitor's widget, a webhook): bindings and client only. */
export interface RequestCtx {
  env: Env;
  /** The caller's network address and user agent, when a request is behind the call (audit entries record them). */
  client?: { ip: string | null; userAgent: string | null };
}

/** The convention every domain verb follows: one argument, `{ ctx, input }`. */
export interface Call<I, C extends RequestCtx = ServiceCtx> {
  ctx: C;
  input: I;
}

/** The caller's network address (as Cloudflare reports it) and user agent. */
export const clientOf = (c: Context<AppEnv>): { ip: string | null; userAgent: string | null } => ({
  ip: c.req.header("cf-connecting-ip") ?? null,
  userAgent: c.req.header("user-agent")?.slice(0, 512) ?? null,
});

export const requestCtx = (c: Context<AppEnv>): RequestCtx => ({ env: c.env, client: clientOf(c) });

export const serviceCtx = (c: Context<AppEnv>): ServiceCtx => ({ ...requestCtx(c), auth: c.get("auth") });

/** The caller as a signed-in user; an API key is refused (403 USER_REQUIRED). */
export const userCtx = (c: Context<AppEnv>): UserCtx => {
  const auth = c.get("auth");
  if (!auth.userId) throw forbidden("This needs a signed-in user, not an API key", "USER_REQUIRED");
  return { ...requestCtx(c), auth: { ...auth, userId: auth.userId } };
};
