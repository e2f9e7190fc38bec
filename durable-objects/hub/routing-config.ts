import type { AssignmentMode } from "./pick";

export interface TeamConfig {
  id: string;
  name: string;
  assignment: AssignmentMode;
  capacity: number;
  replyLimitSeconds: number | null;
  offlineGraceSeconds: number;
  /** member → their own capacity (null: the team's) */
  members: Map<string, number | null>;
}

export interface RoutingConfig {
  teams: Map<string, TeamConfig>;
  chatbotTeam: Map<string, string>;
}

/** Reads a workspace's teams, members and chatbot → team map from D1 (three indexed reads). */
export async function loadRoutingConfig(db: D1Database, workspaceId: string): Promise<RoutingConfig> {
  const [teams, members, bots] = await db.batch([
    db.prepare(`select id, name, assignment, capacity, reply_limit_seconds, offline_grace_seconds from teams where workspace_id = ?1`).bind(workspaceId),
    db.prepare(`select team_id, user_id, capacity from team_members where workspace_id = ?1`).bind(workspaceId),
    db.prepare(`select chatbot_id, team_id from chatbot_routing where workspace_id = ?1 and team_id is not null`).bind(workspaceId),
  ]);
  const out: RoutingConfig = { teams: new Map(), chatbotTeam: new Map() };
  for (const t of (teams?.results ?? []) as { id: string; name: string; assignment: AssignmentMode; capacity: number; reply_limit_seconds: number | null; offline_grace_seconds: number }[]) {
    out.teams.set(t.id, {
      id: t.id, name: t.name, assignment: t.assignment, capacity: t.capacity, replyLimitSeconds: t.reply_limit_seconds,
      offlineGraceSeconds: t.offline_grace_seconds, members: new Map(),
    });
  }
  for (const m of (members?.results ?? []) as { team_id: string; user_id: string; capacity: number | null }[]) out.teams.get(m.team_id)?.members.set(m.user_id, m.capacity);
  for (const b of (bots?.results ?? []) as { chatbot_id: string; team_id: string }[]) out.chatbotTeam.set(b.chatbot_id, b.team_id);
  return out;
}
