import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Db = ReturnType<typeof getDb>;

/** drizzle over the workspace's D1 database; routes never call this, services do. */
export function getDb(env: Pick<Env, "DB">) {
  return drizzle(env.DB, { schema });
}
