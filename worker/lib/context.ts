import type { Role } from "../auth/permissions";

/**
 * Who is calling: a dashboard user (JWT) or a workspace API key. For a key,
 * `role` is its creator's current role, and `scopes` are already narrowed to it;
 * ownership rules that favour admins (others' notes, shared filters) never
 * count a key as an admin.
 */
export interface AuthContext {
  workspaceId: string;
  role: Role;
  userId: string | null;
  apiKeyId: string | null;
  /** For an API key: the member who created it (the key acts within that member's current role). */
  keyCreatorId?: string | null;
  /** Scopes of an API key; null for users (their role decides). */
  scopes: string[] | null;
  /** The session family of a user's access token (live sockets remember it; logout closes them). */
  sessionId?: string | null;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    auth: AuthContext;
    /** The error code of a failed request, for its log line. */
    errorCode?: string;
  };
};
