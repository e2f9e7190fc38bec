/**
 * Tells a workspace's owners once per period when a monthly allowance
 * reaches 80 % and again at 100 % (email; the Billing page and the home page
 * show the same warnings in-app from `GET /billing`).
 */
import { sendEmail, type MailEnv } from "../notify/email";
import { upgradeUrl } from "./quota";
import { currentPeriod, type MonthlyResource } from "./usage";

const LABEL: Record<MonthlyResource, string> = { conversations: "conversations", ai_replies: "AI replies" };

export async function alertUsage(env: MailEnv & Pick<Env, "APP_URL">, workspaceId: string, metric: MonthlyResource, used: number, limit: number): Promise<void> {
  const level = used >= limit ? 100 : used >= limit * 0.8 ? 80 : 0;
  if (!level) return;
  const period = currentPeriod().key;
  const inserted = await env.DB.prepare(
    `insert into usage_alerts (workspace_id, period, metric, threshold, sent_at) values (?1, ?2, ?3, ?4, ?5) on conflict do nothing returning threshold`,
  )
    .bind(workspaceId, period, metric, level, new Date().toISOString())
    .first();
  if (!inserted) return;
  const { results: owners } = await env.DB.prepare(
    `select u.email, w.name as workspace from memberships m join users u on u.id = m.user_id join workspaces w on w.id = m.workspace_id
     where m.workspace_id = ?1 and m.role = 'owner' and m.status = 'active'`,
  )
    .bind(workspaceId)
    .all<{ email: string; workspace: string }>();
  const what = LABEL[metric];
  for (const owner of owners) {
    const subject = level === 100 ? `${owner.workspace}: you have used all ${limit} ${what} this month` : `${owner.workspace}: ${used} of ${limit} ${what} used this month`;
    const consequence =
      metric === "ai_replies"
        ? "The bot now hands every new question to your team instead of answering it."
        : "New conversations now go straight to your team instead of the bot.";
    const text =
      level === 100
        ? `Your plan's ${limit} ${what} for this month are used up. ${consequence} Nothing stops working for your visitors.\n\nUpgrade to lift the limit: ${upgradeUrl(env)}`
        : `Your workspace has used ${used} of the ${limit} ${what} its plan includes this month (80 %).\n\nSee usage or upgrade: ${upgradeUrl(env)}`;
    await sendEmail(env, { workspaceId, to: owner.email, subject, text });
  }
}
