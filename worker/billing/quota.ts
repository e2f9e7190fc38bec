/**
 * The one place limits are enforced. Domains call `assertCanAdd` before they
 * create something a plan counts (chatbots, seats, channel connections of any type) and
 * `monthlyAllowance` before they spend a monthly allowance (conversations, AI
 * replies). Input validation runs before these calls, so a bad request is a
 * 400 whatever the plan.
 */
import { AppError } from "../lib/errors";
import { nextPlanFor, planOf, type Plan, type PlanLimits } from "./plans";
import { countUsage, type CountedResource, type MonthlyResource } from "./usage";

export type QuotaEnv = Pick<Env, "DB" | "APP_URL">;

export interface WorkspacePlan {
  plan: Plan;
  workspaceId: string;
}

/** Days a workspace keeps its paid plan after a failed payment before it counts as free. */
export const PAST_DUE_GRACE_DAYS = 7;

/**
 * The workspace's effective plan: an expired override (a comp or a prepaid
 * PromptPay period) or a payment that failed more than the grace period ago
 * counts as free. Nothing is deleted: over-limit things stay, adding more is refused.
 */
export async function workspacePlan(env: Pick<Env, "DB">, workspaceId: string): Promise<WorkspacePlan> {
  const row = await env.DB.prepare(`select plan, plan_expires_at, billing_status, past_due_since from workspaces where id = ?1`)
    .bind(workspaceId)
    .first<{ plan: string; plan_expires_at: string | null; billing_status: string; past_due_since: string | null }>();
  return { plan: planOf(row ? effectivePlanId(row) : "free"), workspaceId };
}

export function effectivePlanId(row: { plan: string; plan_expires_at: string | null; billing_status: string; past_due_since: string | null }, now = Date.now()): string {
  if (row.plan_expires_at != null && Date.parse(row.plan_expires_at) <= now) return "free";
  if (row.billing_status === "past_due" && row.past_due_since && now - Date.parse(row.past_due_since) > PAST_DUE_GRACE_DAYS * 86_400_000) return "free";
  return row.plan;
}

const LIMIT_OF: Record<CountedResource | MonthlyResource, keyof PlanLimits> = {
  chatbots: "chatbots",
  seats: "seats",
  channels: "channels",
  conversations: "conversations_per_month",
  ai_replies: "ai_replies_per_month",
};

export function upgradeUrl(env: Pick<Env, "APP_URL">): string {
  return `${env.APP_URL.replace(/\/$/, "")}/billing`;
}

export function planLimitError(env: Pick<Env, "APP_URL">, plan: Plan, resource: CountedResource | MonthlyResource, limit: number, used: number): AppError {
  const suggested = nextPlanFor(LIMIT_OF[resource], used);
  return new AppError(402, "PLAN_LIMIT", `Your ${plan.name} plan allows ${limit} ${resource.replace("_", " ")}; upgrade to add more`, {
    resource,
    limit,
    used,
    plan: plan.id,
    suggested_plan: suggested,
    upgrade_url: upgradeUrl(env),
  });
}

/** Throws 402 PLAN_LIMIT when adding `count` more of `resource` would go over the plan's limit. */
export async function assertCanAdd(env: QuotaEnv, workspaceId: string, resource: CountedResource, count = 1): Promise<void> {
  const { plan } = await workspacePlan(env, workspaceId);
  const limit = plan.limits[LIMIT_OF[resource]];
  if (limit === null) return;
  const used = await countUsage(env, workspaceId, resource);
  if (used + count > limit) throw planLimitError(env, plan, resource, limit, used);
}

export interface Allowance {
  allowed: boolean;
  limit: number | null;
  used: number;
  plan: Plan;
}

/** How much of a monthly allowance is used; callers decide how to degrade (never fail a visitor silently). */
export async function monthlyAllowance(env: QuotaEnv, workspaceId: string, resource: MonthlyResource): Promise<Allowance> {
  const { plan } = await workspacePlan(env, workspaceId);
  const limit = plan.limits[LIMIT_OF[resource]];
  if (limit === null) return { allowed: true, limit, used: 0, plan };
  const used = await countUsage(env, workspaceId, resource);
  return { allowed: used < limit, limit, used, plan };
}
