-- Analytics, the remaining measures: per-agent online time, handled conversations
-- counted once per agent, and the reads of unique visitors.

-- An agent's online intervals in a workspace, written by the WorkspaceHubDO when
-- the agent's presence changes: opened when they go online (first dashboard
-- socket, or back from away), closed when they go away or offline (last socket
-- closed). At most one open interval per agent and workspace.
CREATE TABLE agent_online_intervals (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  started_at TEXT NOT NULL,
  -- NULL while the agent is online
  ended_at TEXT,
  -- the last sign of life while open (a dashboard ping, stamped at most every few minutes): where an interval the hub
  -- could not close (its sockets vanished without a close) is closed when the agent next comes online
  seen_at TEXT
);
-- serves: the online time of a range (intervals that start before its end)
CREATE INDEX idx_agent_online_ws_start ON agent_online_intervals (workspace_id, started_at);
-- serves: closing the open interval; keeps one open interval per agent
CREATE UNIQUE INDEX idx_agent_online_open ON agent_online_intervals (workspace_id, user_id) WHERE ended_at IS NULL;

-- serves: unique visitors of a range (COUNT(DISTINCT visitor_id) from the index alone)
CREATE INDEX idx_analytics_conversations_ws_created_visitor ON analytics_conversations (workspace_id, created_at, visitor_id);

-- "conversations handled" per agent counts each conversation once per agent: the
-- first assignment of each agent to a conversation, as its own event (the flush
-- writes it from now on); existing assignments are backfilled here and rolled up
-- by the next rollup run.
INSERT OR IGNORE INTO analytics_events (id, workspace_id, chatbot_id, conversation_id, agent_id, channel, name, dim, at)
  SELECT conversation_id || ':agent_conversation:' || agent_id, workspace_id, chatbot_id, conversation_id, agent_id, channel, 'agent_conversation', '', MIN(at)
  FROM analytics_events WHERE name = 'agent_assigned' AND agent_id <> '' AND conversation_id <> ''
  GROUP BY conversation_id, agent_id;
