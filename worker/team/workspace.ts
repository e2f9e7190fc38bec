import { recordAudit } from "../audit/record";
import { notFound } from "../lib/errors";
import { nowIso } from "../lib/ids";
import { auditTarget, type TeamCtx } from "./context";

interface WorkspaceRow {
  id: string;
  name: string;
  slug: string;
  plan: string;
  created_at: string;
  updated_at: string;
}

export async function getWorkspace(ctx: TeamCtx) {
  const ws = await ctx.env.DB.prepare(`select id, name, slug, plan, created_at, updated_at from workspaces where id = ?1 and deleted_at is null`)
    .bind(ctx.auth.workspaceId)
    .first<WorkspaceRow>();
  if (!ws) throw notFound("Workspace");
  const counts = await ctx.env.DB.prepare(`select count(*) as members from memberships where workspace_id = ?1 and status = 'active'`)
    .bind(ctx.auth.workspaceId)
    .first<{ members: number }>();
  return { ...ws, member_count: counts?.members ?? 0, role: ctx.auth.role };
}

export async function updateWorkspace(ctx: TeamCtx, input: { name?: string }) {
  const before = await getWorkspace(ctx);
  if (input.name !== undefined && input.name !== before.name) {
    await ctx.env.DB.prepare(`update workspaces set name = ?1, updated_at = ?2 where id = ?3`).bind(input.name, nowIso(), ctx.auth.workspaceId).run();
    await recordAudit(auditTarget(ctx), ctx.auth, {
      action: "workspace.updated",
      resource_type: "workspace",
      resource_id: ctx.auth.workspaceId,
      changes: { before: { name: before.name }, after: { name: input.name } },
    });
  }
  return getWorkspace(ctx);
}
