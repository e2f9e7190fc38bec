-- Analytics at scale: the dashboards read rollups, never a range of raw rows.
-- (Numbered before 0021_analytics, so nothing here is created ON the analytics
-- tables; the trigger bodies name them, which SQLite resolves when they fire.)

-- The per-conversation measures by the UTC hour the conversations were created
-- in, recomputed from analytics_conversations for every hour a rollup run
-- touched (worker/analytics/conversation-rollup.ts), so the figures are those
-- of the facts rows, whatever order the facts arrived in.
CREATE TABLE analytics_conversations_hourly (
  workspace_id TEXT NOT NULL,
  -- the UTC hour the conversations were created in, 'YYYY-MM-DDTHH'
  hour TEXT NOT NULL,
  chatbot_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  -- for bot-only conversations quiet since the bot's last answer: the UTC hour of that answer
  -- (the 24 h assumed-resolution rule is judged from it); '' for every other conversation
  quiet_hour TEXT NOT NULL,
  conversations INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  handoffs INTEGER NOT NULL DEFAULT 0,
  bot_handled INTEGER NOT NULL DEFAULT 0,
  bot_confirmed INTEGER NOT NULL DEFAULT 0,
  -- quiet bot-only conversations, and those of them whose visitor came back within 24 h
  quiet INTEGER NOT NULL DEFAULT 0,
  quiet_returned INTEGER NOT NULL DEFAULT 0,
  ratings INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  abandoned INTEGER NOT NULL DEFAULT 0,
  r1 INTEGER NOT NULL DEFAULT 0,
  r2 INTEGER NOT NULL DEFAULT 0,
  r3 INTEGER NOT NULL DEFAULT 0,
  r4 INTEGER NOT NULL DEFAULT 0,
  r5 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, hour, chatbot_id, agent_id, channel, quiet_hour)
) WITHOUT ROWID;

-- Hours whose conversation rollup must be recomputed (a visitor's helpful mark
-- arrives outside the events; the rollup run also adds the hours of its batch).
CREATE TABLE analytics_dirty_hours (
  workspace_id TEXT NOT NULL,
  hour TEXT NOT NULL,
  PRIMARY KEY (workspace_id, hour)
) WITHOUT ROWID;

CREATE TRIGGER analytics_feedback_dirty AFTER INSERT ON answer_feedback WHEN new.by = 'visitor' BEGIN
  INSERT OR IGNORE INTO analytics_dirty_hours (workspace_id, hour)
    SELECT workspace_id, substr(created_at, 1, 13) FROM analytics_conversations WHERE conversation_id = new.conversation_id;
END;
CREATE TRIGGER analytics_feedback_dirty_update AFTER UPDATE OF helpful ON answer_feedback WHEN new.by = 'visitor' BEGIN
  INSERT OR IGNORE INTO analytics_dirty_hours (workspace_id, hour)
    SELECT workspace_id, substr(created_at, 1, 13) FROM analytics_conversations WHERE conversation_id = new.conversation_id;
END;

-- Durations (first response, reply, resolution, handle time) as histograms per
-- UTC hour and per UTC day: bucket = the whole seconds with every digit after
-- the third zeroed (exact below 1,000 s, within 1 % above), with count, sum,
-- min and max, so a median or p90 over months reads the day rows of the whole
-- days, the hour rows of the whole hours around them and the events of the
-- partial hours at the ends.
CREATE TABLE analytics_duration_hist (
  workspace_id TEXT NOT NULL,
  name TEXT NOT NULL,
  -- 0: wall-clock seconds; 1: seconds inside the chatbot's business hours
  business INTEGER NOT NULL,
  -- 'h': period is a UTC hour 'YYYY-MM-DDTHH'; 'd': a UTC day 'YYYY-MM-DD'
  grain TEXT NOT NULL,
  period TEXT NOT NULL,
  chatbot_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  sum_value REAL NOT NULL DEFAULT 0,
  min_value REAL NOT NULL,
  max_value REAL NOT NULL,
  PRIMARY KEY (workspace_id, name, business, grain, period, chatbot_id, agent_id, channel, bucket)
) WITHOUT ROWID;

-- analytics_hourly summed per UTC day (same keys and sums), so totals over
-- months read a row per day for the whole days of a range.
CREATE TABLE analytics_daily (
  workspace_id TEXT NOT NULL,
  -- 'YYYY-MM-DD' (UTC)
  day TEXT NOT NULL,
  chatbot_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  name TEXT NOT NULL,
  dim TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  n_value INTEGER NOT NULL DEFAULT 0,
  sum_value REAL NOT NULL DEFAULT 0,
  sum_bh REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, day, chatbot_id, agent_id, channel, name, dim)
) WITHOUT ROWID;

-- serves: the bot report's unanswered questions of a workspace over a range
CREATE INDEX idx_kb_queries_unanswered ON kb_queries (workspace_id, created_at) WHERE answered = 0;

-- CSV exports, run as background jobs (OUTBOUND queue) into R2.
CREATE TABLE analytics_exports (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  -- conversations | events | metrics
  kind TEXT NOT NULL,
  format TEXT NOT NULL DEFAULT 'csv',
  -- the range and filters, JSON
  params TEXT NOT NULL,
  -- queued | running | done | failed
  status TEXT NOT NULL DEFAULT 'queued',
  rows INTEGER NOT NULL DEFAULT 0,
  -- where the next page starts (the last key written), so a retried job resumes
  cursor TEXT,
  parts INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  r2_key TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX idx_analytics_exports_ws ON analytics_exports (workspace_id, created_at);
