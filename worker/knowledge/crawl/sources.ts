import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { crawlPages, urlSources, type CrawlPage, type UrlSource } from "../../db/schema";
import type { AuthContext } from "../../lib/context";
import { AppError, conflict, notFound } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import { requireChatbot } from "../sources/chatbot";
import { removeSourceChunks } from "../sources/index-api";
import { classifyHost } from "../../lib/ip";
import { normalizeUrl } from "./links";
import type { CreateUrlSourceInput, UpdateUrlSourceInput } from "./schemas";
import { nextCrawlAt, startCrawl } from "./store";

export function serializeUrlSource(s: UrlSource) {
  return {
    id: s.id,
    chatbot_id: s.chatbotId,
    url: s.url,
    max_pages: s.maxPages,
    max_depth: s.maxDepth,
    include_patterns: s.includePatterns,
    exclude_patterns: s.excludePatterns,
    same_site: s.sameSite,
    schedule: s.schedule,
    status: s.status,
    progress: s.progress,
    pages_found: s.pagesFound,
    pages_crawled: s.pagesCrawled,
    pages_failed: s.pagesFailed,
    chunk_count: s.chunkCount,
    error_code: s.errorCode,
    crawl_started_at: s.crawlStartedAt,
    last_crawled_at: s.lastCrawledAt,
    next_crawl_at: s.nextCrawlAt,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

export function serializeCrawlPage(p: CrawlPage) {
  return {
    id: p.id,
    url: p.url,
    depth: p.depth,
    status: p.status,
    http_status: p.httpStatus,
    title: p.title,
    chunk_count: p.chunkCount,
    error_code: p.errorCode,
    crawled_at: p.crawledAt,
  };
}

/** The seed URL as it will be crawled; refuses non-http(s) schemes and internal hosts up front. */
export function seedUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new AppError(400, "VALIDATION_ERROR", "url is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new AppError(400, "UNSUPPORTED_SCHEME", "Only http and https URLs can be crawled");
  if (classifyHost(url.hostname) === "blocked" || url.username || url.password) {
    throw new AppError(400, "BLOCKED_HOST", "This address is internal or reserved and cannot be crawled");
  }
  return normalizeUrl(url.toString())!;
}

const MAX_SOURCES_PER_CHATBOT = 50;

export async function createUrlSource(env: Env, auth: AuthContext, input: CreateUrlSourceInput) {
  await requireChatbot(env, auth.workspaceId, input.chatbot_id);
  const url = seedUrl(input.url);
  const db = getDb(env);
  const count = await db
    .select({ n: sql<number>`count(*)` })
    .from(urlSources)
    .where(and(eq(urlSources.workspaceId, auth.workspaceId), eq(urlSources.chatbotId, input.chatbot_id)))
    .get();
  if ((count?.n ?? 0) >= MAX_SOURCES_PER_CHATBOT) throw conflict("LIMIT_REACHED", `A chatbot can have at most ${MAX_SOURCES_PER_CHATBOT} URL sources`);
  const dup = await db
    .select({ id: urlSources.id })
    .from(urlSources)
    .where(and(eq(urlSources.chatbotId, input.chatbot_id), eq(urlSources.url, url)))
    .get();
  if (dup) throw conflict("DUPLICATE_URL", "This URL is already a source of this chatbot; re-crawl it instead", { url_source_id: dup.id });

  const cs = input.crawl_settings ?? {};
  const schedule: UrlSource["schedule"] =
    typeof input.schedule === "string" ? input.schedule : input.schedule?.enabled ? (input.schedule.frequency ?? "weekly") : "none";
  const now = nowIso();
  const row: UrlSource = {
    id: newId("urls"),
    workspaceId: auth.workspaceId,
    chatbotId: input.chatbot_id,
    url,
    maxPages: input.max_pages ?? cs.max_pages ?? 50,
    maxDepth: input.max_depth ?? cs.max_depth ?? 2,
    includePatterns: input.include_patterns ?? cs.include_patterns ?? [],
    excludePatterns: input.exclude_patterns ?? cs.exclude_patterns ?? [],
    sameSite: input.same_site ?? cs.same_site ?? (cs.follow_external_links !== undefined ? !cs.follow_external_links : true),
    schedule,
    status: "pending",
    progress: 0,
    run: 1,
    pagesFound: 0,
    pagesCrawled: 0,
    pagesFailed: 0,
    chunkCount: 0,
    errorCode: null,
    robotsCache: {},
    createdBy: auth.userId,
    createdAt: now,
    updatedAt: now,
    crawlStartedAt: null,
    lastCrawledAt: null,
    nextCrawlAt: null,
  };
  await db.insert(urlSources).values(row);
  return serializeUrlSource(await startCrawl(env, row, true));
}

async function loadSource(env: Env, auth: AuthContext, id: string): Promise<UrlSource> {
  const row = await getDb(env)
    .select()
    .from(urlSources)
    .where(and(eq(urlSources.id, id), eq(urlSources.workspaceId, auth.workspaceId)))
    .get();
  if (!row) throw notFound("URL source");
  return row;
}

export async function getUrlSource(env: Env, auth: AuthContext, id: string) {
  const source = await loadSource(env, auth, id);
  const pages = await getDb(env)
    .select()
    .from(crawlPages)
    .where(eq(crawlPages.urlSourceId, id))
    .orderBy(asc(crawlPages.depth), asc(crawlPages.createdAt))
    .limit(500);
  return { ...serializeUrlSource(source), pages: pages.map(serializeCrawlPage) };
}

export async function listUrlSources(env: Env, auth: AuthContext, input: { chatbot_id?: string; page: number; limit: number }) {
  const where: SQL[] = [eq(urlSources.workspaceId, auth.workspaceId)];
  if (input.chatbot_id) where.push(eq(urlSources.chatbotId, input.chatbot_id));
  const cond = and(...where);
  const db = getDb(env);
  const [rows, count] = await Promise.all([
    db
      .select()
      .from(urlSources)
      .where(cond)
      .orderBy(desc(urlSources.createdAt), desc(urlSources.id))
      .limit(input.limit)
      .offset((input.page - 1) * input.limit),
    db.select({ n: sql<number>`count(*)` }).from(urlSources).where(cond).get(),
  ]);
  const total = count?.n ?? 0;
  return { data: rows.map(serializeUrlSource), pagination: { page: input.page, limit: input.limit, total, total_pages: Math.ceil(total / input.limit) } };
}

export async function updateUrlSource(env: Env, auth: AuthContext, id: string, input: UpdateUrlSourceInput) {
  const source = await loadSource(env, auth, id);
  const changes = {
    maxPages: input.max_pages ?? source.maxPages,
    maxDepth: input.max_depth ?? source.maxDepth,
    includePatterns: input.include_patterns ?? source.includePatterns,
    excludePatterns: input.exclude_patterns ?? source.excludePatterns,
    sameSite: input.same_site ?? source.sameSite,
    schedule: input.schedule ?? source.schedule,
    nextCrawlAt: input.schedule && input.schedule !== source.schedule ? nextCrawlAt(input.schedule, new Date(source.lastCrawledAt ?? Date.now())) : source.nextCrawlAt,
    updatedAt: nowIso(),
  };
  await getDb(env).update(urlSources).set(changes).where(eq(urlSources.id, id));
  return serializeUrlSource({ ...source, ...changes });
}

/** Deletes the source, its pages and every page's chunks; answers what was deleted (for the audit log). */
export async function deleteUrlSource(env: Env, auth: AuthContext, id: string): Promise<{ chatbot_id: string; url: string; pages: number }> {
  const source = await loadSource(env, auth, id);
  const db = getDb(env);
  const pages = await db.select({ id: crawlPages.id }).from(crawlPages).where(eq(crawlPages.urlSourceId, id));
  // Deleting the source (its pages cascade) stops in-flight page messages: they find no source.
  await db.delete(urlSources).where(eq(urlSources.id, id));
  for (const p of pages) {
    await removeSourceChunks(env, { workspaceId: source.workspaceId, chatbotId: source.chatbotId, sourceType: "url", sourceId: p.id });
  }
  await db.delete(crawlPages).where(eq(crawlPages.urlSourceId, id));
  return { chatbot_id: source.chatbotId, url: source.url, pages: pages.length };
}

export async function recrawlUrlSource(env: Env, auth: AuthContext, id: string) {
  const source = await loadSource(env, auth, id);
  return serializeUrlSource(await startCrawl(env, source));
}
