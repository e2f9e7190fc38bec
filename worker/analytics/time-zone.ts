/** The workspace's IANA time zone (settings.timezone), Asia/Bangkok when unset. */
export async function workspaceTimeZone(db: D1Database, workspaceId: string): Promise<string> {
  const row = await db
    .prepare(`SELECT json_extract(settings, '$.timezone') AS tz FROM workspaces WHERE id = ?1`)
    .bind(workspaceId)
    .first<{ tz: string | null }>();
  return row?.tz || "Asia/Bangkok";
}
