import type { PresenceStatus } from "../protocol";
import { readAgentAttachment } from "./attachment";

export interface AgentPresence {
  user_id: string;
  name: string;
  status: PresenceStatus;
}

const RANK: Record<PresenceStatus, number> = { online: 2, away: 1, offline: 0 };

/** One entry per agent with an open socket; the most available status of their sockets wins. */
export function presenceOf(sockets: WebSocket[]): AgentPresence[] {
  const byUser = new Map<string, AgentPresence>();
  for (const ws of sockets) {
    if (ws.readyState !== WebSocket.OPEN && ws.readyState !== WebSocket.CONNECTING) continue;
    const att = readAgentAttachment(ws);
    if (!att) continue;
    const seen = byUser.get(att.userId);
    if (!seen || RANK[att.status] > RANK[seen.status]) byUser.set(att.userId, { user_id: att.userId, name: att.name, status: att.status });
  }
  return [...byUser.values()].sort((a, b) => a.user_id.localeCompare(b.user_id));
}

/** Rough wait: two minutes with one agent online, shorter with more, five minutes with none. */
export function estimateWaitSeconds(onlineAgents: number): number {
  if (onlineAgents <= 0) return 300;
  return Math.max(30, Math.round(120 / onlineAgents));
}

/** The next agent after `cursor` in a stable order, wrapping around. */
export function pickRoundRobin<T extends { user_id: string }>(agents: T[], cursor: string | null): T | null {
  if (agents.length === 0) return null;
  const after = cursor ? agents.findIndex((a) => a.user_id > cursor) : 0;
  return agents[after === -1 ? 0 : after] ?? agents[0]!;
}
