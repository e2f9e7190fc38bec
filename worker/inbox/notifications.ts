import { notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import type { Call, ServiceCtx } from "../lib/service";

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

/** Writes one notification row per user; returns the ids by user. */
export async function createNotifications(
  env: Env,
  workspaceId: string,
  userIds: string[],
  type: string,
  data: Record<string, unknown>,
): Promise<NotificationOut[]> {
  if (userIds.length === 0) return [];
  const now = nowIso();
  const out = userIds.map((userId) => ({ userId, n: { id: newId("ntf"), type, data, read_at: null, created_at: now } satisfies NotificationOut }));
  await env.DB.batch(
    out.map(({ userId, n }) =>
      env.DB.prepare(`insert into notifications (id, workspace_id, user_id, type, data, created_at) values (?1, ?2, ?3, ?4, ?5, ?6)`).bind(
        n.id,
        workspaceId,
        userId,
        type,
        JSON.stringify(data),
        now,
      ),
    ),
  );
  return out.map((o) => o.n);
}

export async function listNotifications({ ctx, input }: Call<{ unreadOnly?: boolean; limit?: number }>): Promise<{ data: NotificationOut[]; unread_count: number }> {
  const limit = input.limit ?? 50;
  const { results } = await ctx.env.DB.prepare(
    `select id, type, data, read_at, created_at from notifications
     where workspace_id = ?1 and user_id = ?2 ${input.unreadOnly ? "and read_at is null" : ""}
     order by created_at desc, id desc limit ?3`,
  )
    .bind(ctx.auth.workspaceId, ctx.auth.userId, limit)
    .all<Row>();
  const unread = await ctx.env.DB.prepare(`select count(*) as n from notifications where workspace_id = ?1 and user_id = ?2 and read_at is null`)
    .bind(ctx.auth.workspaceId, ctx.auth.userId)
    .first<{ n: number }>();
  return {
    data: results.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> })),
    unread_count: unread?.n ?? 0,
  };
}

export async function markNotificationRead({ ctx, input: { id } }: Call<{ id: string }>): Promise<NotificationOut> {
  const now = nowIso();
  await ctx.env.DB.prepare(`update notifications set read_at = coalesce(read_at, ?1) where id = ?2 and workspace_id = ?3 and user_id = ?4`)
    .bind(now, id, ctx.auth.workspaceId, ctx.auth.userId)
    .run();
  const row = await ctx.env.DB.prepare(`select id, type, data, read_at, created_at from notifications where id = ?1 and workspace_id = ?2 and user_id = ?3`)
    .bind(id, ctx.auth.workspaceId, ctx.auth.userId)
    .first<Row>();
  if (!row) throw notFound("Notification");
  return { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
}
