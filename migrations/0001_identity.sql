-- Workspaces, users, memberships (role per workspace), sessions (refresh-token
-- families), API keys. Times are ISO-8601 UTC text.
CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  plan TEXT NOT NULL DEFAULT 'starter',
  settings TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  password_hash TEXT,
  email_verified_at TEXT,
  google_id TEXT UNIQUE,
  mfa_secret TEXT,
  mfa_enabled INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active', -- active, deactivated
  last_login_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE memberships (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner','admin','agent','viewer')),
  status TEXT NOT NULL DEFAULT 'active', -- active, deactivated
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
);
-- serves: "which workspaces does this user belong to" at login
CREATE INDEX idx_memberships_user ON memberships(user_id);

-- One row per refresh token ever issued; a login starts a family, each refresh
-- rotates within it; reuse of a rotated token revokes the family.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at TEXT NOT NULL,
  rotated_at TEXT,
  revoked_at TEXT,
  user_agent TEXT,
  ip TEXT,
  created_at TEXT NOT NULL
);
-- serves: active-session count per user and revocation of a user's sessions
CREATE INDEX idx_sessions_user ON sessions(user_id, revoked_at);
-- serves: revoking a whole family on reuse
CREATE INDEX idx_sessions_family ON sessions(family_id);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL DEFAULT '[]',
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  last_used_at TEXT,
  revoked_at TEXT,
  created_at TEXT NOT NULL
);
-- serves: listing a workspace's keys
CREATE INDEX idx_api_keys_workspace ON api_keys(workspace_id);
