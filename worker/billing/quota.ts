/**
 * The one place limits are enforced. Domains call `assertCanAdd` before they
 * create something a plan counts (chatbots, seats, channels) and
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

/** The workspace's effective plan (an expired override or a lapsed paid period counts as free). */
export async function workspacePlan(env: Pick<Env, "DB">, workspaceId: string): Promise<WorkspacePlan> {
  const row = await env.DB.prepare(`select plan, plan_expires_at from workspaces where id = ?1`).bind(workspaceId).first<{ plan: string; plan_expires_at: string | null }>();
  const expired = row?.plan_expires_at != null && Date.parse(row.plan_expires_at) <= Date.now();
  return { plan: planOf(expired ? "free" : row?.plan), workspaceId };
}

const LIMIT_OF: Record<CountedResource | MonthlyResource, keyof PlanLimits> = {
  chatbots: "chatbots",
  seats: "seats",
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
