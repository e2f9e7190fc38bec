-- WhatsApp Cloud API channel (issue 11).
-- The approved message templates of a channel's WhatsApp Business Account
-- (synced from the Graph API on connect and on demand): what an agent may send
-- once the 24-hour customer-service window has closed.
CREATE TABLE channel_templates (
  channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL,
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  category TEXT,
  body TEXT NOT NULL DEFAULT '',
  param_count INTEGER NOT NULL DEFAULT 0,
  synced_at TEXT NOT NULL,
  PRIMARY KEY (channel_id, name, language)
);

-- A template an agent chose for a message: written (keyed by the composer's
-- client id) before the message is appended, bound to the message id right
-- after, read by the channel send.
CREATE TABLE channel_template_sends (
  conversation_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  message_id TEXT,
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  parameters TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, client_id)
);
CREATE UNIQUE INDEX idx_channel_template_sends_message ON channel_template_sends (message_id);

-- The provider's id of each part of a sent message: a retry skips the parts
-- already accepted, and status webhooks (delivered / read / failed) find the
-- message they are about.
CREATE TABLE channel_provider_messages (
  channel_id TEXT NOT NULL,
  provider_message_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  part INTEGER NOT NULL,
  workspace_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (channel_id, provider_message_id)
);
CREATE UNIQUE INDEX idx_channel_provider_messages_part ON channel_provider_messages (message_id, part);
