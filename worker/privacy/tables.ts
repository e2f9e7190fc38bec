/**
 * The D1 tables that carry a given column (e.g. `workspace_id`, `chatbot_id`),
 * read from sqlite_master, so purges and their tests cover tables added later
 * without a list to keep in sync.
 */
export async function tablesWithColumn(db: D1Database, column: string): Promise<string[]> {
  const { results } = await db
    .prepare(
      `select m.name as name from sqlite_master m join pragma_table_info(m.name) p
       where m.type = 'table' and p.name = ?1 and m.name not like 'sqlite_%' and m.name not like '\\_cf\\_%' escape '\\' and m.name <> 'd1_migrations'
       order by m.name`,
    )
    .bind(column)
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

/** `"name"` for a table name read from sqlite_master. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Deletes every R2 object under `prefix` (listing in pages of 1,000). Returns how many were deleted. */
export async function deleteR2Prefix(bucket: R2Bucket, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, limit: 1000, ...(cursor ? { cursor } : {}) });
    const keys = page.objects.map((o) => o.key);
    if (keys.length) await bucket.delete(keys);
    deleted += keys.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}

/** R2 key prefixes of what a workspace stores (documents under kb/, attachments under conv/). */
export const workspacePrefix = (workspaceId: string) => `ws/${workspaceId}/`;
export const conversationPrefix = (workspaceId: string, conversationId: string) => `ws/${workspaceId}/conv/${conversationId}/`;
