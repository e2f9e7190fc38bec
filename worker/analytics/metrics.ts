import type { AnalyticsFilter } from "./filters";
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
/** Hourly rows: every hour that starts inside the range. */
const hourlyWhere = (f: AnalyticsFilter) => where(f, "hour", hourKey(f.from, true), hourKey(f.to, true));
const hourKey = (iso: string, ceil: boolean) => {
  const t = Date.parse(iso);
  const h = ceil ? Math.ceil(t / 3_600_000) * 3_600_000 : Math.floor(t / 3_600_000) * 3_600_000;
  return new Date(h).toISOString().slice(0, 13);
};

const RESOLVED = `(resolved_at IS NOT NULL AND (reopened_at IS NULL OR resolved_at > reopened_at))`;
const HANDOFF = `(escalated_at IS NOT NULL OR assigned_at IS NOT NULL)`;
const BOT_ONLY = `(escalated_at IS NULL AND assigned_at IS NULL AND last_bot_at IS NOT NULL AND substantive = 1)`;
const HELPFUL = `EXISTS (SELECT 1 FROM answer_feedback af WHERE af.conversation_id = c.conversation_id AND af.by = 'visitor' AND af.helpful = 1)`;
const CONFIRMED = `(${BOT_ONLY} AND (COALESCE(rating, 0) >= 4 OR ${HELPFUL}))`;
const plus24 = (col: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${col}, '+${ASSUMED_AFTER_HOURS} hours')`;
/** `?1` is the moment the rule is judged at. */
/** Unrated, so "not confirmed" is "no helpful mark"; the cheap column tests run first. */
const QUIET = `(${BOT_ONLY} AND rating IS NULL AND (c.last_visitor_at IS NULL OR c.last_visitor_at <= c.last_bot_at) AND NOT ${HELPFUL})`;
const PENDING = `(${QUIET} AND ${plus24("c.last_bot_at")} > ?1)`;
const ASSUMED = `(${QUIET} AND ${plus24("c.last_bot_at")} <= ?1
  AND NOT EXISTS (SELECT 1 FROM analytics_conversations n WHERE n.visitor_id = c.visitor_id AND n.visitor_id <> '' AND n.chatbot_id = c.chatbot_id
                  AND n.conversation_id <> c.conversation_id AND n.created_at > c.last_bot_at AND n.created_at <= ${plus24("c.last_bot_at")}))`;

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

/** The per-conversation counts of the range (facts). `now`: the moment the 24 h rule is judged at. */
export async function conversationCounts(db: D1Database, f: AnalyticsFilter, now = new Date().toISOString()): Promise<ConversationCounts> {
  const w = factsWhere(f);
  const row = await db
    .prepare(
      `SELECT COUNT(*) AS conversations,
         TOTAL(${RESOLVED}) AS resolved,
         TOTAL(${HANDOFF}) AS handoffs,
         TOTAL(${BOT_ONLY}) AS bot_handled,
         TOTAL(${CONFIRMED}) AS bot_confirmed,
         TOTAL(${ASSUMED}) AS bot_assumed,
         TOTAL(${PENDING}) AS bot_pending,
         TOTAL(rating IS NOT NULL) AS ratings,
         TOTAL(COALESCE(rating, 0) >= 4) AS satisfied,
         TOTAL(abandoned_at IS NOT NULL AND NOT ${RESOLVED}) AS abandoned
       FROM analytics_conversations c WHERE ${w.sql}`,
    )
    .bind(now, ...w.binds)
    .first<Record<string, number>>();
  const r = (k: string) => Number(row?.[k] ?? 0);
  const handled = r("bot_handled");
  const confirmed = r("bot_confirmed");
  const assumed = r("bot_assumed");
  return {
    conversations: r("conversations"),
    resolved: r("resolved"),
    handoffs: r("handoffs"),
    bot_handled: handled,
    bot_confirmed: confirmed,
    bot_assumed: assumed,
    bot_pending: r("bot_pending"),
    ratings: r("ratings"),
    satisfied: r("satisfied"),
    abandoned: r("abandoned"),
  };
}

/** The latest rating of each conversation of the range, counted per value. */
export async function ratingsOf(db: D1Database, f: AnalyticsFilter): Promise<{ rating: number; count: number }[]> {
  const w = factsWhere(f);
  const { results } = await db
    .prepare(`SELECT rating, COUNT(*) AS count FROM analytics_conversations c WHERE ${w.sql} AND rating IS NOT NULL GROUP BY rating`)
    .bind(...w.binds)
    .all<{ rating: number; count: number }>();
  return results;
}

export interface Distribution {
  count: number;
  median_s: number | null;
  p90_s: number | null;
  mean_s: number | null;
}

/** Median, p90 and mean of one duration measure over the events that ended in the range. */
export async function durationOf(db: D1Database, f: AnalyticsFilter, name: string): Promise<Distribution> {
  const w = where(f, "at", f.from, f.to);
  const col = f.businessHours ? "COALESCE(value_in_business_hours, value)" : "value";
  const { results } = await db
    .prepare(`SELECT ${col} AS v FROM analytics_events WHERE name = ? AND ${w.sql} AND value IS NOT NULL ORDER BY v`)
    .bind(name, ...w.binds)
    .all<{ v: number }>();
  return distribution(results.map((r) => r.v));
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
  hour: string;
  name: string;
  dim: string;
  agent_id: string;
  count: number;
  n_value: number;
  sum_value: number;
  sum_bh: number;
}

/** Hourly rollup rows of the given measures inside the range. */
export async function hourly(db: D1Database, f: AnalyticsFilter, names: string[], groupByAgent = false): Promise<HourlyRow[]> {
  const w = hourlyWhere(f);
  const { results } = await db
    .prepare(
      `SELECT hour, name, dim, ${groupByAgent ? "agent_id" : "'' AS agent_id"}, SUM(count) AS count, SUM(n_value) AS n_value, SUM(sum_value) AS sum_value, SUM(sum_bh) AS sum_bh
       FROM analytics_hourly WHERE ${w.sql} AND name IN (${names.map(() => "?").join(",")})
       GROUP BY hour, name, dim${groupByAgent ? ", agent_id" : ""}`,
    )
    .bind(...w.binds, ...names)
    .all<HourlyRow>();
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
  const rows = await hourly(db, f, Object.values(SERIES));
  const buckets = new Map<string, Record<string, number>>();
  for (const b of allBuckets(f, interval)) buckets.set(b, Object.fromEntries(Object.keys(SERIES).map((k) => [k, 0])));
  const keyOf = Object.fromEntries(Object.entries(SERIES).map(([k, v]) => [v, k]));
  for (const r of rows) {
    const b = bucketOf(`${r.hour}:00:00.000Z`, f.timeZone, interval);
    const cur = buckets.get(b);
    if (cur) cur[keyOf[r.name]!] = (cur[keyOf[r.name]!] ?? 0) + r.count;
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
  const rows = await hourly(db, f, ["conversation_created"]);
  const cells = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const r of rows) {
    const { weekday, hour } = weekdayHourOf(`${r.hour}:00:00.000Z`, f.timeZone);
    cells[weekday]![hour]! += r.count;
  }
  return cells;
}
