import type { Context } from "hono";
import type { AppEnv, AuthContext } from "../lib/context";
import { forbidden } from "../lib/errors";
import type { Role } from "../auth/permissions";

/** What a team verb needs: bindings, the caller, and (for audit IP/UA) the request. */
export interface TeamCtx {
  env: Env;
  auth: AuthContext;
  http?: Context<AppEnv>;
}

export const teamCtx = (c: Context<AppEnv>): TeamCtx => ({ env: c.env, auth: c.get("auth"), http: c });
export const auditTarget = (ctx: TeamCtx) => ctx.http ?? ctx.env;

const RANK: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

/** Nobody can grant a role above their own. */
export function assertCanGrant(ctx: TeamCtx, role: Role): void {
  if (RANK[role] > RANK[ctx.auth.role]) throw forbidden(`Your role cannot grant the ${role} role`, "ROLE_TOO_HIGH");
}

/** Admins cannot change, deactivate or remove owners. */
export function assertCanManage(ctx: TeamCtx, targetRole: Role): void {
  if (targetRole === "owner" && ctx.auth.role !== "owner") throw forbidden("Only an owner can change another owner", "OWNER_PROTECTED");
}
