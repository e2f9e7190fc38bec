import { newId } from "../../common/ids";

/**
 * An agent's online intervals in D1 (`agent_online_intervals`), the source of
 * the per-agent online time in the analytics: the hub opens one when the
 * agent's presence becomes online and closes it when it becomes away or
 * offline. Both are idempotent: at most one open interval per agent (a unique
 * partial index), and closing an agent with none open changes nothing. A
 * failed write is logged and never blocks the presence change itself.
 */
export async function markOnline(db: D1Database, workspaceId: string | undefined, userId: string, at = new Date().toISOString(), fresh = false): Promise<void> {
  if (!workspaceId) return;
  const open = db
    .prepare(`INSERT OR IGNORE INTO agent_online_intervals (id, workspace_id, user_id, started_at, ended_at, seen_at) VALUES (?1, ?2, ?3, ?4, NULL, ?4)`)
    .bind(newId("onl"), workspaceId, userId, at);
  // `fresh`: the agent had no socket here, so an interval still open was never closed (the sockets vanished without
  // a close): it ends at its last sign of life
  const stale = db
    .prepare(`UPDATE agent_online_intervals SET ended_at = COALESCE(seen_at, started_at) WHERE workspace_id = ?1 AND user_id = ?2 AND ended_at IS NULL`)
    .bind(workspaceId, userId);
  await db
    .batch(fresh ? [stale, open] : [open])
    .catch((err) => console.error("online interval not opened", err));
}

/** How often an open interval's `seen_at` is stamped (on the dashboards' pings). */
export const SEEN_EVERY_MS = 5 * 60_000;

export async function markSeen(db: D1Database, workspaceId: string | undefined, userId: string, at = new Date().toISOString()): Promise<void> {
  if (!workspaceId) return;
  await db
    .prepare(`UPDATE agent_online_intervals SET seen_at = ?3 WHERE workspace_id = ?1 AND user_id = ?2 AND ended_at IS NULL`)
    .bind(workspaceId, userId, at)
    .run()
    .catch((err) => console.error("online interval not stamped", err));
}

export async function markNotOnline(db: D1Database, workspaceId: string | undefined, userId: string, at = new Date().toISOString()): Promise<void> {
  if (!workspaceId) return;
  await db
    .prepare(`UPDATE agent_online_intervals SET ended_at = MAX(started_at, ?3) WHERE workspace_id = ?1 AND user_id = ?2 AND ended_at IS NULL`)
    .bind(workspaceId, userId, at)
    .run()
    .catch((err) => console.error("online interval not closed", err));
}
