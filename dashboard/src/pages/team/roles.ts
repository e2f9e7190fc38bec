import type { Role } from "../../lib/auth";

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  agent: "Agent",
  viewer: "Viewer",
};

export const ROLE_HELP: Record<Role, string> = {
  owner: "Full access including billing",
  admin: "Manage team, chatbots and settings",
  agent: "Answer conversations, edit chatbots and knowledge",
  viewer: "Read-only access",
};

/** Roles the current user may hand out: only an owner can make another owner. */
export function assignableRoles(myRole: Role | undefined): Role[] {
  return myRole === "owner" ? ["owner", "admin", "agent", "viewer"] : ["admin", "agent", "viewer"];
}
