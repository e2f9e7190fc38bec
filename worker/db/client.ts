import { drizzle } from "drizzle-orm/d1";

export type Db = ReturnType<typeof getDb>;

/**
 * drizzle over the workspace's D1 database; routes never call this, services do.
 * Without the schema object: nothing uses the relational `db.query` API, and
 * drizzle would rebuild the relations config of every table on each call (the
 * largest single cost of a widget request in a CPU profile).
 */
export function getDb(env: Pick<Env, "DB">) {
  return drizzle(env.DB);
}
