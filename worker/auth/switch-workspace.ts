import { recordAudit } from "../audit/record";
import { notFound, unauthorized } from "../lib/errors";
import { pickMembership } from "./login";
import { type ClientInfo, type TokenResponse, startSession } from "./sessions";

/**
 * Signs the caller in to another workspace they are an active member of
 * (a new session family there); the current session stays valid.
 */
export async function switchWorkspace(
  env: Pick<Env, "DB" | "JWT_SECRET">,
  auditCtx: Parameters<typeof recordAudit>[0],
  userId: string,
  workspaceId: string,
  client: ClientInfo,
): Promise<TokenResponse> {
  const membership = await pickMembership(env, userId, workspaceId);
  if (!membership) throw notFound("Workspace");
  const user = await env.DB.prepare(`select id, email, name from users where id = ?1 and status = 'active'`)
    .bind(userId)
    .first<{ id: string; email: string; name: string }>();
  if (!user) throw unauthorized();
  const tokens = await startSession(env, user, membership.workspace_id, membership.role, client);
  await recordAudit(auditCtx, { workspaceId: membership.workspace_id, userId }, { action: "user.login", resource_type: "user", resource_id: userId, changes: { method: "switch_workspace" } });
  return tokens;
}
