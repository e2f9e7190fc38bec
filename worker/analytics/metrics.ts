import type { AnalyticsFilter } from "./filters";
import { bucketDistribution, durationBuckets } from "./duration-hist";
import type { Reads } from "./reads";
import { grainSpans, sliceWhere, splitRange } from "./range";
import { bucketOf, type Interval, weekdayHourOf } from "./zones";

/**
 * The one place the analytics measures are defined (README "Analytics" and the
 * API docs repeat these words). Sources: per-conversation facts
 * (`analytics_conversations`, a conversation belongs to the range it was
 * created in), duration events (`analytics_events`, a duration belongs to the
 * range it ended in) and hourly rollups (`analytics_hourly`, counts by the UTC
 * hour they happened in).
 *
 * - conversations: conversations created in the range.
 * - resolved: of those, resolved now (the last resolution is later than the last reopening).
 * - handoff: a person was asked for (escalated, any reason) or an agent took the conversation over;
 *   handoff_rate = handoffs / conversations.
 * - first response time: from the first visitor message — or from the hand-off when the conversation
 *   was escalated — to the first agent reply. Reply time: from the oldest visitor message an agent had
 *   not answered yet to the agent's reply. Resolution time: from the first visitor message (or the
 *   creation) to the resolution. Handle time: from the agent's assignment to the resolution.
 *   Reported as median and p90 (linear interpolation between the closest ranks) and the mean; with
 *   `business_hours=true`, only the seconds inside the chatbot's business hours count.
 * - bot resolution, never summed: a conversation only the bot handled (no hand-off, no agent) in
 *   which the bot answered at least one real question (greeting/thanks-only conversations are left
 *   out) is *confirmed* when the visitor rated it 4–5 or marked an answer helpful, and *assumed*
 *   when 24 h have passed since the bot's last answer with no further visitor message in it and no
 *   new conversation from the same visitor with the same chatbot within those 24 h (a visitor who
 *   comes back is deducted). Neither yet: *pending* (inside the 24 h).
 * - CSAT: share of ratings that are 4 or 5 (null without ratings); ratings: how many were given.
 * - unique visitors: distinct visitors among the conversations created in the range.
 * - messages: visitor messages, bot answers and agent replies sent in the range.
 * - deflection: conversations only the bot handled (as for bot resolution: a real question answered,
 *   no hand-off, no agent) / conversations.
 * - unanswered questions: the knowledge base's questions the bot could not answer, grouped by their
 *   lower-cased text; the knowledge-gaps trend counts them per local day.
 * - answer feedback: helpful / not helpful votes given in the range, by visitors and agents.
 * - online time (per agent): the seconds of the range inside the agent's online intervals (from the
 *   first dashboard socket set online to going away, offline or the last socket closing); an interval
 *   still open counts up to now.
 * - sales: see reports.ts `salesOf`; an abandoned checkout is an order whose payment window passed unpaid.
 */
export const ASSUMED_AFTER_HOURS = 24;

interface Where {
  sql: string;
  binds: unknown[];
}

function where(f: AnalyticsFilter, timeCol: string, from: string, to: string, p = ""): Where {
  const parts = [`${p}workspace_id = ?`, `${p}${timeCol} >= ?`, `${p}${timeCol} < ?`];
  const binds: unknown[] = [f.workspaceId, from, to];
  if (f.chatbotId) (parts.push(`${p}chatbot_id = ?`), binds.push(f.chatbotId));
  if (f.channel) (parts.push(`${p}channel = ?`), binds.push(f.channel));
  if (f.agentId) (parts.push(`${p}agent_id = ?`), binds.push(f.agentId));
  return { sql: parts.join(" AND "), binds };
}

const factsWhere = (f: AnalyticsFilter) => where(f, "created_at", f.from, f.to, "c.");

export const RESOLVED = `(resolved_at IS NOT NULL AND (reopened_at IS NULL OR resolved_at > reopened_at))`;
export const HANDOFF = `(escalated_at IS NOT NULL OR assigned_at IS NOT NULL)`;
export const BOT_ONLY = `(escalated_at IS NULL AND assigned_at IS NULL AND last_bot_at IS NOT NULL AND substantive = 1)`;
const HELPFUL = `EXISTS (SELECT 1 FROM answer_feedback af WHERE af.conversation_id = c.conversation_id AND af.by = 'visitor' AND af.helpful = 1)`;
export const CONFIRMED = `(${BOT_ONLY} AND (COALESCE(rating, 0) >= 4 OR ${HELPFUL}))`;
const plus24 = (col: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${col}, '+${ASSUMED_AFTER_HOURS} hours')`;
/** Unrated, so "not confirmed" is "no helpful mark"; the cheap column tests run first. */
export const QUIET = `(${BOT_ONLY} AND rating IS NULL AND (c.last_visitor_at IS NULL OR c.last_visitor_at <= c.last_bot_at) AND NOT ${HELPFUL})`;
/** The same visitor opened a new conversation with that chatbot within 24 h of the bot's last answer. */
export const RETURNED = `EXISTS (SELECT 1 FROM analytics_conversations n WHERE n.visitor_id = c.visitor_id AND n.visitor_id <> '' AND n.chatbot_id = c.chatbot_id
                  AND n.conversation_id <> c.conversation_id AND n.created_at > c.last_bot_at AND n.created_at <= ${plus24("c.last_bot_at")})`;
/** `?1` is the moment the rule is judged at. */
const PENDING = `(${QUIET} AND ${plus24("c.last_bot_at")} > ?1)`;
const ASSUMED = `(${QUIET} AND ${plus24("c.last_bot_at")} <= ?1 AND NOT ${RETURNED})`;

export interface ConversationCounts {
  conversations: number;
  resolved: number;
  handoffs: number;
  bot_confirmed: number;
  bot_assumed: number;
  bot_pending: number;
  bot_handled: number;
  ratings: number;
  satisfied: number;
  abandoned: number;
}

const COUNT_KEYS = ["conversations", "resolved", "handoffs", "bot_handled", "bot_confirmed", "bot_assumed", "bot_pending", "ratings", "satisfied", "abandoned"] as const;
type Counts = Record<(typeof COUNT_KEYS)[number], number> & { r: number[] };
const zero = (): Counts => ({ ...(Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Record<(typeof COUNT_KEYS)[number], number>), r: [0, 0, 0, 0, 0] });
function addRow(acc: Counts, row: Record<string, number | null> | null) {
  for (const k of COUNT_KEYS) acc[k] += Number(row?.[k] ?? 0);
  for (let i = 0; i < 5; i++) acc.r[i]! += Number(row?.[`r${i + 1}`] ?? 0);
}

const EXACT_SELECT = `SELECT COUNT(*) AS conversations, TOTAL(${RESOLVED}) AS resolved, TOTAL(${HANDOFF}) AS handoffs, TOTAL(${BOT_ONLY}) AS bot_handled,
  TOTAL(${CONFIRMED}) AS bot_confirmed, TOTAL(${ASSUMED}) AS bot_assumed, TOTAL(${PENDING}) AS bot_pending,
  TOTAL(rating IS NOT NULL) AS ratings, TOTAL(COALESCE(rating, 0) >= 4) AS satisfied, TOTAL(abandoned_at IS NOT NULL AND NOT ${RESOLVED}) AS abandoned,
  TOTAL(rating = 1) AS r1, TOTAL(rating = 2) AS r2, TOTAL(rating = 3) AS r3, TOTAL(rating = 4) AS r4, TOTAL(rating = 5) AS r5
  FROM analytics_conversations c`;

/** Exact counts from the facts rows of [from, to) (the partial hours at a range's ends). */
function exactCounts(r: Reads, f: AnalyticsFilter, from: string, to: string, now: string) {
  const w = where(f, "created_at", from, to, "c.");
  return r.first<Record<string, number>>(r.db.prepare(`${EXACT_SELECT} WHERE ${w.sql}`).bind(now, ...w.binds));
}

/**
 * The per-conversation counts of the range: whole hours from the creation-hour
 * rollups, the partial hours at either end from the facts rows. Assumed vs
 * pending is judged at `now` from each rollup row's quiet hour (the hour of the
 * bot's last answer); only the quiet conversations whose last answer falls in
 * the hour of the 24 h boundary are read from the facts rows (found through
 * the rollup rows that name that hour), so the figures equal a scan of every
 * facts row.
 */
export async function countsWithRatings(r: Reads, f: AnalyticsFilter, now = new Date().toISOString()): Promise<Counts> {
  const { hours, edges } = splitRange(f);
  const acc = zero();
  const reads: Promise<Record<string, number> | null>[] = edges.map((e) => exactCounts(r, f, e.from, e.to, now));
  if (hours) {
    const s = sliceWhere(f);
    const sc = sliceWhere(f, "c.");
    const boundary = new Date(Date.parse(now) - ASSUMED_AFTER_HOURS * 3_600_000).toISOString().slice(0, 13);
    reads.push(
      r.first(
        r.db
          .prepare(
            `SELECT TOTAL(conversations) AS conversations, TOTAL(resolved) AS resolved, TOTAL(handoffs) AS handoffs, TOTAL(bot_handled) AS bot_handled,
               TOTAL(bot_confirmed) AS bot_confirmed, TOTAL(CASE WHEN quiet_hour <> '' AND quiet_hour < ?1 THEN quiet - quiet_returned END) AS bot_assumed,
               TOTAL(CASE WHEN quiet_hour > ?1 THEN quiet END) AS bot_pending, TOTAL(ratings) AS ratings, TOTAL(satisfied) AS satisfied, TOTAL(abandoned) AS abandoned,
               TOTAL(r1) AS r1, TOTAL(r2) AS r2, TOTAL(r3) AS r3, TOTAL(r4) AS r4, TOTAL(r5) AS r5
             FROM analytics_conversations_hourly WHERE workspace_id = ?2 AND hour >= ?3 AND hour < ?4${s.sql}`,
          )
          .bind(boundary, f.workspaceId, hours.from, hours.to, ...s.binds),
      ),
    );
    // the hour the 24 h boundary falls in: those quiet conversations judged one by one
    const b0 = `${boundary}:00:00.000Z`;
    const b1 = new Date(Date.parse(b0) + 3_600_000).toISOString();
    const boundaryRow = r.first<Record<string, number>>(
      r.db
        .prepare(
          `${EXACT_SELECT.replace(
            "FROM analytics_conversations c",
            `FROM (SELECT DISTINCT hour FROM analytics_conversations_hourly WHERE workspace_id = ? AND hour >= ? AND hour < ? AND quiet_hour = ?${s.sql}) h
             CROSS JOIN analytics_conversations c ON c.workspace_id = ? AND c.created_at >= h.hour AND c.created_at < h.hour || ';'`,
          )} WHERE c.last_bot_at >= ? AND c.last_bot_at < ?${sc.sql} AND ${QUIET}`,
        )
        .bind(now, f.workspaceId, hours.from, hours.to, boundary, ...s.binds, f.workspaceId, b0, b1, ...sc.binds),
    );
    reads.push(boundaryRow.then((row) => ({ bot_assumed: row?.bot_assumed ?? 0, bot_pending: row?.bot_pending ?? 0 })));
  }
  for (const row of await Promise.all(reads)) addRow(acc, row);
  return acc;
}

/** The per-conversation counts of the range. `now`: the moment the 24 h rule is judged at. */
export async function conversationCounts(r: Reads, f: AnalyticsFilter, now = new Date().toISOString()): Promise<ConversationCounts> {
  const { r: _ratings, ...c } = await countsWithRatings(r, f, now);
  return c;
}

/** The latest rating of each conversation of the range, counted per value. */
export async function ratingsOf(r: Reads, f: AnalyticsFilter): Promise<{ rating: number; count: number }[]> {
  const { r: ratings } = await countsWithRatings(r, f);
  return ratings.map((count, i) => ({ rating: i + 1, count })).filter((x) => x.count > 0);
}

export interface Distribution {
  count: number;
  median_s: number | null;
  p90_s: number | null;
  mean_s: number | null;
}

/** Median, p90 and mean of one duration measure over the events that ended in the range (histogram rollups + the partial hours). */
export async function durationOf(r: Reads, f: AnalyticsFilter, name: string): Promise<Distribution> {
  return bucketDistribution((await durationBuckets(r, f, name)).get("") ?? []);
}

/** Percentile p (0–1) of sorted values, linear between the closest ranks (numpy's default). */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return round(sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!));
}

export function distribution(sorted: number[]): Distribution {
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    median_s: percentile(sorted, 0.5),
    p90_s: percentile(sorted, 0.9),
    mean_s: sorted.length ? round(sum / sorted.length) : null,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
export const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

export interface HourlyRow {
  name: string;
  dim: string;
  agent_id: string;
  count: number;
  n_value: number;
  sum_value: number;
  sum_bh: number;
}

/**
 * The range's totals of the given measures, per name × dim (× agent): the
 * whole UTC hours inside the range from the rollups (whole UTC days from the
 * daily rows, the hours around them from the hourly rows) and the partial
 * hours at either end exactly from the events, so a range that starts or ends
 * inside an hour counts what happened inside it and nothing else.
 */
export function hourly(r: Reads, f: AnalyticsFilter, names: string[], groupByAgent = false): Promise<HourlyRow[]> {
  const { hours, edges } = splitRange(f);
  const s = sliceWhere(f);
  const parts: string[] = [];
  const binds: unknown[] = [];
  const agent = groupByAgent ? "agent_id" : "'' AS agent_id";
  const names_ = `name IN (${names.map(() => "?").join(",")})`;
  const part = (table: string, col: string, from: string, to: string) => {
    parts.push(`SELECT name, dim, ${agent}, count, n_value, sum_value, sum_bh FROM ${table} WHERE workspace_id = ? AND ${col} >= ? AND ${col} < ?${s.sql} AND ${names_}`);
    binds.push(f.workspaceId, from, to, ...s.binds, ...names);
  };
  if (hours) {
    const spans = grainSpans(hours.from, hours.to);
    if (spans.days) part("analytics_daily", "day", spans.days.from, spans.days.to);
    for (const h of spans.hours) part("analytics_hourly", "hour", h.from, h.to);
  }
  for (const e of edges) {
    parts.push(
      `SELECT name, dim, ${agent}, 1 AS count, value IS NOT NULL AS n_value, COALESCE(value, 0) AS sum_value, COALESCE(value_in_business_hours, value, 0) AS sum_bh
       FROM analytics_events WHERE workspace_id = ? AND ${names_} AND at >= ? AND at < ?${s.sql}`,
    );
    binds.push(f.workspaceId, ...names, e.from, e.to, ...s.binds);
  }
  if (!parts.length) return Promise.resolve([]);
  return r.all<HourlyRow>(
    r.db
      .prepare(
        `SELECT name, dim, agent_id, SUM(count) AS count, SUM(n_value) AS n_value, SUM(sum_value) AS sum_value, SUM(sum_bh) AS sum_bh
         FROM (${parts.join(" UNION ALL ")}) GROUP BY name, dim, agent_id`,
      )
      .bind(...binds),
  );
}

/**
 * One row per UTC hour of the range with the count of each given measure
 * (columns m0, m1, …): whole hours from the hourly rollups, the partial hours
 * at either end counted exactly from the events (keyed by their own hour).
 */
async function hourlyCounts(db: D1Database, f: AnalyticsFilter, names: readonly string[]): Promise<({ hour: string } & Record<string, number>)[]> {
  if (names.some((n) => !/^[a-z_]+$/.test(n))) throw new Error("measure names are identifiers");
  const { hours, edges } = splitRange(f);
  const s = sliceWhere(f);
  const inNames = `name IN (${names.map((n) => `'${n}'`).join(",")})`;
  const parts: string[] = [];
  const binds: unknown[] = [];
  if (hours) {
    parts.push(`SELECT hour, name, count AS n FROM analytics_hourly WHERE workspace_id = ? AND hour >= ? AND hour < ?${s.sql} AND ${inNames}`);
    binds.push(f.workspaceId, hours.from, hours.to, ...s.binds);
  }
  for (const e of edges) {
    parts.push(`SELECT substr(at, 1, 13) AS hour, name, 1 AS n FROM analytics_events WHERE workspace_id = ? AND ${inNames} AND at >= ? AND at < ?${s.sql}`);
    binds.push(f.workspaceId, e.from, e.to, ...s.binds);
  }
  const cols = names.map((n, i) => `TOTAL(CASE WHEN name = '${n}' THEN n END) AS m${i}`).join(", ");
  const { results } = await db
    .prepare(`SELECT hour, ${cols} FROM (${parts.join(" UNION ALL ")}) GROUP BY hour`)
    .bind(...binds)
    .all<{ hour: string } & Record<string, number>>();
  return results;
}

/** The measures of the time series, each a count per bucket. */
export const SERIES = {
  conversations: "conversation_created",
  visitor_messages: "visitor_message",
  bot_answers: "bot_answered",
  agent_replies: "agent_reply",
  escalations: "escalated",
  resolutions: "resolved",
  ratings: "rated",
} as const;

export async function timeSeries(db: D1Database, f: AnalyticsFilter, interval: Interval) {
  const keys = Object.keys(SERIES);
  const rows = await hourlyCounts(db, f, Object.values(SERIES));
  const buckets = new Map<string, Record<string, number>>();
  for (const b of allBuckets(f, interval)) buckets.set(b, Object.fromEntries(keys.map((k) => [k, 0])));
  for (const r of rows) {
    const cur = buckets.get(bucketOf(`${r.hour}:00:00.000Z`, f.timeZone, interval));
    if (cur) keys.forEach((k, i) => (cur[k]! += r[`m${i}`] ?? 0));
  }
  return [...buckets.entries()].map(([start, v]) => ({ start, ...v, messages: (v.visitor_messages ?? 0) + (v.bot_answers ?? 0) + (v.agent_replies ?? 0) }));
}

/** Every bucket start of the range, so a quiet day is a zero and not a gap. */
function allBuckets(f: AnalyticsFilter, interval: Interval): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let t = Math.floor(Date.parse(f.from) / 3_600_000) * 3_600_000; t < Date.parse(f.to); t += 3_600_000) {
    const b = bucketOf(new Date(t).toISOString(), f.timeZone, interval);
    if (!seen.has(b)) (seen.add(b), out.push(b));
  }
  return out;
}

/** Conversations started per weekday (0 = Monday) × hour of day, in the workspace's time zone. */
export async function heatmap(db: D1Database, f: AnalyticsFilter) {
  const rows = await hourlyCounts(db, f, ["conversation_created"]);
  const cells = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const r of rows) {
    const { weekday, hour } = weekdayHourOf(`${r.hour}:00:00.000Z`, f.timeZone);
    cells[weekday]![hour]! += r.m0 ?? 0;
  }
  return cells;
}

/** Distinct visitors among the conversations created in the range (exact, from the facts rows). */
export async function uniqueVisitors(r: Reads, f: AnalyticsFilter): Promise<number> {
  const w = factsWhere(f);
  const row = await r.first<{ n: number }>(
    r.db.prepare(`SELECT COUNT(DISTINCT c.visitor_id) AS n FROM analytics_conversations c WHERE ${w.sql} AND c.visitor_id <> ''`).bind(...w.binds),
  );
  return Number(row?.n ?? 0);
}

/** Unanswered questions per local day of the range (the knowledge-gaps trend); days without any are left out. */
export async function unansweredByDay(r: Reads, f: AnalyticsFilter): Promise<{ day: string; count: number }[]> {
  const bot = f.chatbotId ? "AND chatbot_id = ?" : "";
  const rows = await r.all<{ hour: string; n: number }>(
    r.db
      .prepare(
        `SELECT substr(created_at, 1, 13) AS hour, COUNT(*) AS n FROM kb_queries INDEXED BY idx_kb_queries_unanswered
         WHERE workspace_id = ? AND created_at >= ? AND created_at < ? AND answered = 0 ${bot} GROUP BY 1`,
      )
      .bind(f.workspaceId, f.from, f.to, ...(f.chatbotId ? [f.chatbotId] : [])),
  );
  const days = new Map<string, number>();
  for (const row of rows) {
    const day = bucketOf(`${row.hour}:00:00.000Z`, f.timeZone, "day");
    days.set(day, (days.get(day) ?? 0) + row.n);
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count }));
}

/**
 * Online seconds per agent in the range: the overlap of each online interval
 * (`agent_online_intervals`) with [from, to), an interval still open counting
 * up to `now`. Presence is workspace-wide, so only the agent filter applies.
 */
export async function onlineSeconds(r: Reads, f: AnalyticsFilter, now = new Date().toISOString()): Promise<Map<string, number>> {
  const agent = f.agentId ? "AND user_id = ?" : "";
  const rows = await r.all<{ user_id: string; s: number }>(
    r.db
      .prepare(
        `SELECT user_id, TOTAL(MAX(0, (julianday(MIN(COALESCE(ended_at, ?1), ?3)) - julianday(MAX(started_at, ?2))) * 86400)) AS s
         FROM agent_online_intervals WHERE workspace_id = ?4 AND started_at < ?3 AND (ended_at IS NULL OR ended_at > ?2) ${agent.replace("?", "?5")}
         GROUP BY user_id`,
      )
      .bind(now, f.from, f.to, f.workspaceId, ...(f.agentId ? [f.agentId] : [])),
  );
  return new Map(rows.map((x) => [x.user_id, Math.round(x.s)]));
}
