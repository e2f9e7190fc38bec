-- Inbox and message search at scale.
--
-- 1. The inbox sorts by the last activity (last message, or creation). Sorting by
--    coalesce(last_message_at, created_at) could not use an index (a temporary
--    B-tree over all of a workspace's conversations on every page), so the value
--    is a NOT NULL column of its own, written by the conversation mirror.
ALTER TABLE conversations ADD COLUMN last_activity_at TEXT NOT NULL DEFAULT '';
UPDATE conversations SET last_activity_at = coalesce(last_message_at, created_at);
-- serves: the inbox list of one status (tab), most recent activity first, keyset by id
CREATE INDEX idx_conversations_ws_status_activity ON conversations(workspace_id, status, last_activity_at, id);
-- serves: the inbox list of every status, most recent activity first, keyset by id
CREATE INDEX idx_conversations_ws_activity ON conversations(workspace_id, last_activity_at, id);
DROP INDEX IF EXISTS idx_conversations_ws_status_last;
DROP INDEX IF EXISTS idx_conversations_ws_last;

-- Writers other than the mirror (imports, fixtures) get the column filled in.
CREATE TRIGGER conversations_activity_ai AFTER INSERT ON conversations WHEN new.last_activity_at = '' BEGIN
  UPDATE conversations SET last_activity_at = coalesce(new.last_message_at, new.created_at) WHERE id = new.id;
END;
CREATE TRIGGER conversations_activity_au AFTER UPDATE OF last_message_at ON conversations
  WHEN new.last_activity_at IS NOT coalesce(new.last_message_at, new.created_at) BEGIN
  UPDATE conversations SET last_activity_at = coalesce(new.last_message_at, new.created_at) WHERE id = new.id;
END;

-- 2. messages_fts matched every tenant's rows before filtering by workspace. The
--    new `tenant` column is indexed and holds one token per workspace (its id
--    without the underscore), so a search MATCHes `tenant : <token> AND body : …`
--    and only walks its own workspace's postings. Rebuilt from messages; every
--    message is queued so the flush (cron) segments its text again.
DROP TRIGGER IF EXISTS messages_fts_ai;
DROP TRIGGER IF EXISTS messages_fts_au;
DROP TRIGGER IF EXISTS messages_fts_ad;
DROP TABLE IF EXISTS messages_fts;
CREATE VIRTUAL TABLE messages_fts USING fts5(
  body,
  tenant,
  message_id UNINDEXED,
  conversation_id UNINDEXED,
  workspace_id UNINDEXED,
  tokenize = 'unicode61'
);
INSERT INTO messages_fts(rowid, body, tenant, message_id, conversation_id, workspace_id)
  SELECT rowid, text, replace(workspace_id, '_', ''), id, conversation_id, workspace_id FROM messages;
DELETE FROM message_search_pending;
INSERT INTO message_search_pending(message_id, workspace_id) SELECT id, workspace_id FROM messages;

CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, body, tenant, message_id, conversation_id, workspace_id)
    VALUES (new.rowid, new.text, replace(new.workspace_id, '_', ''), new.id, new.conversation_id, new.workspace_id);
  DELETE FROM message_search_pending WHERE message_id = new.id;
  INSERT INTO message_search_pending(message_id, workspace_id) VALUES (new.id, new.workspace_id);
END;

CREATE TRIGGER messages_fts_au AFTER UPDATE OF text ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.rowid;
  INSERT INTO messages_fts(rowid, body, tenant, message_id, conversation_id, workspace_id)
    VALUES (new.rowid, new.text, replace(new.workspace_id, '_', ''), new.id, new.conversation_id, new.workspace_id);
  DELETE FROM message_search_pending WHERE message_id = new.id;
  INSERT INTO message_search_pending(message_id, workspace_id) VALUES (new.id, new.workspace_id);
END;

CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.rowid;
  DELETE FROM message_search_pending WHERE message_id = old.id;
END;

-- 3. The local vector store is read a page at a time by chatbot, in chunk_id order
--    (search/vector-local.ts): the index serves both the filter and the order.
CREATE INDEX chunk_vectors_chatbot_chunk_idx ON chunk_vectors (chatbot_id, chunk_id);
DROP INDEX IF EXISTS chunk_vectors_chatbot_idx;
