-- Email as a channel (issue 11).
-- What an email connection shows and uses besides its sealed secrets: the
-- support address customers write to (the business forwards it to the
-- channel's inbound address), the name replies are sent under, and whether
-- replies go out from the support address itself (the business's own
-- provider key, sealed with the channel's secrets) or from the platform's
-- sender address.
CREATE TABLE email_channels (
  channel_id TEXT PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL,
  support_address TEXT NOT NULL,
  from_name TEXT,
  own_sender INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- The mail thread of an email conversation: its subject (replies go as
-- "Re: <subject>") and the customer's Message-IDs, so that replies carry
-- In-Reply-To / References and land in the customer's thread.
CREATE TABLE email_threads (
  conversation_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  last_message_id TEXT,
  references_ids TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);
CREATE INDEX email_threads_channel ON email_threads (channel_id);
