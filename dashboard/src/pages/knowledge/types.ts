import type { MessageKey, Vars } from "../../i18n";
import { messages } from "../../i18n/messages";

export interface KbDocument {
  id: string;
  chatbot_id: string;
  filename: string;
  file_type: string;
  size_bytes: number;
  status: "pending" | "processing" | "completed" | "failed";
  progress: number;
  error_code: string | null;
  error_message: string | null;
  page_count: number | null;
  chunk_count: number;
  created_at: string;
  processed_at: string | null;
}

export interface UrlSource {
  id: string;
  chatbot_id: string;
  url: string;
  max_pages: number;
  max_depth: number;
  include_patterns: string[];
  exclude_patterns: string[];
  same_site: boolean;
  schedule: "none" | "daily" | "weekly";
  status: "pending" | "crawling" | "completed" | "failed";
  progress: number;
  pages_found: number;
  pages_crawled: number;
  pages_failed: number;
  chunk_count: number;
  error_code: string | null;
  last_crawled_at: string | null;
  next_crawl_at: string | null;
  pages?: CrawlPage[];
}

export interface CrawlPage {
  id: string;
  url: string;
  depth: number;
  status: string;
  http_status: number | null;
  title: string | null;
  chunk_count: number;
  error_code: string | null;
}

export interface Faq {
  id: string;
  chatbot_id: string;
  question: string;
  answer: string;
  category: string | null;
  tags: string[];
  priority: "high" | "medium" | "low";
  status: "active" | "inactive" | "draft";
  updated_at: string;
}

type Translate = (key: MessageKey, vars?: Vars) => string;

/** What a failure code means to a person, in the dashboard's language (the server's words for a code it does not know). */
export function failureText(t: Translate, code: string, fallback?: string | null): string {
  const key = `kbError.${code}`;
  return key in messages.en ? t(key as MessageKey) : (fallback ?? code);
}

/** A source's, page's or FAQ's status in the dashboard's language. */
export function statusText(t: Translate, status: string): string {
  const key = `kbStatus.${status}`;
  return key in messages.en ? t(key as MessageKey) : status;
}

export const statusBadge = (status: string) =>
  status === "completed" || status === "active" ? "badge badge-success" : status === "failed" ? "badge badge-danger" : status === "processing" || status === "crawling" ? "badge badge-primary" : "badge";
