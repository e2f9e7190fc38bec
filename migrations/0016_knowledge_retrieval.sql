-- Retrieval that generalises (field-weighted BM25, per-chatbot partition,
-- vocabulary for spelling tolerance and pseudo-relevance feedback).

-- Full-text index partitioned per chatbot: `chatbot_id` is an indexed column
-- and every MATCH starts with `chatbot_id : "<id>" AND ...`, so a query only
-- scores its own chatbot's rows. Fields are weighted separately in bm25():
-- the document title, the headings path of the passage, and its body. Text is
-- pre-segmented (lowercased, Porter2-stemmed, space-separated) by
-- worker/knowledge/text/segment.ts. Rows are rebuilt lazily per chatbot
-- (chunk_index_versions.text_version), since stems cannot be computed in SQL.
DROP TABLE IF EXISTS chunks_fts;
CREATE VIRTUAL TABLE chunks_fts USING fts5(
  chatbot_id,
  title,
  headings,
  body,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Per-source term statistics (JSON): chunk count, summed field lengths,
-- document frequency of each stem and the surface words used. Summed per
-- chatbot they give BM25 statistics scoped to the tenant and the vocabulary
-- that spelling correction draws from. Replaced with the source's chunks.
CREATE TABLE knowledge_source_terms (
  chatbot_id TEXT NOT NULL,
  source_type TEXT NOT NULL,
  source_id TEXT NOT NULL,
  -- changes on every rewrite, so a cached lexicon reloads only changed sources
  stamp TEXT NOT NULL,
  stats TEXT NOT NULL,
  PRIMARY KEY (chatbot_id, source_type, source_id)
);

-- Format of a chatbot's chunks_fts rows and term statistics; older formats
-- are rebuilt from `chunks` on the next search.
ALTER TABLE chunk_index_versions ADD COLUMN text_version INTEGER NOT NULL DEFAULT 0;
