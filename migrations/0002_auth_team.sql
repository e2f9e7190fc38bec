-- Accounts and team: one-time tokens (email verification, password reset),
-- invitations, login rate limits, the audit log and the development mailbox.
-- Times are ISO-8601 UTC text.

-- Single-use tokens mailed to a user; only the SHA-256 of the token is stored.
CREATE TABLE auth_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('verify_email','reset_password')),
  token_hash TEXT NOT NULL UNIQUE, -- serves: redeeming a token by its hash
  expires_at TEXT NOT NULL,
  used_at TEXT,
  created_at TEXT NOT NULL
);
-- serves: invalidating a user's outstanding tokens of one purpose after a reset
CREATE INDEX idx_auth_tokens_user ON auth_tokens(user_id, purpose);

CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email TEXT NOT NULL COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('owner','admin','agent','viewer')),
  token_hash TEXT NOT NULL UNIQUE, -- serves: lookup and accept by token
  invited_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  expires_at TEXT NOT NULL,
  accepted_at TEXT,
  revoked_at TEXT,
  created_at TEXT NOT NULL
);
-- serves: listing a workspace's pending invitations and finding a duplicate by email
CREATE INDEX idx_invitations_workspace ON invitations(workspace_id, email);

-- Fixed-window counters: key = "<scope>:<subject>", window_start = epoch seconds.
CREATE TABLE rate_limits (
  key TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
-- serves: the scheduled sweep of expired windows
CREATE INDEX idx_rate_limits_expires ON rate_limits(expires_at);

CREATE TABLE audit_logs (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  actor_user_id TEXT,
  actor_api_key_id TEXT,
  action TEXT NOT NULL, -- e.g. user.login, member.role_changed, chatbot.created
  resource_type TEXT,
  resource_id TEXT,
  changes TEXT, -- JSON {before?, after?} or free-form details
  ip TEXT,
  user_agent TEXT,
  created_at TEXT NOT NULL
);
-- serves: the audit log listing, newest first, with cursor pagination
CREATE INDEX idx_audit_logs_workspace_created ON audit_logs(workspace_id, created_at DESC, id DESC);
-- serves: filtering the audit log by action
CREATE INDEX idx_audit_logs_workspace_action ON audit_logs(workspace_id, action, created_at DESC);
-- serves: filtering the audit log by actor
CREATE INDEX idx_audit_logs_workspace_actor ON audit_logs(workspace_id, actor_user_id, created_at DESC);
-- serves: filtering the audit log by resource
CREATE INDEX idx_audit_logs_workspace_resource ON audit_logs(workspace_id, resource_type, resource_id);

-- Outgoing mail captured in development and tests (no provider configured).
CREATE TABLE dev_mail (
  id TEXT PRIMARY KEY,
  workspace_id TEXT,
  "to" TEXT NOT NULL COLLATE NOCASE,
  subject TEXT NOT NULL,
  text TEXT NOT NULL,
  html TEXT,
  created_at TEXT NOT NULL
);
-- serves: the dev mailbox listing, newest first, optionally by recipient
CREATE INDEX idx_dev_mail_to ON dev_mail("to", created_at DESC);
CREATE INDEX idx_dev_mail_created ON dev_mail(created_at DESC);
