import { notFound } from "../lib/errors";
import { nowIso } from "../lib/ids";
import type { Call } from "../lib/service";

export interface NotificationOut {
  id: string;
  type: string;
  data: Record<string, unknown>;
  read_at: string | null;
  created_at: string;
}

interface Row {
  id: string;
  type: string;
  data: string;
  read_at: string | null;
  created_at: string;
}

// notifications are made in worker/notifications/dispatch.ts (per member preferences); rows with shown = 0 exist only for idempotency
export async function listNotifications({ ctx, input }: Call<{ unreadOnly?: boolean; limit?: number }>): Promise<{ data: NotificationOut[]; unread_count: number }> {
  const limit = input.limit ?? 50;
  const { results } = await ctx.env.DB.prepare(
    `select id, type, data, read_at, created_at from notifications
     where workspace_id = ?1 and user_id = ?2 and shown = 1 ${input.unreadOnly ? "and read_at is null" : ""}
     order by created_at desc, id desc limit ?3`,
  )
    .bind(ctx.auth.workspaceId, ctx.auth.userId, limit)
    .all<Row>();
  return { data: results.map(shape), unread_count: await unreadCount(ctx.env, ctx.auth.workspaceId, ctx.auth.userId) };
}

async function unreadCount(env: Env, workspaceId: string, userId: string | null): Promise<number> {
  const unread = await env.DB.prepare(`select count(*) as n from notifications where workspace_id = ?1 and user_id = ?2 and read_at is null and shown = 1`)
    .bind(workspaceId, userId)
    .first<{ n: number }>();
  return unread?.n ?? 0;
}

const shape = (r: Row): NotificationOut => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> });

export async function markNotificationRead({ ctx, input: { id } }: Call<{ id: string }>): Promise<NotificationOut> {
  const now = nowIso();
  await ctx.env.DB.prepare(`update notifications set read_at = coalesce(read_at, ?1) where id = ?2 and workspace_id = ?3 and user_id = ?4 and shown = 1`)
    .bind(now, id, ctx.auth.workspaceId, ctx.auth.userId)
    .run();
  const row = await ctx.env.DB.prepare(`select id, type, data, read_at, created_at from notifications where id = ?1 and workspace_id = ?2 and user_id = ?3 and shown = 1`)
    .bind(id, ctx.auth.workspaceId, ctx.auth.userId)
    .first<Row>();
  if (!row) throw notFound("Notification");
  return shape(row);
}

/** Marks every unread notification of the member read; answers how many changed. */
export async function markAllNotificationsRead({ ctx }: Call<void>): Promise<{ updated: number; unread_count: number }> {
  const r = await ctx.env.DB.prepare(`update notifications set read_at = ?1 where workspace_id = ?2 and user_id = ?3 and read_at is null`)
    .bind(nowIso(), ctx.auth.workspaceId, ctx.auth.userId)
    .run();
  return { updated: r.meta.changes ?? 0, unread_count: 0 };
}
