/**
 * Erasure of a visitor in the analytics events: the free text a person wrote
 * or that names them (a rating comment, a resolution note) leaves the events'
 * `data`; the measures (names, values, times) stay, so the figures do not move.
 * The ConversationDO drops the same keys from analytics rows still in its outbox.
 */
export const PERSONAL_KEYS = ["comment", "note", "text", "name", "email", "phone"] as const;

/** `?1` the workspace, `?2` a JSON array of its conversation ids. */
export function scrubAnalyticsStatement(db: D1Database, workspaceId: string, conversationIdsJson: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE analytics_events SET data = nullif(json_remove(data, ${PERSONAL_KEYS.map((k) => `'$.${k}'`).join(", ")}), '{}')
       WHERE workspace_id = ?1 AND conversation_id IN (SELECT value FROM json_each(?2)) AND data IS NOT NULL`,
    )
    .bind(workspaceId, conversationIdsJson);
}
