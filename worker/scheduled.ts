import { flushAllSearchIndexes } from "./inbox/search";
import { recrawlDueSources } from "./knowledge/crawl/schedule";
import { DAILY_CRON, dataRightsJob } from "./privacy/daily";
import { expireDueOrders } from "./commerce/orders/orders";
import { remindUnpaidOrders } from "./commerce/orders/reminders";
import { loadAnalytics, loadAutomation, loadNotify, loadPlanPayments } from "./lazy";
/** Cron entry (wrangler.toml `[triggers]`): each job decides from the cron expression whether it runs. */
export type ScheduledJob = (controller: ScheduledController, env: Env, ctx: ExecutionContext) => Promise<void>;

export const SCHEDULED_JOBS: ScheduledJob[] = [];
SCHEDULED_JOBS.push(recrawlDueSources);
// daily: purge deleted chatbots/workspaces after their grace period, retention, 90-day archive
SCHEDULED_JOBS.push(dataRightsJob);
// Thai message text is segmented in the Worker; catch up on messages no search has touched yet
SCHEDULED_JOBS.push(async (_controller, env) => {
  await flushAllSearchIndexes(env);
});

// unpaid orders past their payment window give their stock back (also done lazily before checkouts and order reads)
SCHEDULED_JOBS.push(async (_controller, env) => {
  while ((await expireDueOrders(env)) === 100);
  // and shortly before that, a gentle reminder in the conversation (abandoned-checkout follow-up)
  while ((await remindUnpaidOrders(env)) === 100);
});

// analytics: roll up what conversations flushed since the last run (reports also catch up on read)
SCHEDULED_JOBS.push(async (_controller, env) => {
  await (await loadAnalytics()).rollupPending(env.DB, null, 100);
});

// a week before a PromptPay-prepaid plan lapses to free, its owners are told once
SCHEDULED_JOBS.push(async (_controller, env) => {
  await (await loadPlanPayments()).remindLapsingPrepaidPlans(env);
});

// daily: the summary email to the members who asked for it
SCHEDULED_JOBS.push(async (controller, env) => {
  if (controller.cron !== DAILY_CRON) return;
  await (await loadNotify()).sendDailyDigests(env);
});

// automation rules: idle conversations, and orders paid or abandoned since the last scans
SCHEDULED_JOBS.push(async (_controller, env) => {
  const automation = await loadAutomation();
  await automation.scanIdleConversations(env);
  await automation.scanOrderEvents(env);
});

export async function runScheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
  for (const job of SCHEDULED_JOBS) {
    ctx.waitUntil(job(controller, env, ctx).catch((err) => console.error("scheduled job failed", err)));
  }
}
