import { recordAudit } from "../audit/record";
import { notFound, unauthorized } from "../lib/errors";
import type { Call, RequestCtx } from "../lib/service";
import { pickMembership } from "./login";
import { type ClientInfo, type TokenResponse, startSession } from "./sessions";

/**
 * Signs the caller in to another workspace they are an active member of
 * (a new session family there); the current session stays valid.
 */
export async function switchWorkspace({ ctx, input: { userId, workspaceId } }: Call<{ userId: string; workspaceId: string }, RequestCtx>): Promise<TokenResponse> {
  const { env } = ctx;
  const client: ClientInfo = ctx.client ?? { ip: null, userAgent: null };
  const membership = await pickMembership(env, userId, workspaceId);
  if (!membership) throw notFound("Workspace");
  const user = await env.DB.prepare(`select id, email, name from users where id = ?1 and status = 'active'`)
    .bind(userId)
    .first<{ id: string; email: string; name: string }>();
  if (!user) throw unauthorized();
  const tokens = await startSession(env, user, membership.workspace_id, membership.role, client);
  await recordAudit(ctx, { workspaceId: membership.workspace_id, userId }, { action: "user.login", resource_type: "user", resource_id: userId, changes: { method: "switch_workspace" } });
  return tokens;
}
