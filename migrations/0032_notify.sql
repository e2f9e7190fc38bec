-- The notification centre: per-member preferences, browser push (VAPID keys and
-- subscriptions per device) and a Slack incoming webhook per workspace.

-- A notification made from an event that may be handled twice (a retried queue
-- message) carries the event's key; one row per member and key.
ALTER TABLE notifications ADD COLUMN dedupe_key TEXT;
-- 0: the member turned in-app off for this kind; the row is kept only so a retry does not
-- email or push the same event again, and the centre never lists it
ALTER TABLE notifications ADD COLUMN shown INTEGER NOT NULL DEFAULT 1;
-- serves: at most one notification per member for one event
CREATE UNIQUE INDEX idx_notifications_dedupe ON notifications(workspace_id, user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
-- serves: the unread count and "mark all read"
CREATE INDEX idx_notifications_unread ON notifications(workspace_id, user_id) WHERE read_at IS NULL;

-- A member's choices per event × medium, as a JSON map {"escalation": {"email": false}, …};
-- only what differs from the defaults is stored.
CREATE TABLE notification_preferences (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  prefs TEXT NOT NULL DEFAULT '{}',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
);

-- The platform's VAPID key pair (RFC 8292), made on first use; the private key is
-- sealed with ENCRYPTION_KEY like the workspaces' provider secrets.
CREATE TABLE push_vapid_keys (
  id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  private_key_enc TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- One browser (device) of a member that accepted push notifications.
CREATE TABLE push_subscriptions (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  endpoint TEXT NOT NULL,
  p256dh TEXT NOT NULL,
  auth TEXT NOT NULL,
  user_agent TEXT,
  created_at TEXT NOT NULL,
  last_sent_at TEXT
);
-- serves: re-subscribing the same browser replaces its row
CREATE UNIQUE INDEX idx_push_subscriptions_endpoint ON push_subscriptions(workspace_id, user_id, endpoint);
-- serves: a member's devices when a notification is pushed
CREATE INDEX idx_push_subscriptions_user ON push_subscriptions(workspace_id, user_id);

-- A workspace's Slack incoming webhook (the URL is a secret: sealed, never returned).
CREATE TABLE slack_integrations (
  workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  webhook_url_enc TEXT NOT NULL,
  -- which events are posted: JSON array of "escalation" | "new_conversation"
  events TEXT NOT NULL DEFAULT '["escalation","new_conversation"]',
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
