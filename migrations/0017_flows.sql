-- Flows: versioned conversation scripts per chatbot. `flows` holds the draft
-- the editor changes; publishing copies it into an immutable `flow_versions`
-- row and points the flow at it. New conversations carry the published
-- versions' triggers; a running conversation keeps the version it started
-- with (its graph is copied into the ConversationDO's storage).

CREATE TABLE flows (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  chatbot_id TEXT NOT NULL REFERENCES chatbots(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  -- JSON {type: conversation_start|keyword|button, value?}
  trigger TEXT NOT NULL,
  -- JSON graph {schema_version, start, nodes[]} (the draft)
  graph TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  published_version_id TEXT,
  published_version INTEGER,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: a workspace's flows (optionally one chatbot's), newest first
CREATE INDEX idx_flows_workspace ON flows(workspace_id, chatbot_id, updated_at);
-- serves: the published, enabled flows of a chatbot read when a conversation starts
CREATE INDEX idx_flows_chatbot_live ON flows(chatbot_id) WHERE published_version_id IS NOT NULL AND enabled = 1;

CREATE TABLE flow_versions (
  id TEXT PRIMARY KEY,
  flow_id TEXT NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  chatbot_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  trigger TEXT NOT NULL,
  graph TEXT NOT NULL,
  published_by TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (flow_id, version)
);
