/** Assignment modes of a team. */
export type AssignmentMode = "balanced" | "round_robin" | "manual";

/** An eligible member: online with an open dashboard, below their capacity. */
export interface Candidate {
  userId: string;
  name: string;
  /** open conversations they hold now */
  load: number;
  capacity: number;
  /** when they were last given a conversation (0: never) */
  lastAssignedAt: number;
}

/**
 * The member a conversation goes to, or null when nobody can take one.
 * balanced: fewest open conversations, ties to whoever waited longest since
 * their last assignment, then by id; round_robin: the next member after
 * `cursor` in a stable order; manual: never automatic.
 */
export function pickAgent(mode: AssignmentMode, all: Candidate[], cursor: string | null = null): Candidate | null {
  const open = all.filter((c) => c.load < c.capacity);
  if (mode === "manual" || open.length === 0) return null;
  if (mode === "round_robin") {
    const sorted = [...open].sort((a, b) => a.userId.localeCompare(b.userId));
    return sorted.find((c) => cursor === null || c.userId > cursor) ?? sorted[0]!;
  }
  return open.reduce((best, c) =>
    c.load < best.load || (c.load === best.load && (c.lastAssignedAt < best.lastAssignedAt || (c.lastAssignedAt === best.lastAssignedAt && c.userId < best.userId)))
      ? c
      : best,
  );
}

/**
 * Honest wait for the visitor at `position` (1-based): the queue ahead shared
 * by the members online, each taking about one average handling time per
 * conversation; with nobody online, the whole queue ahead one after another.
 */
export function estimateQueueWait(position: number, onlineMembers: number, averageHandleSeconds: number): number {
  const rounds = Math.ceil(position / Math.max(1, onlineMembers));
  return Math.max(30, Math.round(rounds * averageHandleSeconds));
}

/** Queue priority of an escalation reason (higher first); requeued conversations go before new ones. */
export function priorityOf(reason: string): number {
  if (reason === "agent_offline" || reason === "reply_timeout") return 3;
  if (reason === "negative_sentiment" || reason === "reopened") return 2;
  if (reason === "explicit_request") return 1;
  return 0;
}
