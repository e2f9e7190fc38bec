import { and, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { crawlPages, urlSources, type CrawlPage, type UrlSource } from "../../db/schema";
import { toHex } from "../../lib/crypto";
import { nowIso } from "../../lib/ids";
import { markdownToBlocks } from "../ingest/blocks";
import { chunkBlocks } from "../ingest/chunk";
import { cleanBlocks } from "../ingest/clean";
import { htmlToText } from "../ingest/html";
import type { CrawlPageMessage } from "../ingest/messages";
import { indexSourceChunks, removeSourceChunks } from "../sources/index-api";
import { linkFilter, normalizeUrl } from "./links";
import { isAllowedByRobots } from "./robots";
import { safeFetch } from "../../lib/safe-fetch";
import { claimPage, refreshProgress } from "./store";

/** Links considered per page; the rest of a huge link farm is ignored. */
const MAX_LINKS_PER_PAGE = 500;

async function loadRun(env: Env, msg: CrawlPageMessage): Promise<{ source: UrlSource; page: CrawlPage } | null> {
  const db = getDb(env);
  const source = await db
    .select()
    .from(urlSources)
    .where(and(eq(urlSources.id, msg.url_source_id), eq(urlSources.workspaceId, msg.workspace_id)))
    .get();
  if (!source || source.run !== msg.run) return null; // deleted, or superseded by a newer crawl
  const page = await db
    .select()
    .from(crawlPages)
    .where(and(eq(crawlPages.urlSourceId, source.id), eq(crawlPages.url, msg.url)))
    .get();
  if (!page || page.run !== msg.run) return null;
  return { source, page };
}

/** robots.txt of the page's origin, fetched once per crawl run and cached on the source. */
async function robotsFor(env: Env, source: UrlSource, pageUrl: string): Promise<string | null> {
  const origin = new URL(pageUrl).origin;
  if (origin in source.robotsCache) return source.robotsCache[origin] ?? null;
  const res = await safeFetch(`${origin}/robots.txt`, { accept: ["text/plain"], maxBytes: 512 * 1024 });
  const text = res.ok ? res.body : null;
  await env.DB.prepare(`update url_sources set robots_cache = json_set(robots_cache, '$."' || ?1 || '"', ?2) where id = ?3`)
    .bind(origin.replace(/"/g, ""), text, source.id)
    .run();
  source.robotsCache[origin] = text;
  return text;
}

async function finishPage(env: Env, page: CrawlPage, changes: Partial<CrawlPage>): Promise<void> {
  await getDb(env)
    .update(crawlPages)
    .set({ ...changes, crawledAt: nowIso() })
    .where(and(eq(crawlPages.id, page.id), eq(crawlPages.run, page.run)));
}

/**
 * Crawls one page of a URL source (one queue message per page, breadth
 * first): robots.txt, a defended fetch, text to chunks in the index under the
 * page's id, then its links — filtered, de-duplicated and capped by
 * max_pages/max_depth — are queued one depth further.
 */
export async function crawlPage(env: Env, msg: CrawlPageMessage): Promise<void> {
  const loaded = await loadRun(env, msg);
  if (!loaded) return;
  const { source, page } = loaded;
  if (page.status !== "queued" && page.status !== "crawling") return; // duplicate delivery
  await getDb(env).update(crawlPages).set({ status: "crawling" }).where(eq(crawlPages.id, page.id));
  const ref = { workspaceId: source.workspaceId, chatbotId: source.chatbotId, sourceType: "url" as const, sourceId: page.id };

  const path = (u: string) => {
    const url = new URL(u);
    return url.pathname + url.search;
  };
  if (!isAllowedByRobots(await robotsFor(env, source, page.url), path(page.url))) {
    await removeSourceChunks(env, ref);
    await finishPage(env, page, { status: "skipped", errorCode: "ROBOTS_DISALLOWED", chunkCount: 0 });
    await refreshProgress(env, source);
    return;
  }

  const res = await safeFetch(page.url);
  if (!res.ok) {
    await removeSourceChunks(env, ref);
    await finishPage(env, page, { status: "failed", errorCode: res.code, httpStatus: res.status ?? null, chunkCount: 0 });
    await refreshProgress(env, source);
    return;
  }

  const isHtml = res.contentType !== "text/plain";
  const parsed = isHtml ? htmlToText(res.body) : { title: null, text: res.body, links: [] as string[], base: null };
  const title = parsed.title ?? page.url;
  const hash = toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${title}\n${parsed.text}`)));
  let chunkCount = page.chunkCount;
  if (hash !== page.contentHash || page.chunkCount === 0) {
    const chunks = chunkBlocks(cleanBlocks(markdownToBlocks(parsed.text)));
    if (chunks.length) await indexSourceChunks(env, { ...ref, title, url: page.url, chunks });
    else await removeSourceChunks(env, ref);
    chunkCount = chunks.length;
    // Deleted while we fetched: leave nothing behind.
    const still = await getDb(env).select({ id: urlSources.id }).from(urlSources).where(eq(urlSources.id, source.id)).get();
    if (!still) {
      await removeSourceChunks(env, ref);
      return;
    }
  }

  if (page.depth < source.maxDepth) {
    const base = parsed.base ? (normalizeUrl(parsed.base, res.url) ?? res.url) : res.url;
    const allowed = linkFilter({ seed: source.url, sameSite: source.sameSite, include: source.includePatterns, exclude: source.excludePatterns });
    const seen = new Set<string>([page.url]);
    // Pages this run already holds: skipped without a query each; a full run stops early.
    const claimed = await env.DB.prepare(`select url from crawl_pages where url_source_id = ?1 and run = ?2`)
      .bind(source.id, source.run)
      .all<{ url: string }>();
    const inRun = new Set(claimed.results.map((r) => r.url));
    const queued: CrawlPageMessage[] = [];
    for (const href of parsed.links) {
      if (inRun.size >= source.maxPages) break;
      const url = normalizeUrl(href, base);
      if (!url || seen.has(url) || inRun.has(url)) continue;
      seen.add(url);
      if (!allowed(url)) continue;
      if (!isAllowedByRobots(await robotsFor(env, source, url), path(url))) continue;
      const pageId = await claimPage(env, source, url, page.depth + 1);
      if (pageId) inRun.add(url);
      if (pageId) queued.push({ type: "crawl_page", url_source_id: source.id, workspace_id: source.workspaceId, url, depth: page.depth + 1, run: source.run });
      if (seen.size > MAX_LINKS_PER_PAGE) break;
    }
    for (let i = 0; i < queued.length; i += 100) {
      await env.INGEST.sendBatch(queued.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
    }
  }

  await finishPage(env, page, { status: "completed", httpStatus: res.status, title, contentHash: hash, chunkCount, errorCode: null });
  await refreshProgress(env, source);
}

/** A page whose message ended in the dead-letter queue. */
export async function failCrawlPage(env: Env, msg: CrawlPageMessage, code: string): Promise<void> {
  const loaded = await loadRun(env, msg);
  if (!loaded) return;
  await finishPage(env, loaded.page, { status: "failed", errorCode: code });
  await refreshProgress(env, loaded.source);
}

