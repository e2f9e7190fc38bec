import type { MessageKey } from "../../i18n";
import type { Role } from "../../lib/auth";

/** Message keys of each role's name (`t(ROLE_LABELS[role])`). */
export const ROLE_LABELS: Record<Role, MessageKey> = {
  owner: "role.owner",
  admin: "role.admin",
  agent: "role.agent",
  viewer: "role.viewer",
};

/** Message keys of what each role may do. */
export const ROLE_HELP: Record<Role, MessageKey> = {
  owner: "role.help.owner",
  admin: "role.help.admin",
  agent: "role.help.agent",
  viewer: "role.help.viewer",
};

/** Roles the current user may hand out: only an owner can make another owner. */
export function assignableRoles(myRole: Role | undefined): Role[] {
  return myRole === "owner" ? ["owner", "admin", "agent", "viewer"] : ["admin", "agent", "viewer"];
}
