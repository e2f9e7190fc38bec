import type { AuthContext } from "../lib/context";

/** What every inbox verb receives: the bindings and the authenticated caller. */
export interface InboxCtx {
  env: Env;
  auth: AuthContext;
}

export const isAdmin = (auth: AuthContext) => auth.role === "owner" || auth.role === "admin";
