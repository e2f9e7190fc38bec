import type { AnalyticsFilter } from "./filters";
import { grainSpans, sliceWhere, splitRange } from "./range";
import type { Reads } from "./reads";

/**
 * Durations as hourly histograms (`analytics_duration_hist`), so a median or a
 * p90 over months reads one row per bucket instead of every event. A bucket is
 * the whole seconds with every digit after the third zeroed: exact below
 * 1,000 s, within 1 % above. Each bucket keeps count, sum, min and max; a rank
 * inside a bucket is placed linearly between its min and max, so a bucket
 * holding one value (or two) gives it exactly. The partial hours at the ends
 * of a range are read from the events themselves.
 */
export const DURATIONS = ["first_agent_response", "agent_reply", "resolved", "handled"] as const;

export function bucketOfValue(v: number): number {
  const k = Math.trunc(v);
  if (k < 1000) return k;
  const s = String(k);
  return Number(s.slice(0, 3) + "0".repeat(s.length - 3));
}

/** The same bucket in SQL (used by the rebuild). */
export const bucketSql = (v: string) =>
  `CASE WHEN CAST(${v} AS INTEGER) < 1000 THEN CAST(${v} AS INTEGER) ELSE CAST(substr(CAST(CAST(${v} AS INTEGER) AS TEXT), 1, 3) || substr('000000000000000000', 1, length(CAST(CAST(${v} AS INTEGER) AS TEXT)) - 3) AS INTEGER) END`;

export interface Bucket {
  bucket: number;
  n: number;
  sum: number;
  lo: number;
  hi: number;
}

interface DurationEvent {
  workspace_id: string;
  chatbot_id: string;
  agent_id: string;
  channel: string;
  name: string;
  value: number | null;
  value_in_business_hours: number | null;
  at: string;
}

/** One upsert adding a batch of rolled-up events to the histograms. */
export function histStatement(db: D1Database, events: DurationEvent[]): D1PreparedStatement | null {
  const rows = new Map<string, unknown[]>();
  for (const e of events) {
    if (e.value === null || !(DURATIONS as readonly string[]).includes(e.name)) continue;
    for (const [business, v] of [[0, e.value], [1, e.value_in_business_hours ?? e.value]] as const) {
      for (const [grain, period] of [["h", e.at.slice(0, 13)], ["d", e.at.slice(0, 10)]] as const) {
        const key = [e.workspace_id, e.name, business, grain, period, e.chatbot_id, e.agent_id, e.channel, bucketOfValue(v)];
        const k = key.join("\u0000");
        const cur = rows.get(k);
        if (cur) {
          cur[9] = (cur[9] as number) + 1;
          cur[10] = (cur[10] as number) + v;
          cur[11] = Math.min(cur[11] as number, v);
          cur[12] = Math.max(cur[12] as number, v);
        } else rows.set(k, [...key, 1, v, v, v]);
      }
    }
  }
  if (!rows.size) return null;
  return db
    .prepare(
      `INSERT INTO analytics_duration_hist (workspace_id, name, business, grain, period, chatbot_id, agent_id, channel, bucket, count, sum_value, min_value, max_value)
       SELECT ${Array.from({ length: 13 }, (_, i) => `json_extract(value, '$[${i}]')`).join(", ")} FROM json_each(?1) WHERE true
       ON CONFLICT (workspace_id, name, business, grain, period, chatbot_id, agent_id, channel, bucket) DO UPDATE SET
         count = count + excluded.count, sum_value = sum_value + excluded.sum_value,
         min_value = MIN(min_value, excluded.min_value), max_value = MAX(max_value, excluded.max_value)`,
    )
    .bind(JSON.stringify([...rows.values()]));
}

/** The rebuild's statements (`?1` = the workspace), same definitions as `histStatement`. */
export const HIST_REBUILD_SQL = [0, 1]
  .flatMap((business) =>
    [["h", 13], ["d", 10]].map(([grain, len]) => {
      const v = business ? "COALESCE(value_in_business_hours, value)" : "value";
      return `INSERT INTO analytics_duration_hist (workspace_id, name, business, grain, period, chatbot_id, agent_id, channel, bucket, count, sum_value, min_value, max_value)
  SELECT workspace_id, name, ${business}, '${grain}', substr(at, 1, ${len}), chatbot_id, agent_id, channel, ${bucketSql(v)}, COUNT(*), TOTAL(${v}), MIN(${v}), MAX(${v})
  FROM analytics_events WHERE workspace_id = ?1 AND rolled_up = 1 AND value IS NOT NULL AND name IN (${DURATIONS.map((d) => `'${d}'`).join(", ")})
  GROUP BY workspace_id, name, substr(at, 1, ${len}), chatbot_id, agent_id, channel, ${bucketSql(v)}`;
    }),
  )
  .join(";\n");

/** The buckets of one duration measure over the range, per agent when asked (key '' otherwise). */
export async function durationBuckets(r: Reads, f: AnalyticsFilter, name: string, byAgent = false): Promise<Map<string, Bucket[]>> {
  const { hours, edges } = splitRange(f);
  const s = sliceWhere(f);
  const out = new Map<string, Map<number, Bucket>>();
  const add = (agent: string, b: Bucket) => {
    let m = out.get(agent);
    if (!m) out.set(agent, (m = new Map()));
    const cur = m.get(b.bucket);
    if (!cur) m.set(b.bucket, { ...b });
    else (cur.n += b.n, (cur.sum += b.sum), (cur.lo = Math.min(cur.lo, b.lo)), (cur.hi = Math.max(cur.hi, b.hi)));
  };
  const business = f.businessHours ? 1 : 0;
  const agentCol = byAgent ? "agent_id" : "''";
  const reads: Promise<(Bucket & { agent: string })[]>[] = [];
  if (hours) {
    // whole UTC days from the day rows, the hours around them from the hour rows
    const spans = grainSpans(hours.from, hours.to);
    const parts: string[] = [];
    const binds: unknown[] = [];
    const part = (grain: string, from: string, to: string) => {
      parts.push(
        `SELECT ${agentCol} AS agent, bucket, count, sum_value, min_value, max_value FROM analytics_duration_hist
         WHERE workspace_id = ? AND name = ? AND business = ? AND grain = '${grain}' AND period >= ? AND period < ?${s.sql}`,
      );
      binds.push(f.workspaceId, name, business, from, to, ...s.binds);
    };
    if (spans.days) part("d", spans.days.from, spans.days.to);
    for (const h of spans.hours) part("h", h.from, h.to);
    if (parts.length) {
      reads.push(
        r.all(
          r.db
            .prepare(
              `SELECT agent, bucket, SUM(count) AS n, TOTAL(sum_value) AS sum, MIN(min_value) AS lo, MAX(max_value) AS hi
               FROM (${parts.join(" UNION ALL ")}) GROUP BY agent, bucket`,
            )
            .bind(...binds),
        ),
      );
    }
  }
  const col = f.businessHours ? "COALESCE(value_in_business_hours, value)" : "value";
  for (const e of edges) {
    reads.push(
      r.all(r.db
        .prepare(
          `SELECT ${agentCol} AS agent, ${col} AS lo, ${col} AS hi, ${col} AS sum, 1 AS n, 0 AS bucket FROM analytics_events
           WHERE workspace_id = ? AND name = ? AND at >= ? AND at < ?${s.sql} AND value IS NOT NULL`,
        )
        .bind(f.workspaceId, name, e.from, e.to, ...s.binds)),
    );
  }
  for (const rows of await Promise.all(reads)) {
    for (const b of rows) add(b.agent, { ...b, bucket: b.bucket || bucketOfValue(b.lo) });
  }
  return new Map([...out.entries()].map(([k, m]) => [k, [...m.values()].sort((a, b) => a.bucket - b.bucket)]));
}

/** The value at 0-based rank r of the sorted values the buckets stand for. */
function valueAt(buckets: Bucket[], r: number): number {
  let before = 0;
  for (const b of buckets) {
    if (r < before + b.n) {
      const j = r - before;
      return b.n === 1 ? b.lo : b.lo + ((b.hi - b.lo) * j) / (b.n - 1);
    }
    before += b.n;
  }
  return buckets[buckets.length - 1]!.hi;
}

/** Percentile p (0–1), linear between the closest ranks (numpy's default), over buckets. */
export function bucketPercentile(buckets: Bucket[], p: number): number | null {
  const n = buckets.reduce((a, b) => a + b.n, 0);
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = valueAt(buckets, lo);
  return round(a + (h - lo) * (valueAt(buckets, hi) - a));
}

export function bucketDistribution(buckets: Bucket[]) {
  const count = buckets.reduce((a, b) => a + b.n, 0);
  const sum = buckets.reduce((a, b) => a + b.sum, 0);
  return { count, median_s: bucketPercentile(buckets, 0.5), p90_s: bucketPercentile(buckets, 0.9), mean_s: count ? round(sum / count) : null };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
