import { z } from "@hono/zod-openapi";
import { CRAWL_SCHEDULES, URL_SOURCE_STATUSES } from "../../db/schema";
import { validatePattern } from "./links";

const Pattern = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((p) => validatePattern(p) === null, { message: "Not a valid glob or /regex/ pattern" });

const Settings = {
  max_pages: z.number().int().min(1).max(500).optional(),
  max_depth: z.number().int().min(0).max(5).optional(),
  include_patterns: z.array(Pattern).max(20).optional(),
  exclude_patterns: z.array(Pattern).max(20).optional(),
  same_site: z.boolean().optional(),
};

/** Flat settings, or the spec's `crawl_settings` / `schedule: {enabled, frequency}` shapes. */
export const CreateUrlSourceBody = z
  .object({
    chatbot_id: z.string().min(1),
    url: z.string().trim().min(1).max(2048),
    ...Settings,
    crawl_settings: z
      .object({ ...Settings, follow_external_links: z.boolean().optional(), respect_robots_txt: z.boolean().optional() })
      .optional(),
    schedule: z
      .union([z.enum(CRAWL_SCHEDULES), z.object({ enabled: z.boolean(), frequency: z.enum(["daily", "weekly"]).optional() })])
      .optional(),
  })
  .openapi("CreateUrlSource");
export type CreateUrlSourceInput = z.infer<typeof CreateUrlSourceBody>;

export const UpdateUrlSourceBody = z
  .object({ ...Settings, schedule: z.enum(CRAWL_SCHEDULES).optional() })
  .openapi("UpdateUrlSource");
export type UpdateUrlSourceInput = z.infer<typeof UpdateUrlSourceBody>;

export const UrlSourceResponse = z
  .object({
    id: z.string(),
    chatbot_id: z.string(),
    url: z.string(),
    max_pages: z.number(),
    max_depth: z.number(),
    include_patterns: z.array(z.string()),
    exclude_patterns: z.array(z.string()),
    same_site: z.boolean(),
    schedule: z.enum(CRAWL_SCHEDULES),
    status: z.enum(URL_SOURCE_STATUSES),
    progress: z.number(),
    pages_found: z.number(),
    pages_crawled: z.number(),
    pages_failed: z.number(),
    chunk_count: z.number(),
    error_code: z.string().nullable(),
    crawl_started_at: z.string().nullable(),
    last_crawled_at: z.string().nullable(),
    next_crawl_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("UrlSource");

export const CrawlPageResponse = z
  .object({
    id: z.string(),
    url: z.string(),
    depth: z.number(),
    status: z.string(),
    http_status: z.number().nullable(),
    title: z.string().nullable(),
    chunk_count: z.number(),
    error_code: z.string().nullable(),
    crawled_at: z.string().nullable(),
  })
  .openapi("CrawlPage");
