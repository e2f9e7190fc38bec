-- Analytics: reporting events written once at their source (the ConversationDO
-- outbox, the order status machine) with deterministic ids, so a replayed flush
-- inserts nothing new; hourly rollups maintained from them by the rollup job
-- (claimed rows, one transaction per batch) and rebuildable from the events;
-- one facts row per conversation kept with order-independent updates (MIN/MAX),
-- for the per-conversation measures (bot resolution, handoffs, CSAT).
-- Times are ISO-8601 UTC text; durations are seconds.

CREATE TABLE analytics_events (
  -- deterministic: '<conversation>:<name>' for once-only events, '<conversation>:<name>:<message or event id>' otherwise
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  chatbot_id TEXT NOT NULL DEFAULT '',
  conversation_id TEXT NOT NULL DEFAULT '',
  agent_id TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT 'web',
  name TEXT NOT NULL,
  -- a breakdown of the name: escalation reason, resolved by bot|agent, the rating 1-5, the order status
  dim TEXT NOT NULL DEFAULT '',
  -- seconds for durations, the rating, the amount in minor units, the bot's confidence
  value REAL,
  -- durations only: the same span counted inside the chatbot's business hours (filled by the rollup job)
  value_in_business_hours REAL,
  -- details that are not measured (the bot answer's source ids, a rating comment, an order id)
  data TEXT,
  -- durations only: when the span began
  started_at TEXT,
  at TEXT NOT NULL,
  -- 0: not yet in the hourly rollup; a claim time (ms) while a rollup run holds it; 1: rolled up
  rolled_up INTEGER NOT NULL DEFAULT 0
);
-- serves: percentiles and drill-down of one measure over a range
CREATE INDEX idx_analytics_events_ws_name_at ON analytics_events (workspace_id, name, at);
-- serves: the rollup job's queue
CREATE INDEX idx_analytics_events_pending ON analytics_events (rolled_up) WHERE rolled_up <> 1;

CREATE TABLE analytics_hourly (
  workspace_id TEXT NOT NULL,
  -- the UTC hour the events happened in, 'YYYY-MM-DDTHH'
  hour TEXT NOT NULL,
  chatbot_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  name TEXT NOT NULL,
  dim TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  -- how many of them carry a value (averages divide by this)
  n_value INTEGER NOT NULL DEFAULT 0,
  sum_value REAL NOT NULL DEFAULT 0,
  sum_bh REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, hour, chatbot_id, agent_id, channel, name, dim)
) WITHOUT ROWID;

CREATE TABLE analytics_conversations (
  conversation_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  chatbot_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT 'web',
  created_at TEXT NOT NULL,
  first_visitor_at TEXT,
  last_visitor_at TEXT,
  last_bot_at TEXT,
  -- 1 once the bot answered something other than a greeting or thanks
  substantive INTEGER NOT NULL DEFAULT 0,
  escalated_at TEXT,
  escalation_reason TEXT,
  agent_id TEXT,
  assigned_at TEXT,
  first_response_s REAL,
  resolved_at TEXT,
  resolved_by TEXT,
  reopened_at TEXT,
  abandoned_at TEXT,
  rating INTEGER,
  rated_at TEXT,
  helpful INTEGER NOT NULL DEFAULT 0
);
-- serves: every per-conversation measure over a creation range
CREATE INDEX idx_analytics_conversations_ws_created ON analytics_conversations (workspace_id, created_at);
-- serves: "the visitor came back" for assumed bot resolutions
CREATE INDEX idx_analytics_conversations_visitor ON analytics_conversations (visitor_id, created_at);
