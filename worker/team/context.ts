import { forbidden } from "../lib/errors";
import type { ServiceCtx } from "../lib/service";
import type { Role } from "../auth/permissions";

const RANK: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

/** Nobody can grant a role above their own. */
export function assertCanGrant(ctx: ServiceCtx, role: Role): void {
  if (RANK[role] > RANK[ctx.auth.role]) throw forbidden(`Your role cannot grant the ${role} role`, "ROLE_TOO_HIGH");
}

/** Admins cannot change, deactivate or remove owners. */
export function assertCanManage(ctx: ServiceCtx, targetRole: Role): void {
  if (targetRole === "owner" && ctx.auth.role !== "owner") throw forbidden("Only an owner can change another owner", "OWNER_PROTECTED");
}
