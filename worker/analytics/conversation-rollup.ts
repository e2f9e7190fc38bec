import { BOT_ONLY, CONFIRMED, HANDOFF, QUIET, RESOLVED, RETURNED } from "./metrics";

/**
 * The per-conversation measures by creation hour (`analytics_conversations_hourly`),
 * always recomputed from the facts rows of an hour, never patched: a rollup run
 * marks the hours of the conversations its batch touched (and those of a
 * returning visitor's earlier conversations, whose "assumed" may change), a
 * visitor's helpful mark marks its hour through a trigger, and the same run
 * recomputes them. The rebuild recomputes every hour with the same SELECT.
 */
const COLUMNS = `workspace_id, hour, chatbot_id, agent_id, channel, quiet_hour, conversations, resolved, handoffs, bot_handled, bot_confirmed,
  quiet, quiet_returned, ratings, satisfied, abandoned, r1, r2, r3, r4, r5`;

const SELECT = `SELECT c.workspace_id, substr(c.created_at, 1, 13), c.chatbot_id, COALESCE(c.agent_id, ''), c.channel,
    CASE WHEN ${QUIET} THEN substr(c.last_bot_at, 1, 13) ELSE '' END,
    COUNT(*), TOTAL(${RESOLVED}), TOTAL(${HANDOFF}), TOTAL(${BOT_ONLY}), TOTAL(${CONFIRMED}),
    TOTAL(${QUIET}), TOTAL(${QUIET} AND ${RETURNED}),
    TOTAL(rating IS NOT NULL), TOTAL(COALESCE(rating, 0) >= 4), TOTAL(abandoned_at IS NOT NULL AND NOT ${RESOLVED}),
    TOTAL(rating = 1), TOTAL(rating = 2), TOTAL(rating = 3), TOTAL(rating = 4), TOTAL(rating = 5)`;
const GROUP = `GROUP BY 1, 2, 3, 4, 5, 6`;

/** Marks the hours a claimed batch (`?1` = the claim) touched. */
export const MARK_BATCH_SQL = `INSERT OR IGNORE INTO analytics_dirty_hours (workspace_id, hour)
  SELECT c.workspace_id, substr(c.created_at, 1, 13) FROM analytics_conversations c
  WHERE c.conversation_id IN (SELECT conversation_id FROM analytics_events INDEXED BY idx_analytics_events_pending WHERE rolled_up = ?1 AND rolled_up <> 1)
  UNION
  SELECT p.workspace_id, substr(p.created_at, 1, 13) FROM analytics_conversations n JOIN analytics_conversations p ON p.visitor_id = n.visitor_id AND p.chatbot_id = n.chatbot_id
  WHERE n.conversation_id IN (SELECT conversation_id FROM analytics_events INDEXED BY idx_analytics_events_pending WHERE rolled_up = ?1 AND rolled_up <> 1 AND name = 'conversation_created')
    AND n.visitor_id <> '' AND p.conversation_id <> n.conversation_id AND p.created_at < n.created_at
    AND p.last_bot_at >= strftime('%Y-%m-%dT%H:%M:%fZ', n.created_at, '-24 hours')`;

/** Recomputes every marked hour and clears the marks (run inside the rollup's transaction). */
export const REFRESH_SQL = [
  `DELETE FROM analytics_conversations_hourly WHERE (workspace_id, hour) IN (SELECT workspace_id, hour FROM analytics_dirty_hours)`,
  `INSERT INTO analytics_conversations_hourly (${COLUMNS})
   ${SELECT} FROM analytics_dirty_hours d JOIN analytics_conversations c ON c.workspace_id = d.workspace_id AND c.created_at >= d.hour AND c.created_at < d.hour || ';'
   ${GROUP}`,
  `DELETE FROM analytics_dirty_hours`,
];

/** The rebuild's statements (`?1` = the workspace). */
export const CONVERSATIONS_REBUILD_SQL = `DELETE FROM analytics_conversations_hourly WHERE workspace_id = ?1;
DELETE FROM analytics_dirty_hours WHERE workspace_id = ?1;
INSERT INTO analytics_conversations_hourly (${COLUMNS})
  ${SELECT} FROM analytics_conversations c WHERE c.workspace_id = ?1 ${GROUP}`;

export async function hasDirtyHours(db: D1Database): Promise<boolean> {
  return !!(await db.prepare(`SELECT 1 AS x FROM analytics_dirty_hours LIMIT 1`).first());
}
