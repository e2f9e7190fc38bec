import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";

const allowed = new WeakMap<Request, string>();

/** Marks this request's Origin as allowed (its chatbot or its visitor token vouches for it). */
export function allowOrigin(req: Request, origin: string | null | undefined) {
  if (origin) allowed.set(req, origin);
}

/**
 * CORS for the widget API: preflights are answered for any origin (they grant
 * nothing by themselves); real answers, including errors, carry
 * Access-Control-Allow-Origin only for an origin the handler vouched for.
 */
export const widgetCors = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header("origin");
  if (c.req.method === "OPTIONS") {
    if (!origin) return c.body(null, 204);
    c.header("Access-Control-Allow-Origin", origin);
    c.header("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE, OPTIONS");
    c.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
    c.header("Access-Control-Max-Age", "600");
    c.header("Vary", "Origin", { append: true });
    return c.body(null, 204);
  }
  await next();
  if (c.res.status === 101) return;
  c.header("Vary", "Origin", { append: true });
  const ok = allowed.get(c.req.raw);
  if (ok && ok === origin) c.header("Access-Control-Allow-Origin", ok);
});

/**
 * The page origin a widget request comes from. Browsers omit `Origin` on
 * same-origin GETs, so a same-origin fetch (`Sec-Fetch-Site: same-origin`)
 * counts as coming from this Worker's own origin.
 */
export function requestOrigin(req: { header(name: string): string | undefined; url: string }): string | null {
  const origin = req.header("origin");
  if (origin) return origin;
  return req.header("sec-fetch-site") === "same-origin" ? new URL(req.url).origin : null;
}
