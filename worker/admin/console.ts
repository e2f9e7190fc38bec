/**
 * The platform operators' console: figures across workspaces, the workspace
 * list and a read-only support view, and the few actions operators take
 * (suspend, lift a suspension, comp a plan until a date). Every action is
 * written to the platform audit log. There is no impersonation.
 */
import { setWorkspacePlan } from "../billing/plan-change";
import { PLANS, type PlanId } from "../billing/plans";
import { workspacePlan } from "../billing/quota";
import { usageSnapshot } from "../billing/usage";
import { notFound } from "../lib/errors";
import { closeWorkspaceSockets } from "./suspension";
import { newId, nowIso } from "../lib/ids";

type AdminEnv = Pick<Env, "DB" | "APP_URL">;

/** Writes one operator action to the platform audit log. */
export async function recordPlatformAction(env: Pick<Env, "DB">, adminUserId: string, action: string, workspaceId: string | null, details: unknown) {
  await env.DB.prepare(`insert into platform_audit (id, admin_user_id, action, workspace_id, details, created_at) values (?1, ?2, ?3, ?4, ?5, ?6)`)
    .bind(newId("pau"), adminUserId, action, workspaceId, details === undefined ? null : JSON.stringify(details), nowIso())
    .run();
}

export async function platformOverview(env: AdminEnv) {
  const { results: byPlan } = await env.DB.prepare(
    `select plan, billing_status as status, count(*) as n from workspaces where deleted_at is null group by plan, billing_status`,
  ).all<{ plan: string; status: string; n: number }>();
  const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const { results: perDay } = await env.DB.prepare(
    `select substr(created_at, 1, 10) as day, count(*) as messages, sum(case when role = 'bot' then 1 else 0 end) as ai_replies
     from messages where created_at >= ?1 group by day order by day`,
  )
    .bind(since)
    .all<{ day: string; messages: number; ai_replies: number }>();
  const { results: convPerDay } = await env.DB.prepare(`select substr(created_at, 1, 10) as day, count(*) as conversations from conversations where created_at >= ?1 group by day order by day`)
    .bind(since)
    .all<{ day: string; conversations: number }>();
  const canceled30 = await env.DB.prepare(`select count(*) as n from billing_events where type = 'customer.subscription.deleted' and received_at >= ?1`)
    .bind(new Date(Date.now() - 30 * 86_400_000).toISOString())
    .first<{ n: number }>();
  // monthly recurring revenue: paying workspaces at their plan's monthly THB price (yearly counted as a twelfth)
  let mrr = 0;
  const { results: paying } = await env.DB.prepare(
    `select plan, billing_interval as interval, count(*) as n from workspaces where billing_status in ('active', 'past_due') and deleted_at is null group by plan, billing_interval`,
  ).all<{ plan: string; interval: string | null; n: number }>();
  for (const p of paying) {
    const plan = PLANS[p.plan as PlanId];
    if (plan) mrr += p.n * (p.interval === "yearly" ? Math.round(plan.prices.thb.yearly / 12) : plan.prices.thb.monthly);
  }
  return {
    workspaces: { total: byPlan.reduce((a, r) => a + r.n, 0), by_plan: byPlan },
    mrr: { currency: "THB", amount: mrr },
    churned_last_30_days: canceled30?.n ?? 0,
    activity: perDay.map((d) => ({ ...d, conversations: convPerDay.find((c) => c.day === d.day)?.conversations ?? 0 })),
  };
}

export async function listWorkspaces(env: AdminEnv, q: { search?: string; plan?: string; suspended?: boolean; limit: number; offset: number }) {
  const where = ["deleted_at is null"];
  const binds: unknown[] = [];
  if (q.search) {
    binds.push(`%${q.search.replace(/[%_]/g, "")}%`);
    where.push(`(name like ?${binds.length} or slug like ?${binds.length} or id = ?${binds.length + 1} or exists (select 1 from memberships m join users u on u.id = m.user_id where m.workspace_id = workspaces.id and u.email like ?${binds.length}))`);
    binds.push(q.search);
  }
  if (q.plan) {
    binds.push(q.plan);
    where.push(`plan = ?${binds.length}`);
  }
  if (q.suspended !== undefined) where.push(q.suspended ? "suspended_at is not null" : "suspended_at is null");
  binds.push(q.limit, q.offset);
  const { results } = await env.DB.prepare(
    `select id, name, slug, plan, billing_status as status, suspended_at, plan_expires_at, created_at from workspaces
     where ${where.join(" and ")} order by created_at desc limit ?${binds.length - 1} offset ?${binds.length}`,
  )
    .bind(...binds)
    .all();
  return { data: results };
}

export async function workspaceDetail(env: AdminEnv, workspaceId: string) {
  const ws = await env.DB.prepare(
    `select id, name, slug, plan, billing_status as status, billing_interval as interval, trial_ends_at, current_period_end, past_due_since,
            plan_expires_at, suspended_at, created_at from workspaces where id = ?1 and deleted_at is null`,
  )
    .bind(workspaceId)
    .first();
  if (!ws) throw notFound("Workspace");
  const { results: members } = await env.DB.prepare(
    `select u.id, u.name, u.email, m.role, m.status, u.last_login_at from memberships m join users u on u.id = m.user_id where m.workspace_id = ?1 order by m.created_at`,
  )
    .bind(workspaceId)
    .all();
  const { plan } = await workspacePlan(env, workspaceId);
  return { workspace: ws, effective_plan: plan.id, usage: await usageSnapshot(env, workspaceId), members };
}

async function assertExists(env: AdminEnv, workspaceId: string) {
  const row = await env.DB.prepare(`select id from workspaces where id = ?1 and deleted_at is null`).bind(workspaceId).first();
  if (!row) throw notFound("Workspace");
}

export async function suspendWorkspace(env: AdminEnv & Pick<Env, "WORKSPACE_HUB" | "CONVERSATION">, adminUserId: string, workspaceId: string, reason: string) {
  await assertExists(env, workspaceId);
  await env.DB.prepare(`update workspaces set suspended_at = coalesce(suspended_at, ?2) where id = ?1`).bind(workspaceId, nowIso()).run();
  // open sockets close now (new ones are refused from here on)
  await closeWorkspaceSockets(env, workspaceId);
  await recordPlatformAction(env, adminUserId, "workspace.suspended", workspaceId, { reason });
  return workspaceDetail(env, workspaceId);
}

export async function unsuspendWorkspace(env: AdminEnv, adminUserId: string, workspaceId: string) {
  await assertExists(env, workspaceId);
  await env.DB.prepare(`update workspaces set suspended_at = null where id = ?1`).bind(workspaceId).run();
  await recordPlatformAction(env, adminUserId, "workspace.unsuspended", workspaceId, undefined);
  return workspaceDetail(env, workspaceId);
}

/** Comps a plan (or extends a trial) until `expiresAt`; after it the workspace counts as free again unless it pays. */
export async function overridePlan(env: AdminEnv, adminUserId: string, workspaceId: string, plan: PlanId, expiresAt: string | null, note: string | null) {
  await assertExists(env, workspaceId);
  await setWorkspacePlan(env, workspaceId, plan, { expiresAt });
  await recordPlatformAction(env, adminUserId, "workspace.plan_overridden", workspaceId, { plan, expires_at: expiresAt, note });
  return workspaceDetail(env, workspaceId);
}

export async function platformAuditLog(env: AdminEnv, limit: number) {
  const { results } = await env.DB.prepare(
    `select a.id, a.action, a.workspace_id, a.details, a.created_at, u.email as admin_email from platform_audit a left join users u on u.id = a.admin_user_id order by a.created_at desc limit ?1`,
  )
    .bind(limit)
    .all<{ details: string | null }>();
  return { data: results.map((r) => ({ ...r, details: r.details ? JSON.parse(r.details) : null })) };
}
