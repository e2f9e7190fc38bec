import { PLANS, type Plan, type PlanId } from "./plans";
import { monthlyWarnings } from "./warnings";
import { workspacePlan } from "./quota";
import { currentPeriod, usageSnapshot } from "./usage";

/** What the Billing page shows: the plan, its limits, what is used, and the plans one can move to. */
export async function billingSummary(env: Pick<Env, "DB" | "APP_URL">, workspaceId: string) {
  const { plan } = await workspacePlan(env, workspaceId);
  const row = await env.DB.prepare(
    `select billing_status, billing_interval, trial_ends_at, current_period_end, past_due_since, plan_expires_at from workspaces where id = ?1`,
  )
    .bind(workspaceId)
    .first<{ billing_status: string; billing_interval: string | null; trial_ends_at: string | null; current_period_end: string | null; past_due_since: string | null; plan_expires_at: string | null }>();
  const usage = await usageSnapshot(env, workspaceId);
  const limits = {
    chatbots: plan.limits.chatbots,
    seats: plan.limits.seats,
    conversations: plan.limits.conversations_per_month,
    ai_replies: plan.limits.ai_replies_per_month,
    knowledge_pages: plan.limits.knowledge_pages,
    storage_mb: plan.limits.storage_mb,
    channels: plan.limits.channels,
    api_requests_per_hour: plan.limits.api_requests_per_hour,
  };
  const period = currentPeriod();
  return {
    plan: planView(plan),
    status: row?.billing_status ?? "none",
    interval: row?.billing_interval ?? null,
    trial_ends_at: row?.trial_ends_at ?? null,
    current_period_end: row?.current_period_end ?? null,
    past_due_since: row?.past_due_since ?? null,
    plan_expires_at: row?.plan_expires_at ?? null,
    period: { start: period.start, end: period.end },
    limits,
    usage,
    warnings: monthlyWarnings(limits, { ...usage }),
    plans: (Object.keys(PLANS) as PlanId[]).map((id) => planView(PLANS[id])),
  };
}

function planView(plan: Plan) {
  return { id: plan.id, name: plan.name, prices: plan.prices, limits: plan.limits, features: plan.features };
}
