-- Knowledge sources of a chatbot: FAQs, uploaded documents (file in R2,
-- processed by the INGEST queue) and crawled URL sources with their pages.
-- Their text lives in `chunks` (0006) under source_type faq | document | url.
-- Times are ISO-8601 UTC text.

CREATE TABLE faqs (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  chatbot_id TEXT NOT NULL REFERENCES chatbots(id) ON DELETE CASCADE,
  question TEXT NOT NULL,
  -- lowercased, punctuation and whitespace collapsed: duplicate detection
  normalized_question TEXT NOT NULL,
  answer TEXT NOT NULL,
  category TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('high','medium','low')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive','draft')),
  usage_count INTEGER NOT NULL DEFAULT 0,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: duplicate detection on create/import (one question per chatbot)
CREATE UNIQUE INDEX idx_faqs_chatbot_question ON faqs(chatbot_id, normalized_question);
-- serves: listing a workspace's FAQs filtered by chatbot/status, newest first
CREATE INDEX idx_faqs_workspace_chatbot ON faqs(workspace_id, chatbot_id, status, created_at);

CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  chatbot_id TEXT NOT NULL REFERENCES chatbots(id) ON DELETE CASCADE,
  filename TEXT NOT NULL,
  -- pdf, docx, txt, md, csv, html (detected from extension + content)
  file_type TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  r2_key TEXT NOT NULL,
  -- SHA-256 of the uploaded bytes; indexed_hash is the hash whose chunks are indexed
  content_hash TEXT NOT NULL,
  indexed_hash TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','processing','completed','failed')),
  progress INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT,
  page_count INTEGER,
  chunk_count INTEGER NOT NULL DEFAULT 0,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  processing_started_at TEXT,
  processed_at TEXT
);
-- serves: re-upload of the same filename for a chatbot replaces that document
CREATE UNIQUE INDEX idx_documents_chatbot_filename ON documents(chatbot_id, filename);
-- serves: listing a workspace's documents by chatbot, newest first
CREATE INDEX idx_documents_workspace_chatbot ON documents(workspace_id, chatbot_id, created_at);

CREATE TABLE url_sources (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  chatbot_id TEXT NOT NULL REFERENCES chatbots(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  max_pages INTEGER NOT NULL DEFAULT 50,
  max_depth INTEGER NOT NULL DEFAULT 2,
  include_patterns TEXT NOT NULL DEFAULT '[]',
  exclude_patterns TEXT NOT NULL DEFAULT '[]',
  same_site INTEGER NOT NULL DEFAULT 1,
  schedule TEXT NOT NULL DEFAULT 'none' CHECK (schedule IN ('none','daily','weekly')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','crawling','completed','failed')),
  progress INTEGER NOT NULL DEFAULT 0,
  -- crawl generation: bumped by every (re)crawl; pages carry the run that claimed them
  run INTEGER NOT NULL DEFAULT 1,
  pages_found INTEGER NOT NULL DEFAULT 0,
  pages_crawled INTEGER NOT NULL DEFAULT 0,
  pages_failed INTEGER NOT NULL DEFAULT 0,
  chunk_count INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  -- robots.txt per origin for the current run: {"https://host": "…text…" | null}
  robots_cache TEXT NOT NULL DEFAULT '{}',
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  crawl_started_at TEXT,
  last_crawled_at TEXT,
  next_crawl_at TEXT
);
-- serves: listing a workspace's URL sources by chatbot
CREATE INDEX idx_url_sources_workspace_chatbot ON url_sources(workspace_id, chatbot_id, created_at);
-- serves: the cron scan for scheduled re-crawls that are due
CREATE INDEX idx_url_sources_next_crawl ON url_sources(next_crawl_at) WHERE schedule <> 'none';

CREATE TABLE crawl_pages (
  id TEXT PRIMARY KEY,
  url_source_id TEXT NOT NULL REFERENCES url_sources(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL,
  url TEXT NOT NULL,
  depth INTEGER NOT NULL,
  run INTEGER NOT NULL,
  -- queued, crawling, completed, failed, skipped
  status TEXT NOT NULL DEFAULT 'queued',
  http_status INTEGER,
  title TEXT,
  content_hash TEXT,
  chunk_count INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  crawled_at TEXT,
  created_at TEXT NOT NULL
);
-- serves: dedupe of discovered links by normalised URL within a source
CREATE UNIQUE INDEX idx_crawl_pages_source_url ON crawl_pages(url_source_id, url);
-- serves: progress counts and completion check of one crawl run
CREATE INDEX idx_crawl_pages_source_run ON crawl_pages(url_source_id, run, status);
