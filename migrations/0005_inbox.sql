-- The agent inbox: internal notes, notifications, canned responses, saved
-- conversation filters, attachments and full-text search over the messages
-- mirror. Times are ISO-8601 UTC text.

-- Internal notes on a conversation; never shown to the visitor.
CREATE TABLE conversation_notes (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL,
  author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  content TEXT NOT NULL,
  mentions TEXT NOT NULL DEFAULT '[]', -- JSON array of mentioned user ids
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: the notes of one conversation in timeline order, and the has_notes filter
CREATE INDEX idx_conversation_notes_conv ON conversation_notes(conversation_id, created_at);

-- In-app notifications for one user (mentions, escalations, assignments).
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  read_at TEXT,
  created_at TEXT NOT NULL
);
-- serves: a user's notifications in a workspace, newest first (and the unread count)
CREATE INDEX idx_notifications_user ON notifications(workspace_id, user_id, created_at);

-- Saved replies an agent inserts with `/shortcut`.
CREATE TABLE canned_responses (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  chatbot_id TEXT,
  title TEXT NOT NULL,
  shortcut TEXT NOT NULL,
  text TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: shortcut uniqueness per workspace and the lookup of `/shortcut` on expand
CREATE UNIQUE INDEX idx_canned_responses_shortcut ON canned_responses(workspace_id, shortcut);

-- Saved inbox filters, private to their owner unless shared with the workspace.
CREATE TABLE conversation_filters (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  filters TEXT NOT NULL DEFAULT '{}',
  shared INTEGER NOT NULL DEFAULT 0,
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: listing the filters a user can see (their own and shared ones)
CREATE INDEX idx_conversation_filters_ws ON conversation_filters(workspace_id, user_id);

-- Files uploaded into a conversation; the bytes live in R2 under r2_key.
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL,
  uploader_type TEXT NOT NULL CHECK (uploader_type IN ('visitor','agent')),
  uploader_id TEXT,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  r2_key TEXT NOT NULL,
  message_id TEXT,
  created_at TEXT NOT NULL
);
-- serves: the attachments of a conversation (thread view, export)
CREATE INDEX idx_attachments_conv ON attachments(conversation_id, created_at);

-- Full-text search over the messages mirror. The indexed column holds the
-- message text split into words and joined by spaces (Intl.Segmenter), so Thai,
-- written without spaces, is searchable word by word. SQL cannot segment, so the
-- triggers index the raw text at once and queue the message; the search service
-- replaces queued rows with their segmented text before it queries (and the
-- writer may do it eagerly). rowid = messages.rowid.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  body,
  message_id UNINDEXED,
  conversation_id UNINDEXED,
  workspace_id UNINDEXED,
  tokenize = 'unicode61'
);

-- Messages whose FTS row still holds unsegmented text.
CREATE TABLE message_search_pending (
  message_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL
);
-- serves: segmenting a workspace's queued messages before a search
CREATE INDEX idx_message_search_pending_ws ON message_search_pending(workspace_id);

CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, body, message_id, conversation_id, workspace_id)
    VALUES (new.rowid, new.text, new.id, new.conversation_id, new.workspace_id);
  INSERT OR REPLACE INTO message_search_pending(message_id, workspace_id) VALUES (new.id, new.workspace_id);
END;

CREATE TRIGGER messages_fts_au AFTER UPDATE OF text ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.rowid;
  INSERT INTO messages_fts(rowid, body, message_id, conversation_id, workspace_id)
    VALUES (new.rowid, new.text, new.id, new.conversation_id, new.workspace_id);
  INSERT OR REPLACE INTO message_search_pending(message_id, workspace_id) VALUES (new.id, new.workspace_id);
END;

CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.rowid;
  DELETE FROM message_search_pending WHERE message_id = old.id;
END;
