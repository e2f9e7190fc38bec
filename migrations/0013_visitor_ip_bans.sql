-- Bans by network: agents can ban a visitor's IP (kept only as a keyed hash,
-- with an expiry), so a banned visitor cannot come back as a new visitor.
-- visitors.last_ip_hash is the hash of the network the visitor last came from.
ALTER TABLE visitors ADD COLUMN last_ip_hash TEXT;

CREATE TABLE visitor_ip_bans (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  ip_hash TEXT NOT NULL,
  visitor_id TEXT,
  reason TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
-- serves: "is this network banned in this workspace right now?" on every visitor request
CREATE INDEX idx_visitor_ip_bans_lookup ON visitor_ip_bans(workspace_id, ip_hash, expires_at);
-- serves: lifting the IP bans placed through a visitor when they are unbanned
CREATE INDEX idx_visitor_ip_bans_visitor ON visitor_ip_bans(workspace_id, visitor_id);
