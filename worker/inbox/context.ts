import type { AuthContext } from "../lib/context";

/** What every inbox verb receives: the bindings and the authenticated caller. */
export interface InboxCtx {
  env: Env;
  auth: AuthContext;
}

/** An owner or admin signed in as themself; an API key is never an admin for ownership rules. */
export const isAdmin = (auth: AuthContext) => !auth.apiKeyId && (auth.role === "owner" || auth.role === "admin");
