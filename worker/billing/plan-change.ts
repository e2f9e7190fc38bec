import { forgetAllowance } from "./bot-allowance";
import type { PlanId } from "./plans";

/**
 * Puts a workspace on `plan` (nothing is deleted on a downgrade: what is over
 * the new limits stays readable, and adding more answers 402 PLAN_LIMIT).
 */
export async function setWorkspacePlan(
  env: Pick<Env, "DB">,
  workspaceId: string,
  plan: PlanId,
  opts: { status?: "none" | "trialing" | "active" | "past_due" | "canceled"; expiresAt?: string | null } = {},
): Promise<void> {
  await env.DB.prepare(`update workspaces set plan = ?2, billing_status = coalesce(?3, billing_status), plan_expires_at = ?4, updated_at = ?5 where id = ?1`)
    .bind(workspaceId, plan, opts.status ?? null, opts.expiresAt ?? null, new Date().toISOString())
    .run();
  forgetAllowance(workspaceId);
}
