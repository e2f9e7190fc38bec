-- Routing: teams (departments) with members and capacity, and the team each
-- chatbot's escalations go to. The live truth of who holds what and who waits
-- in which queue is the WorkspaceHubDO (the one writer of every claim); D1
-- holds the configuration it reads.

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  -- balanced: fewest open conversations, ties to whoever waited longest; round_robin; manual: queue only
  assignment TEXT NOT NULL DEFAULT 'balanced' CHECK (assignment IN ('balanced','round_robin','manual')),
  -- default maximum of concurrent conversations per member
  capacity INTEGER NOT NULL DEFAULT 5 CHECK (capacity BETWEEN 1 AND 100),
  -- the assignee must answer within this many seconds or the conversation returns to the queue (null: no limit)
  reply_limit_seconds INTEGER CHECK (reply_limit_seconds IS NULL OR reply_limit_seconds BETWEEN 5 AND 86400),
  -- how long an assignee may be offline before their conversations return to the queue
  offline_grace_seconds INTEGER NOT NULL DEFAULT 60 CHECK (offline_grace_seconds BETWEEN 0 AND 3600),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: a workspace's teams by name, and name uniqueness
CREATE UNIQUE INDEX idx_teams_workspace_name ON teams(workspace_id, name COLLATE NOCASE);

CREATE TABLE team_members (
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- this member's own maximum (null: the team's capacity)
  capacity INTEGER CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 100),
  created_at TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
-- serves: the hub loading every team's members of a workspace at once
CREATE INDEX idx_team_members_workspace ON team_members(workspace_id, team_id);

CREATE TABLE chatbot_routing (
  chatbot_id TEXT PRIMARY KEY REFERENCES chatbots(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  team_id TEXT REFERENCES teams(id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL
);
-- serves: the hub loading a workspace's chatbot → team map
CREATE INDEX idx_chatbot_routing_workspace ON chatbot_routing(workspace_id);
