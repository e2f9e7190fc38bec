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

/** What each failure code means to a person. */
export const ERROR_TEXT: Record<string, string> = {
  EXTRACTION_FAILED: "The file could not be read; it may be corrupted.",
  ENCRYPTED: "The PDF is password-protected.",
  EMPTY_DOCUMENT: "No text was found (scanned images are not supported).",
  UNSUPPORTED_TYPE: "This file type is not supported.",
  TOO_LARGE: "The file is too large.",
  PROCESSING_FAILED: "Processing kept failing; try reprocessing later.",
  BLOCKED_HOST: "Internal or reserved address; not crawled.",
  UNSUPPORTED_SCHEME: "Only http and https links are crawled.",
  ROBOTS_DISALLOWED: "Disallowed by the site's robots.txt.",
  DNS_FAILED: "The host name could not be resolved.",
  TOO_MANY_REDIRECTS: "Too many redirects.",
  TIMEOUT: "The page took too long to answer.",
  HTTP_ERROR: "The server answered with an error.",
  FETCH_FAILED: "The page could not be fetched.",
};

export const formatBytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

export const statusBadge = (status: string) =>
  status === "completed" || status === "active" ? "badge badge-success" : status === "failed" ? "badge badge-danger" : status === "processing" || status === "crawling" ? "badge badge-primary" : "badge";
