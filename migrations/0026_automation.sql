-- Automation rules: per workspace, in order, "when <trigger> if <conditions>
-- then <actions>". The shape of trigger, conditions and actions is one zod
-- schema (worker/automation/schema.ts); the columns hold its JSON.

CREATE TABLE automation_rules (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  -- the order rules run in (0 first)
  position INTEGER NOT NULL,
  -- the trigger's type, copied out of `trigger` for the lookup by event
  trigger_type TEXT NOT NULL,
  -- JSON {type, minutes?}
  trigger TEXT NOT NULL,
  -- 'all' | 'any'
  match TEXT NOT NULL DEFAULT 'all' CHECK (match IN ('all', 'any')),
  -- JSON [condition]
  conditions TEXT NOT NULL DEFAULT '[]',
  -- JSON [action]
  actions TEXT NOT NULL,
  -- a matching rule ends the run: later rules are not looked at for that event
  stop_processing INTEGER NOT NULL DEFAULT 0 CHECK (stop_processing IN (0, 1)),
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: the enabled rules of a workspace for one trigger, in order (and the list in order)
CREATE INDEX idx_automation_rules_lookup ON automation_rules(workspace_id, trigger_type, enabled, position);

-- One row per rule and event it was looked at for: a replayed flush or a
-- retried queue message finds the row and runs nothing twice.
CREATE TABLE automation_runs (
  rule_id TEXT NOT NULL,
  -- the conversation event, message or order event id (idle: conversation id + its last activity)
  event_key TEXT NOT NULL,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  conversation_id TEXT,
  -- matched | skipped | failed
  outcome TEXT NOT NULL,
  -- JSON [{type, ok, detail}]
  actions TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  PRIMARY KEY (rule_id, event_key)
);
-- serves: a conversation's rule runs, newest first
CREATE INDEX idx_automation_runs_conversation ON automation_runs(conversation_id, created_at);

-- serves: the cron's scan for paid and abandoned orders of workspaces with order rules
CREATE INDEX idx_order_events_workspace_created ON order_events(workspace_id, created_at);
