-- Channels (LINE, Telegram, …), outgoing webhooks and the delivery records of
-- everything the OUTBOUND queue sends.

-- A messaging-channel connection of a chatbot. Provider secrets are sealed
-- (AES-GCM bound to the workspace and channel id) and never returned.
CREATE TABLE channels (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  chatbot_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT,
  secrets_enc TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_channels_workspace ON channels (workspace_id, created_at);

-- One person on one channel: their channel-side id, the visitor row and the
-- conversation their messages go to, the newest reply token (LINE) and when
-- they last wrote (the providers' reply windows).
CREATE TABLE channel_contacts (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  chatbot_id TEXT NOT NULL,
  channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  external_id TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  conversation_id TEXT,
  display_name TEXT,
  picture_url TEXT,
  following INTEGER NOT NULL DEFAULT 1,
  reply_token TEXT,
  reply_token_at TEXT,
  last_inbound_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (channel_id, external_id)
);
CREATE INDEX idx_channel_contacts_conversation ON channel_contacts (conversation_id);

-- Provider event ids already taken in (webhookEventId, update_id …): redeliveries are ignored.
CREATE TABLE channel_events_seen (
  channel_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (channel_id, event_id)
);

-- Delivery state of each outbound message to a channel (the message id is the idempotency key).
CREATE TABLE channel_deliveries (
  message_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  method TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_channel_deliveries_conversation ON channel_deliveries (conversation_id, created_at);
CREATE INDEX idx_channel_deliveries_push ON channel_deliveries (workspace_id, method, updated_at);

-- The conversation's channel-side ids (the `channel` column already names the channel).
ALTER TABLE conversations ADD COLUMN channel_id TEXT;
ALTER TABLE conversations ADD COLUMN channel_user_id TEXT;
CREATE INDEX idx_conversations_channel ON conversations (workspace_id, channel, last_message_at);

-- Outgoing webhooks (Zapier-style): the signing secret is sealed and shown once.
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  events TEXT NOT NULL DEFAULT '[]',
  active INTEGER NOT NULL DEFAULT 1,
  secret_enc TEXT NOT NULL,
  failing INTEGER NOT NULL DEFAULT 0,
  last_failure TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_webhooks_workspace ON webhooks (workspace_id, active);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  response_status INTEGER,
  response_excerpt TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at);

-- Local development only: what the built-in LINE API fake received (`/api/v1/dev/line`).
CREATE TABLE dev_channel_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  provider TEXT NOT NULL,
  path TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
