-- Chatbots and their configuration history. Each settings group is a JSON
-- object shaped exactly like the API (snake_case); `version` starts at 1 and
-- every update bumps it after copying the previous configuration into
-- chatbot_versions. Times are ISO-8601 UTC text.
CREATE TABLE chatbots (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive','archived')),
  personality TEXT NOT NULL DEFAULT 'professional',
  greeting_message TEXT NOT NULL,
  business_hours TEXT NOT NULL DEFAULT '{}',
  ai_settings TEXT NOT NULL DEFAULT '{}',
  widget_settings TEXT NOT NULL DEFAULT '{}',
  data_collection TEXT NOT NULL DEFAULT '{}',
  behavior_settings TEXT NOT NULL DEFAULT '{}',
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  -- the widget's public key (pk_…); rotatable
  public_key TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  updated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  archived_at TEXT,
  deleted_at TEXT
);
-- serves: the widget and visitor sessions looking a chatbot up by its public key
CREATE UNIQUE INDEX idx_chatbots_public_key ON chatbots(public_key);
-- serves: duplicate-name detection (case-insensitive) among a workspace's live chatbots
CREATE UNIQUE INDEX idx_chatbots_workspace_name ON chatbots(workspace_id, name COLLATE NOCASE) WHERE deleted_at IS NULL;
-- serves: listing a workspace's chatbots filtered by status, newest first
CREATE INDEX idx_chatbots_workspace_status ON chatbots(workspace_id, status, created_at);

-- One row per superseded configuration: the full config of `version` as it
-- was, who made it and when, and when the next update replaced it.
CREATE TABLE chatbot_versions (
  chatbot_id TEXT NOT NULL REFERENCES chatbots(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  config TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  superseded_at TEXT NOT NULL,
  -- the primary key also serves the history listing (newest version first)
  PRIMARY KEY (chatbot_id, version)
);
