import type { BusinessHours } from "../chatbots/schemas";
import { businessSeconds } from "./business-time";
import { CONVERSATIONS_REBUILD_SQL, hasDirtyHours, MARK_BATCH_SQL, REFRESH_SQL } from "./conversation-rollup";
import { HIST_REBUILD_SQL, histStatement } from "./duration-hist";

/**
 * The hourly rollups, maintained incrementally from the events: a run claims a
 * batch of events not yet rolled up (`rolled_up` = its claim number), fills the
 * business-hours value of each duration once (the chatbot's hours at that
 * moment), then in ONE transaction adds the batch's sums to the hourly rows and
 * marks the claimed events rolled up. Two runs never hold the same event, and
 * a run that dies before its transaction leaves the claim to expire, so every
 * event is counted exactly once. `REBUILD_SQL` recomputes the same rows from
 * the events with the same definitions (hour = the UTC hour of `at`, sums of
 * value and business-hours value).
 */
export const BATCH = 500;
/** A claim older than this is considered abandoned and taken again. */
const CLAIM_TTL_MS = 5 * 60_000;

interface EventRow {
  id: string;
  workspace_id: string;
  chatbot_id: string;
  agent_id: string;
  channel: string;
  name: string;
  dim: string;
  value: number | null;
  value_in_business_hours: number | null;
  started_at: string | null;
  at: string;
}

/** The rollup key of an event (the UTC hour it happened in). */
export const hourOf = (at: string) => at.slice(0, 13);

/** Rolls up one batch (optionally of one workspace). Returns how many events it counted. */
export async function rollupBatch(db: D1Database, workspaceId: string | null = null, limit = BATCH): Promise<number> {
  const now = Date.now();
  const claim = now * 1000 + Math.floor(Math.random() * 1000);
  const stale = (now - CLAIM_TTL_MS) * 1000;
  await db
    .prepare(
      `UPDATE analytics_events SET rolled_up = ?1 WHERE id IN (
         SELECT id FROM analytics_events INDEXED BY idx_analytics_events_pending
         WHERE (rolled_up = 0 OR (rolled_up > 1 AND rolled_up < ?2)) AND rolled_up <> 1
           ${workspaceId ? "AND workspace_id = ?4" : ""} LIMIT ?3)`,
    )
    .bind(claim, stale, limit, ...(workspaceId ? [workspaceId] : []))
    .run();
  const { results } = await db
    .prepare(
      `SELECT id, workspace_id, chatbot_id, agent_id, channel, name, dim, value, value_in_business_hours, started_at, at
       FROM analytics_events INDEXED BY idx_analytics_events_pending WHERE rolled_up = ?1 AND rolled_up <> 1`,
    )
    .bind(claim)
    .all<EventRow>();
  if (results.length === 0) {
    // nothing new, but a visitor's helpful mark may have marked an hour
    if (await hasDirtyHours(db)) await db.batch(REFRESH_SQL.map((q) => db.prepare(q)));
    return 0;
  }

  const statements: D1PreparedStatement[] = [];
  const hours = await businessHoursOf(db, results.filter(needsBusinessValue).map((e) => e.chatbot_id));
  for (const e of results) {
    if (!needsBusinessValue(e)) continue;
    const bh = hours.get(e.chatbot_id);
    e.value_in_business_hours = bh ? businessSeconds(bh, Date.parse(e.started_at!), Date.parse(e.at)) : e.value;
    statements.push(db.prepare(`UPDATE analytics_events SET value_in_business_hours = ?1 WHERE id = ?2`).bind(e.value_in_business_hours, e.id));
  }

  const sums = new Map<string, { key: string[]; count: number; n: number; sum: number; sumBh: number }>();
  for (const e of results) {
    const key = [e.workspace_id, hourOf(e.at), e.chatbot_id, e.agent_id, e.channel, e.name, e.dim];
    const k = key.join("\u0000");
    const cur = sums.get(k) ?? { key, count: 0, n: 0, sum: 0, sumBh: 0 };
    cur.count++;
    if (e.value !== null) cur.n++;
    cur.sum += e.value ?? 0;
    cur.sumBh += e.value_in_business_hours ?? 0;
    sums.set(k, cur);
  }
  // the same sums per UTC day
  const daily = new Map<string, { key: string[]; count: number; n: number; sum: number; sumBh: number }>();
  for (const v of sums.values()) {
    const key = [v.key[0]!, v.key[1]!.slice(0, 10), ...v.key.slice(2)];
    const k = key.join("\u0000");
    const cur = daily.get(k) ?? { key, count: 0, n: 0, sum: 0, sumBh: 0 };
    (cur.count += v.count), (cur.n += v.n), (cur.sum += v.sum), (cur.sumBh += v.sumBh);
    daily.set(k, cur);
  }
  statements.push(
    db
      .prepare(
        `INSERT INTO analytics_daily (workspace_id, day, chatbot_id, agent_id, channel, name, dim, count, n_value, sum_value, sum_bh)
         SELECT ${Array.from({ length: 11 }, (_, i) => `json_extract(value, '$[${i}]')`).join(", ")} FROM json_each(?1) WHERE true
         ON CONFLICT (workspace_id, day, chatbot_id, agent_id, channel, name, dim)
         DO UPDATE SET count = count + excluded.count, n_value = n_value + excluded.n_value, sum_value = sum_value + excluded.sum_value, sum_bh = sum_bh + excluded.sum_bh`,
      )
      .bind(JSON.stringify([...daily.values()].map((d) => [...d.key, d.count, d.n, d.sum, d.sumBh]))),
  );
  for (const { key, count, n, sum, sumBh } of sums.values()) {
    statements.push(
      db
        .prepare(
          `INSERT INTO analytics_hourly (workspace_id, hour, chatbot_id, agent_id, channel, name, dim, count, n_value, sum_value, sum_bh)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
           ON CONFLICT (workspace_id, hour, chatbot_id, agent_id, channel, name, dim)
           DO UPDATE SET count = count + excluded.count, n_value = n_value + excluded.n_value, sum_value = sum_value + excluded.sum_value, sum_bh = sum_bh + excluded.sum_bh`,
        )
        .bind(...key, count, n, sum, sumBh),
    );
  }
  const hist = histStatement(db, results);
  if (hist) statements.push(hist);
  statements.push(db.prepare(MARK_BATCH_SQL).bind(claim), ...REFRESH_SQL.map((q) => db.prepare(q)));
  statements.push(db.prepare(`UPDATE analytics_events INDEXED BY idx_analytics_events_pending SET rolled_up = 1 WHERE rolled_up = ?1 AND rolled_up <> 1`).bind(claim));
  await db.batch(statements);
  return results.length;
}

/** Rolls up until nothing is pending (bounded by `maxBatches`). */
export async function rollupPending(db: D1Database, workspaceId: string | null = null, maxBatches = 20): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await rollupBatch(db, workspaceId);
    total += n;
    if (n < BATCH) break;
  }
  return total;
}

/**
 * Recomputes a workspace's rollups in one transaction: the hourly rows and the
 * duration histograms from its rolled-up events (events still pending or held
 * by a running batch are left to that batch, which adds them when it commits),
 * the conversation rollups from its facts rows.
 */
export const REBUILD_SQL = `
DELETE FROM analytics_hourly WHERE workspace_id = ?1;
INSERT INTO analytics_hourly (workspace_id, hour, chatbot_id, agent_id, channel, name, dim, count, n_value, sum_value, sum_bh)
  SELECT workspace_id, substr(at, 1, 13), chatbot_id, agent_id, channel, name, dim, COUNT(*), COUNT(value), TOTAL(value), TOTAL(value_in_business_hours)
  FROM analytics_events WHERE workspace_id = ?1 AND rolled_up = 1
  GROUP BY workspace_id, substr(at, 1, 13), chatbot_id, agent_id, channel, name, dim;
DELETE FROM analytics_daily WHERE workspace_id = ?1;
INSERT INTO analytics_daily (workspace_id, day, chatbot_id, agent_id, channel, name, dim, count, n_value, sum_value, sum_bh)
  SELECT workspace_id, substr(at, 1, 10), chatbot_id, agent_id, channel, name, dim, COUNT(*), COUNT(value), TOTAL(value), TOTAL(value_in_business_hours)
  FROM analytics_events WHERE workspace_id = ?1 AND rolled_up = 1
  GROUP BY workspace_id, substr(at, 1, 10), chatbot_id, agent_id, channel, name, dim;
DELETE FROM analytics_duration_hist WHERE workspace_id = ?1;
${HIST_REBUILD_SQL};
${CONVERSATIONS_REBUILD_SQL}
`;

export async function rebuildWorkspace(db: D1Database, workspaceId: string): Promise<{ rows: number }> {
  await rollupPending(db, workspaceId);
  const statements = REBUILD_SQL.split(";").map((s) => s.trim()).filter(Boolean).map((s) => db.prepare(s).bind(workspaceId));
  await db.batch(statements);
  const row = await db.prepare(`SELECT COUNT(*) AS n FROM analytics_hourly WHERE workspace_id = ?1`).bind(workspaceId).first<{ n: number }>();
  return { rows: row?.n ?? 0 };
}

function needsBusinessValue(e: EventRow): boolean {
  return e.value_in_business_hours === null && e.value !== null && e.started_at !== null;
}

async function businessHoursOf(db: D1Database, chatbotIds: string[]): Promise<Map<string, BusinessHours>> {
  const ids = [...new Set(chatbotIds)].filter(Boolean);
  const out = new Map<string, BusinessHours>();
  if (ids.length === 0) return out;
  const { results } = await db
    .prepare(`SELECT id, business_hours FROM chatbots WHERE id IN (${ids.map((_, i) => `?${i + 1}`).join(",")})`)
    .bind(...ids)
    .all<{ id: string; business_hours: string }>();
  for (const r of results) {
    try {
      out.set(r.id, JSON.parse(r.business_hours) as BusinessHours);
    } catch {
      // unreadable hours: counted as open around the clock
    }
  }
  return out;
}
