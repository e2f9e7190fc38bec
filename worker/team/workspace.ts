import { recordAudit } from "../audit/record";
import { DELETE_GRACE_DAYS } from "../privacy/chatbots";
import { type DataRetention, retentionOf } from "../privacy/retention";
import { badRequest, forbidden, notFound } from "../lib/errors";
import { nowIso } from "../lib/ids";
import type { Call, ServiceCtx } from "../lib/service";

interface WorkspaceRow {
  id: string;
  name: string;
  slug: string;
  plan: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

async function loadWorkspace(ctx: ServiceCtx): Promise<WorkspaceRow> {
  const ws = await ctx.env.DB.prepare(`select id, name, slug, plan, settings, created_at, updated_at from workspaces where id = ?1 and deleted_at is null`)
    .bind(ctx.auth.workspaceId)
    .first<WorkspaceRow>();
  if (!ws) throw notFound("Workspace");
  return ws;
}

export async function getWorkspace({ ctx }: Call<void>) {
  const { settings, ...ws } = await loadWorkspace(ctx);
  const counts = await ctx.env.DB.prepare(`select count(*) as members from memberships where workspace_id = ?1 and status = 'active'`)
    .bind(ctx.auth.workspaceId)
    .first<{ members: number }>();
  return { ...ws, member_count: counts?.members ?? 0, role: ctx.auth.role, data_retention: retentionOf(JSON.parse(settings)), timezone: timeZoneOf(JSON.parse(settings)) };
}

const timeZoneOf = (settings: { timezone?: unknown }) => (typeof settings.timezone === "string" && settings.timezone ? settings.timezone : "Asia/Bangkok");

export async function updateWorkspace({ ctx, input }: Call<{ name?: string | undefined; data_retention?: Partial<DataRetention> | undefined; timezone?: string | undefined }>) {
  const before = await getWorkspace({ ctx, input: undefined });
  if (input.name !== undefined && input.name !== before.name) {
    await ctx.env.DB.prepare(`update workspaces set name = ?1, updated_at = ?2 where id = ?3`).bind(input.name, nowIso(), ctx.auth.workspaceId).run();
    await recordAudit(ctx, ctx.auth, {
      action: "workspace.updated",
      resource_type: "workspace",
      resource_id: ctx.auth.workspaceId,
      changes: { before: { name: before.name }, after: { name: input.name } },
    });
  }
  if (input.data_retention) {
    const next: DataRetention = { ...before.data_retention, ...input.data_retention };
    if (JSON.stringify(next) !== JSON.stringify(before.data_retention)) {
      await ctx.env.DB.prepare(`update workspaces set settings = json_set(settings, '$.data_retention', json(?1)), updated_at = ?2 where id = ?3`)
        .bind(JSON.stringify(next), nowIso(), ctx.auth.workspaceId)
        .run();
      await recordAudit(ctx, ctx.auth, {
        action: "workspace.retention_changed",
        resource_type: "workspace",
        resource_id: ctx.auth.workspaceId,
        changes: { before: before.data_retention, after: next },
      });
    }
  }
  if (input.timezone !== undefined && input.timezone !== before.timezone) {
    await ctx.env.DB.prepare(`update workspaces set settings = json_set(settings, '$.timezone', ?1), updated_at = ?2 where id = ?3`)
      .bind(input.timezone, nowIso(), ctx.auth.workspaceId)
      .run();
    await recordAudit(ctx, ctx.auth, {
      action: "workspace.updated",
      resource_type: "workspace",
      resource_id: ctx.auth.workspaceId,
      changes: { before: { timezone: before.timezone }, after: { timezone: input.timezone } },
    });
  }
  return getWorkspace({ ctx, input: undefined });
}

/**
 * Deletes the workspace (owners, confirming with its name): from now on nobody
 * can sign in to it (sessions, API keys and invitations are revoked), its
 * chatbots stop loading, and after the grace period the daily job purges
 * everything it owns (worker/privacy/workspaces.ts).
 */
export async function deleteWorkspace({ ctx, input: { confirm } }: Call<{ confirm: string }>) {
  if (!ctx.auth.userId) throw forbidden("Deleting a workspace needs its signed-in owner, not an API key", "USER_REQUIRED");
  const ws = await loadWorkspace(ctx);
  if (confirm.trim() !== ws.name) throw badRequest("CONFIRMATION_MISMATCH", "Type the workspace's name exactly to confirm its deletion");
  const at = nowIso();
  const id = ctx.auth.workspaceId;
  await recordAudit(ctx, ctx.auth, { action: "workspace.deleted", resource_type: "workspace", resource_id: id, changes: { before: { name: ws.name } } });
  await ctx.env.DB.batch([
    ctx.env.DB.prepare(`update workspaces set deleted_at = ?1, updated_at = ?1 where id = ?2`).bind(at, id),
    ctx.env.DB.prepare(`update chatbots set deleted_at = coalesce(deleted_at, ?1), updated_at = ?1 where workspace_id = ?2`).bind(at, id),
    ctx.env.DB.prepare(`update sessions set revoked_at = ?1 where workspace_id = ?2 and revoked_at is null`).bind(at, id),
    ctx.env.DB.prepare(`update api_keys set revoked_at = ?1 where workspace_id = ?2 and revoked_at is null`).bind(at, id),
    ctx.env.DB.prepare(`update invitations set revoked_at = ?1 where workspace_id = ?2 and accepted_at is null and revoked_at is null`).bind(at, id),
  ]);
  return { id, deleted_at: at, purge_after: new Date(Date.parse(at) + DELETE_GRACE_DAYS * 86_400_000).toISOString() };
}
