-- Visitors, the conversation index rows, the messages mirror and the
-- conversation event log. The ConversationDO owns the live truth of a
-- conversation and mirrors it here through its outbox (upserts by id), so these
-- rows serve the inbox, search, analytics and exports. Times are ISO-8601 UTC text.

-- One row per widget visitor of a chatbot (anonymous until they give contact details).
CREATE TABLE visitors (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  chatbot_id TEXT NOT NULL,
  -- SHA-256 of the random secret the widget keeps to resume the visitor
  secret_hash TEXT NOT NULL,
  name TEXT,
  email TEXT,
  phone TEXT,
  current_page TEXT,
  page_history TEXT NOT NULL DEFAULT '[]', -- JSON [{url,title,at}], newest last, capped
  landing_page TEXT,
  referrer TEXT,
  browser TEXT,
  os TEXT,
  device TEXT,
  country TEXT,
  city TEXT,
  locale TEXT,
  visit_count INTEGER NOT NULL DEFAULT 1,
  custom_attributes TEXT NOT NULL DEFAULT '{}',
  banned_at TEXT,
  ban_reason TEXT,
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
-- serves: the visitor list of a workspace, most recently seen first
CREATE INDEX idx_visitors_workspace_seen ON visitors(workspace_id, last_seen_at);
-- serves: looking a visitor up by email (contact search, lead dedupe)
CREATE INDEX idx_visitors_workspace_email ON visitors(workspace_id, email);

-- The index row of one conversation (the ConversationDO holds the live state).
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  chatbot_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active','waiting','escalated','agent_handling','resolved','abandoned','archived')),
  mode TEXT NOT NULL DEFAULT 'bot' CHECK (mode IN ('bot','human')),
  bot_mode TEXT NOT NULL DEFAULT 'active' CHECK (bot_mode IN ('active','passive','off')),
  assigned_agent_id TEXT,
  subject TEXT, -- preview of the first visitor message
  last_message_preview TEXT,
  last_message_at TEXT,
  message_count INTEGER NOT NULL DEFAULT 0,
  unread_count_agent INTEGER NOT NULL DEFAULT 0,
  tags TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
  rating INTEGER,
  rating_comment TEXT,
  has_notes INTEGER NOT NULL DEFAULT 0,
  escalation_reason TEXT,
  channel TEXT NOT NULL DEFAULT 'web',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  resolved_at TEXT
);
-- serves: the inbox list filtered by status, most recent activity first
CREATE INDEX idx_conversations_ws_status_last ON conversations(workspace_id, status, last_message_at);
-- serves: the inbox list of everything, most recent activity first
CREATE INDEX idx_conversations_ws_last ON conversations(workspace_id, last_message_at);
-- serves: "assigned to me" / per-agent load
CREATE INDEX idx_conversations_ws_agent ON conversations(workspace_id, assigned_agent_id, status);
-- serves: a visitor's previous conversations (widget resume, customer context)
CREATE INDEX idx_conversations_visitor ON conversations(visitor_id, created_at);
-- serves: per-chatbot listing and analytics
CREATE INDEX idx_conversations_ws_chatbot ON conversations(workspace_id, chatbot_id, created_at);

-- Mirror of every conversation message for search and analytics (upserted by id).
CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('visitor','bot','agent','system')),
  author_id TEXT,
  author_name TEXT,
  text TEXT NOT NULL DEFAULT '',
  rich TEXT, -- JSON RichContent
  attachments TEXT, -- JSON [Attachment]
  ai_metadata TEXT, -- JSON {model, confidence, sources, intent, sentiment, latency_ms, tokens}
  intent TEXT,
  sentiment TEXT,
  created_at TEXT NOT NULL
);
-- serves: a conversation's thread in order (and guarantees one message per seq)
CREATE UNIQUE INDEX idx_messages_conv_seq ON messages(conversation_id, seq);
-- serves: analytics over a workspace's messages by time
CREATE INDEX idx_messages_ws_created ON messages(workspace_id, created_at);

-- Everything that happened to a conversation: status changes, takeovers,
-- transfers, escalations, ratings.
CREATE TABLE conversation_events (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL,
  type TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT,
  actor TEXT, -- 'visitor', 'bot', 'system' or a user id
  data TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
-- serves: a conversation's timeline
CREATE INDEX idx_conversation_events_conv ON conversation_events(conversation_id, created_at);
-- serves: analytics over events by type (escalations, takeovers) in a period
CREATE INDEX idx_conversation_events_ws_type ON conversation_events(workspace_id, type, created_at);
