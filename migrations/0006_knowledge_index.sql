-- Knowledge index: retrievable chunks of FAQs, documents and crawled pages,
-- their full-text index (FTS5 over word-segmented text so Thai works), a local
-- vector store used when no Vectorize binding exists, workspace AI provider
-- secrets, the log of every question the bot was asked, and answer feedback.

CREATE TABLE chunks (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  chatbot_id TEXT NOT NULL,
  source_type TEXT NOT NULL, -- faq, document, url
  source_id TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  url TEXT,
  page INTEGER,
  section TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  text TEXT NOT NULL,
  token_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
-- replace/remove all chunks of one source (indexSourceChunks, removeSourceChunks)
CREATE INDEX chunks_source_idx ON chunks (chatbot_id, source_type, source_id);
-- per-workspace listing and cleanup
CREATE INDEX chunks_workspace_idx ON chunks (workspace_id, chatbot_id);

-- Full-text index; rowid = chunks.rowid. Text is pre-segmented (lowercased,
-- stemmed, space-separated words) by worker/knowledge/text/segment.ts.
CREATE VIRTUAL TABLE chunks_fts USING fts5(
  title,
  body,
  chatbot_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Local vector store (float32 little-endian), used when env.VECTORS is absent.
CREATE TABLE chunk_vectors (
  chunk_id TEXT PRIMARY KEY,
  chatbot_id TEXT NOT NULL,
  dims INTEGER NOT NULL,
  vector BLOB NOT NULL
);
-- brute-force scan of one chatbot's vectors (search/vector-local.ts)
CREATE INDEX chunk_vectors_chatbot_idx ON chunk_vectors (chatbot_id);

-- Bumped on every index change of a chatbot, so per-isolate vector caches know
-- when to reload.
CREATE TABLE chunk_index_versions (
  chatbot_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);

-- Workspace AI provider keys, AES-GCM encrypted with ENCRYPTION_KEY.
CREATE TABLE ai_secrets (
  workspace_id TEXT NOT NULL,
  provider TEXT NOT NULL, -- openai_compatible, anthropic, openai, groq, openrouter
  encrypted_key TEXT,
  base_url TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, provider)
);

-- Every question the bot was asked (knowledge gaps report).
CREATE TABLE kb_queries (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  chatbot_id TEXT NOT NULL,
  conversation_id TEXT,
  question TEXT NOT NULL,
  confidence REAL NOT NULL,
  top_score REAL NOT NULL DEFAULT 0,
  result_count INTEGER NOT NULL DEFAULT 0,
  action TEXT NOT NULL, -- answer, caveat, offer_human, escalate
  answered INTEGER NOT NULL DEFAULT 0,
  escalated INTEGER NOT NULL DEFAULT 0,
  intent TEXT,
  created_at TEXT NOT NULL
);
-- gaps report: one chatbot's questions in a period
CREATE INDEX kb_queries_chatbot_time_idx ON kb_queries (chatbot_id, created_at);

-- Helpful / not helpful on a bot answer, by the visitor or an agent.
CREATE TABLE answer_feedback (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  chatbot_id TEXT,
  conversation_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  helpful INTEGER NOT NULL,
  by TEXT NOT NULL, -- visitor, agent
  user_id TEXT,
  comment TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- one vote per message and voter kind (re-voting updates it)
CREATE UNIQUE INDEX answer_feedback_message_by_idx ON answer_feedback (message_id, by);
-- feedback listing per workspace over time
CREATE INDEX answer_feedback_workspace_idx ON answer_feedback (workspace_id, created_at);
