import type { AuthContext } from "../lib/context";

/**
 * The permission matrix of spec 5.1.2 — the only place that says which role
 * may do what. `requirePermission` (auth/middleware.ts) enforces it.
 */
export const ROLES = ["owner", "admin", "agent", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "billing:manage": ["owner"],
  "workspace:delete": ["owner"],
  "chatbots:manage": ["owner", "admin"], // create, delete, clone, archive
  "chatbots:edit": ["owner", "admin", "agent"], // edit settings
  "chatbots:read": ["owner", "admin", "agent", "viewer"],
  "team:manage": ["owner", "admin"], // invite, remove, change roles
  "team:read": ["owner", "admin", "agent", "viewer"],
  "conversations:read": ["owner", "admin", "agent", "viewer"],
  "conversations:respond": ["owner", "admin", "agent"],
  "knowledge:write": ["owner", "admin", "agent"],
  "knowledge:read": ["owner", "admin", "agent", "viewer"],
  "analytics:read": ["owner", "admin", "agent", "viewer"],
  "data:export": ["owner", "admin"], // transcripts, visitor data export
  "data:erase": ["owner", "admin"], // visitor data erasure
  "api:manage": ["owner", "admin"], // API keys
  "audit:read": ["owner", "admin"],
  "settings:manage": ["owner", "admin"], // workspace settings, provider secrets
  "commerce:manage": ["owner", "admin"], // catalog, payment settings, refunds
  "commerce:read": ["owner", "admin", "agent", "viewer"], // catalog and orders
  "orders:manage": ["owner", "admin", "agent"], // confirm payment, fulfil, ship, cancel; carts from the inbox
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** A user's role decides; a key needs the scope and its creator's current role (a key is never more than the person behind it). */
export function can(auth: Pick<AuthContext, "role" | "scopes">, permission: Permission): boolean {
  if (auth.scopes) return auth.scopes.includes(permission) && roleCan(auth.role, permission);
  return roleCan(auth.role, permission);
}

/** API key scopes are permission names; a key may hold any subset its creator's role has. */
export const API_SCOPES = Object.keys(PERMISSIONS) as Permission[];
