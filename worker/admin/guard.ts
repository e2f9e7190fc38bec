import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/context";
import { AppError } from "../lib/errors";

/**
 * Platform operators only. Anyone else — tenants, owners and API keys
 * included — gets the same 404 as a path that does not exist. An operator
 * must have two-factor sign-in on (403 MFA_REQUIRED until they do).
 * Runs after `requireAuth` (a dashboard session, never an API key).
 */
export const requireSuperAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const auth = c.get("auth");
  const row = auth.userId && !auth.apiKeyId
    ? await c.env.DB.prepare(`select u.mfa_enabled as mfa from platform_admins p join users u on u.id = p.user_id where p.user_id = ?1 and u.status = 'active'`)
        .bind(auth.userId)
        .first<{ mfa: number }>()
    : null;
  if (!row) throw new AppError(404, "NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`);
  if (!row.mfa) throw new AppError(403, "MFA_REQUIRED", "Platform operators must turn on two-factor sign-in first");
  await next();
});
