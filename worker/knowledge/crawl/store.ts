import { and, eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { crawlPages, urlSources, type UrlSource } from "../../db/schema";
import { newId, nowIso } from "../../lib/ids";
import { sendIngest } from "../ingest/messages";
import { removeSourceChunks } from "../sources/index-api";
import { pushKnowledgeStatus } from "../sources/live";

/**
 * Claims `url` for the source's current crawl run unless it is already
 * claimed in this run or the run has reached max_pages (one atomic statement,
 * so concurrent pages cannot overshoot). Returns the page id when claimed.
 */
export async function claimPage(env: Env, source: Pick<UrlSource, "id" | "workspaceId" | "run" | "maxPages">, url: string, depth: number): Promise<string | null> {
  const row = await env.DB.prepare(
    `insert into crawl_pages (id, url_source_id, workspace_id, url, depth, run, status, created_at)
     select ?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7
     where (select count(*) from crawl_pages where url_source_id = ?2 and run = ?6) < ?8
     on conflict (url_source_id, url) do update
       set run = excluded.run, depth = excluded.depth, status = 'queued', error_code = null, http_status = null
       where crawl_pages.run < excluded.run
     returning id`,
  )
    .bind(newId("page"), source.id, source.workspaceId, url, depth, source.run, nowIso(), source.maxPages)
    .first<{ id: string }>();
  return row?.id ?? null;
}

export function nextCrawlAt(schedule: UrlSource["schedule"], from = new Date()): string | null {
  if (schedule === "none") return null;
  const days = schedule === "daily" ? 1 : 7;
  return new Date(from.getTime() + days * 86_400_000).toISOString();
}

/** Starts a crawl run: bumps the run, claims the seed page and queues it. */
export async function startCrawl(env: Env, source: UrlSource, firstRun = false): Promise<UrlSource> {
  const run = firstRun ? source.run : source.run + 1;
  const now = nowIso();
  const changes = {
    run,
    status: "crawling" as const,
    progress: 0,
    pagesFound: 1,
    pagesCrawled: 0,
    pagesFailed: 0,
    errorCode: null,
    robotsCache: {},
    crawlStartedAt: now,
    updatedAt: now,
  };
  await getDb(env).update(urlSources).set(changes).where(eq(urlSources.id, source.id));
  const next = { ...source, ...changes };
  const pageId = await claimPage(env, next, source.url, 0);
  if (pageId) await sendIngest(env, { type: "crawl_page", url_source_id: source.id, workspace_id: source.workspaceId, url: source.url, depth: 0, run });
  await pushKnowledgeStatus(env, source.workspaceId, { source_type: "url", source_id: source.id, chatbot_id: source.chatbotId, status: "crawling", progress: 0 });
  return next;
}

interface RunCounts {
  found: number;
  open: number;
  completed: number;
  failed: number;
  skipped: number;
  chunks: number;
}

async function runCounts(env: Env, sourceId: string, run: number): Promise<RunCounts> {
  const row = await env.DB.prepare(
    `select count(*) as found,
            sum(status in ('queued','crawling')) as open,
            sum(status = 'completed') as completed,
            sum(status = 'failed') as failed,
            sum(status = 'skipped') as skipped,
            sum(chunk_count) as chunks
       from crawl_pages where url_source_id = ?1 and run = ?2`,
  )
    .bind(sourceId, run)
    .first<Record<keyof RunCounts, number | null>>();
  return {
    found: row?.found ?? 0,
    open: row?.open ?? 0,
    completed: row?.completed ?? 0,
    failed: row?.failed ?? 0,
    skipped: row?.skipped ?? 0,
    chunks: row?.chunks ?? 0,
  };
}

/**
 * Recomputes a source's counters from its pages; when no page of the run is
 * left open, finishes the run: pages not reached again lose their chunks and
 * rows, and the source is completed (or failed, when nothing was crawled).
 */
export async function refreshProgress(env: Env, source: UrlSource): Promise<void> {
  const c = await runCounts(env, source.id, source.run);
  const done = c.found - c.open;
  const progress = c.found ? Math.floor((done / c.found) * 100) : 0;
  const db = getDb(env);
  const base = { pagesFound: c.found, pagesCrawled: c.completed, pagesFailed: c.failed, chunkCount: c.chunks, updatedAt: nowIso() };
  const current = and(eq(urlSources.id, source.id), eq(urlSources.run, source.run));
  if (c.open > 0) {
    await db.update(urlSources).set({ ...base, progress: Math.min(progress, 99) }).where(current);
    await pushKnowledgeStatus(env, source.workspaceId, {
      source_type: "url",
      source_id: source.id,
      chatbot_id: source.chatbotId,
      status: "crawling",
      progress: Math.min(progress, 99),
      pages_crawled: c.completed,
      pages_found: c.found,
    });
    return;
  }
  const stale = await db
    .select({ id: crawlPages.id })
    .from(crawlPages)
    .where(and(eq(crawlPages.urlSourceId, source.id), sql`${crawlPages.run} < ${source.run}`));
  for (const page of stale) {
    await removeSourceChunks(env, { workspaceId: source.workspaceId, chatbotId: source.chatbotId, sourceType: "url", sourceId: page.id });
    await db.delete(crawlPages).where(eq(crawlPages.id, page.id));
  }
  let errorCode: string | null = null;
  if (c.completed === 0) {
    const seed = await db.select({ errorCode: crawlPages.errorCode }).from(crawlPages).where(and(eq(crawlPages.urlSourceId, source.id), eq(crawlPages.url, source.url))).get();
    errorCode = seed?.errorCode ?? "CRAWL_FAILED";
  }
  const status = c.completed === 0 ? ("failed" as const) : ("completed" as const);
  const now = new Date();
  await db
    .update(urlSources)
    .set({ ...base, status, progress: 100, errorCode, lastCrawledAt: now.toISOString(), nextCrawlAt: nextCrawlAt(source.schedule, now) })
    .where(current);
  await pushKnowledgeStatus(env, source.workspaceId, {
    source_type: "url",
    source_id: source.id,
    chatbot_id: source.chatbotId,
    status,
    progress: 100,
    error_code: errorCode,
    pages_crawled: c.completed,
    pages_found: c.found,
  });
}
