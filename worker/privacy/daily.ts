import { purgeDeletedChatbots } from "./chatbots";
import { applyRetention, archiveResolved } from "./retention";
import { purgeDeletedWorkspaces } from "./workspaces";

/** The cron expression of the daily run (wrangler.toml `[triggers]`). */
export const DAILY_CRON = "0 3 * * *";

/**
 * The daily data-rights run: purges workspaces and chatbots whose deletion
 * grace period is over, applies each workspace's retention, and archives
 * conversations resolved long ago. Each step runs even if another fails.
 */
export async function runDailyDataJobs(env: Env, now: Date) {
  const out: Record<string, unknown> = {};
  const steps: [string, () => Promise<unknown>][] = [
    ["workspaces_purged", () => purgeDeletedWorkspaces(env, now)],
    ["chatbots_purged", () => purgeDeletedChatbots(env, now)],
    ["retention", () => applyRetention(env, now)],
    ["archived", () => archiveResolved(env, now)],
  ];
  for (const [name, step] of steps) {
    try {
      out[name] = await step();
    } catch (err) {
      console.error(`daily data job ${name} failed`, err);
      out[name] = { error: String(err) };
    }
  }
  return out;
}

/** Cron entry: runs on the daily trigger only, with the trigger's scheduled time as "now". */
export async function dataRightsJob(controller: ScheduledController, env: Env): Promise<void> {
  if (controller.cron !== DAILY_CRON) return;
  await runDailyDataJobs(env, new Date(controller.scheduledTime));
}
