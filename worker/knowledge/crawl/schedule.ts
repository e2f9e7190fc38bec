import { and, lt, lte, ne, or, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { urlSources } from "../../db/schema";
import { startCrawl } from "./store";

/** Sources started per cron tick; the rest wait for the next one. */
const PER_TICK = 25;

/** Cron job: re-crawls URL sources whose daily/weekly schedule is due (and crawls stuck for a day). */
export async function recrawlDueSources(controller: ScheduledController, env: Env): Promise<void> {
  if (controller.cron === "0 3 * * *") return; // the 15-minute tick covers it
  const stuckBefore = new Date(Date.now() - 86_400_000).toISOString();
  const due = await getDb(env)
    .select()
    .from(urlSources)
    .where(and(ne(urlSources.schedule, "none"), lte(urlSources.nextCrawlAt, new Date().toISOString()), sql`${urlSources.nextCrawlAt} is not null`,
        or(ne(urlSources.status, "crawling"), lt(urlSources.crawlStartedAt, stuckBefore)),))
    .limit(PER_TICK);
  for (const source of due) {
    try {
      await startCrawl(env, source);
    } catch (err) {
      console.error(`scheduled re-crawl of ${source.id} failed`, err);
    }
  }
}
