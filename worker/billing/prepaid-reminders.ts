/**
 * A week before a PromptPay-prepaid plan ends (and nothing paid extends it),
 * the owners get one email saying when it lapses to free and how to pay the
 * next period. Runs from the cron (worker/scheduled.ts).
 */
import { sendEmail, type MailEnv } from "../notify/email";
import { upgradeUrl } from "./quota";

const REMIND_DAYS_BEFORE = 7;

export async function remindLapsingPrepaidPlans(env: MailEnv & Pick<Env, "APP_URL">, now = Date.now()): Promise<number> {
  const soon = new Date(now + REMIND_DAYS_BEFORE * 86_400_000).toISOString();
  // the payment whose period is the workspace's current end, not yet reminded
  const { results } = await env.DB.prepare(
    `select p.id, p.workspace_id, p.plan, w.name as workspace, w.plan_expires_at as ends from plan_payments p join workspaces w on w.id = p.workspace_id
     where p.status = 'confirmed' and p.reminded_at is null and p.period_end = w.plan_expires_at and w.plan_expires_at > ?1 and w.plan_expires_at <= ?2
     limit 100`,
  )
    .bind(new Date(now).toISOString(), soon)
    .all<{ id: string; workspace_id: string; plan: string; workspace: string; ends: string }>();
  for (const r of results) {
    const claimed = await env.DB.prepare(`update plan_payments set reminded_at = ?2 where id = ?1 and reminded_at is null`).bind(r.id, new Date(now).toISOString()).run();
    if (!claimed.meta.changes) continue;
    const { results: owners } = await env.DB.prepare(`select u.email from memberships m join users u on u.id = m.user_id where m.workspace_id = ?1 and m.role = 'owner' and m.status = 'active'`)
      .bind(r.workspace_id)
      .all<{ email: string }>();
    const day = r.ends.slice(0, 10);
    for (const o of owners) {
      await sendEmail(env, {
        workspaceId: r.workspace_id,
        to: o.email,
        subject: `${r.workspace}: your ${r.plan} plan ends on ${day}`,
        text: `The ${r.plan} plan you paid for by PromptPay runs until ${day} (UTC). After that the workspace moves to the free plan: nothing is deleted, but what is over the free limits can no longer be added to.\n\nPay the next period on the Billing page: ${upgradeUrl(env)}`,
      });
    }
  }
  return results.length;
}
