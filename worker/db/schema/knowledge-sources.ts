import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Mirrors migrations/0007_knowledge_sources.sql.

export const FAQ_STATUSES = ["active", "inactive", "draft"] as const;
export const FAQ_PRIORITIES = ["high", "medium", "low"] as const;
export const DOCUMENT_STATUSES = ["pending", "processing", "completed", "failed"] as const;
export const URL_SOURCE_STATUSES = ["pending", "crawling", "completed", "failed"] as const;
export const CRAWL_SCHEDULES = ["none", "daily", "weekly"] as const;
export const CRAWL_PAGE_STATUSES = ["queued", "crawling", "completed", "failed", "skipped"] as const;

export const faqs = sqliteTable(
  "faqs",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    chatbotId: text("chatbot_id").notNull(),
    question: text("question").notNull(),
    normalizedQuestion: text("normalized_question").notNull(),
    answer: text("answer").notNull(),
    category: text("category"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    priority: text("priority", { enum: FAQ_PRIORITIES }).notNull().default("medium"),
    status: text("status", { enum: FAQ_STATUSES }).notNull().default("active"),
    usageCount: integer("usage_count").notNull().default(0),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // serves: duplicate detection on create/import (one question per chatbot)
    uniqueIndex("idx_faqs_chatbot_question").on(t.chatbotId, t.normalizedQuestion),
    // serves: listing a workspace's FAQs filtered by chatbot/status, newest first
    index("idx_faqs_workspace_chatbot").on(t.workspaceId, t.chatbotId, t.status, t.createdAt),
  ],
);
export type Faq = typeof faqs.$inferSelect;
export type NewFaq = typeof faqs.$inferInsert;

export const documents = sqliteTable(
  "documents",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    chatbotId: text("chatbot_id").notNull(),
    filename: text("filename").notNull(),
    fileType: text("file_type").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    r2Key: text("r2_key").notNull(),
    contentHash: text("content_hash").notNull(),
    indexedHash: text("indexed_hash"),
    status: text("status", { enum: DOCUMENT_STATUSES }).notNull().default("pending"),
    progress: integer("progress").notNull().default(0),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    pageCount: integer("page_count"),
    chunkCount: integer("chunk_count").notNull().default(0),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    processingStartedAt: text("processing_started_at"),
    processedAt: text("processed_at"),
  },
  (t) => [
    // serves: re-upload of the same filename for a chatbot replaces that document
    uniqueIndex("idx_documents_chatbot_filename").on(t.chatbotId, t.filename),
    // serves: listing a workspace's documents by chatbot, newest first
    index("idx_documents_workspace_chatbot").on(t.workspaceId, t.chatbotId, t.createdAt),
  ],
);
export type DocumentRow = typeof documents.$inferSelect;

export const urlSources = sqliteTable(
  "url_sources",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    chatbotId: text("chatbot_id").notNull(),
    url: text("url").notNull(),
    maxPages: integer("max_pages").notNull().default(50),
    maxDepth: integer("max_depth").notNull().default(2),
    includePatterns: text("include_patterns", { mode: "json" }).$type<string[]>().notNull().default([]),
    excludePatterns: text("exclude_patterns", { mode: "json" }).$type<string[]>().notNull().default([]),
    sameSite: integer("same_site", { mode: "boolean" }).notNull().default(true),
    schedule: text("schedule", { enum: CRAWL_SCHEDULES }).notNull().default("none"),
    status: text("status", { enum: URL_SOURCE_STATUSES }).notNull().default("pending"),
    progress: integer("progress").notNull().default(0),
    run: integer("run").notNull().default(1),
    pagesFound: integer("pages_found").notNull().default(0),
    pagesCrawled: integer("pages_crawled").notNull().default(0),
    pagesFailed: integer("pages_failed").notNull().default(0),
    chunkCount: integer("chunk_count").notNull().default(0),
    errorCode: text("error_code"),
    robotsCache: text("robots_cache", { mode: "json" }).$type<Record<string, string | null>>().notNull().default({}),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    crawlStartedAt: text("crawl_started_at"),
    lastCrawledAt: text("last_crawled_at"),
    nextCrawlAt: text("next_crawl_at"),
  },
  (t) => [
    // serves: listing a workspace's URL sources by chatbot
    index("idx_url_sources_workspace_chatbot").on(t.workspaceId, t.chatbotId, t.createdAt),
  ],
);
export type UrlSource = typeof urlSources.$inferSelect;

export const crawlPages = sqliteTable(
  "crawl_pages",
  {
    id: text("id").primaryKey(),
    urlSourceId: text("url_source_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    url: text("url").notNull(),
    depth: integer("depth").notNull(),
    run: integer("run").notNull(),
    status: text("status", { enum: CRAWL_PAGE_STATUSES }).notNull().default("queued"),
    httpStatus: integer("http_status"),
    title: text("title"),
    contentHash: text("content_hash"),
    chunkCount: integer("chunk_count").notNull().default(0),
    errorCode: text("error_code"),
    crawledAt: text("crawled_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    // serves: dedupe of discovered links by normalised URL within a source
    uniqueIndex("idx_crawl_pages_source_url").on(t.urlSourceId, t.url),
    // serves: progress counts and completion check of one crawl run
    index("idx_crawl_pages_source_run").on(t.urlSourceId, t.run, t.status),
  ],
);
export type CrawlPage = typeof crawlPages.$inferSelect;
