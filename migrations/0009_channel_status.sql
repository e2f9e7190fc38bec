-- When a channel's provider last reached its webhook with a verified event:
-- the dashboard's verify step shows it ("waiting for the first message" until
-- then). A table of its own (not a column of `channels`): this migration's
-- number sorts before the one that creates `channels`.
CREATE TABLE channel_status (
  channel_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  last_event_at TEXT NOT NULL
);
