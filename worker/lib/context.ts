import type { Role } from "../auth/permissions";

/** Who is calling: a dashboard user (JWT) or a workspace API key. */
export interface AuthContext {
  workspaceId: string;
  role: Role;
  userId: string | null;
  apiKeyId: string | null;
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
  };
};
