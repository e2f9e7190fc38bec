import type { ServiceCtx } from "../lib/service";
import type { AuthContext } from "../lib/context";

/** The one service context (lib/service.ts). */
export type InboxCtx = ServiceCtx;

/** An owner or admin signed in as themself; an API key is never an admin for ownership rules. */
export const isAdmin = (auth: AuthContext) => !auth.apiKeyId && (auth.role === "owner" || auth.role === "admin");
