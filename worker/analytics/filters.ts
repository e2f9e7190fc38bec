import { AppError } from "../lib/errors";

/** What every analytics endpoint takes: the range and the slicing filters. */
export interface AnalyticsFilter {
  workspaceId: string;
  /** ISO instants, [from, to) */
  from: string;
  to: string;
  chatbotId: string | null;
  agentId: string | null;
  channel: string | null;
  /** durations counted inside the chatbot's business hours only */
  businessHours: boolean;
  /** the workspace's IANA time zone (days, weeks, the heatmap) */
  timeZone: string;
}

export const DEFAULT_TIME_ZONE = "Asia/Bangkok";
const MAX_RANGE_DAYS = 400;

export interface RawQuery {
  from?: string;
  to?: string;
  chatbot_id?: string;
  agent_id?: string;
  channel?: string;
  business_hours?: string;
}

/** Parses the query (default: the last 7 days up to now) and rejects a bad range with 400. */
export function parseFilter(workspaceId: string, q: RawQuery, timeZone: string, now = Date.now()): AnalyticsFilter {
  const to = q.to ? parseInstant(q.to, "to", true, timeZone) : now;
  const from = q.from ? parseInstant(q.from, "from", false, timeZone) : to - 7 * 86_400_000;
  if (!(from < to)) throw new AppError(400, "INVALID_RANGE", "from must be before to", { from: q.from, to: q.to });
  if (to - from > MAX_RANGE_DAYS * 86_400_000) throw new AppError(400, "INVALID_RANGE", `A range is at most ${MAX_RANGE_DAYS} days`);
  return {
    workspaceId,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    chatbotId: q.chatbot_id || null,
    agentId: q.agent_id || null,
    channel: q.channel || null,
    businessHours: q.business_hours === "true" || q.business_hours === "1",
    timeZone,
  };
}

/** A date alone ('2026-11-01') means that day's start in the workspace's time zone; as `to`, the end of that day. */
function parseInstant(raw: string, field: string, end: boolean, timeZone: string): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const t = Date.parse(dateOnly ? `${raw}T00:00:00Z` : raw);
  if (!Number.isFinite(t)) throw new AppError(400, "VALIDATION_ERROR", `${field} must be an ISO date or date-time`, { [field]: raw });
  if (!dateOnly) return t;
  return localMidnight(end ? t + 86_400_000 : t, timeZone);
}

/** The UTC instant of 00:00 local time on the UTC calendar day `utcMidnight` names. */
function localMidnight(utcMidnight: number, timeZone: string): number {
  const offset = (t: number) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", hourCycle: "h23" })
        .formatToParts(new Date(t))
        .map((x) => [x.type, Number(x.value)]),
    );
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!) - Math.floor(t / 60_000) * 60_000;
  };
  const guess = utcMidnight - offset(utcMidnight);
  return utcMidnight - offset(guess);
}

/** The same length of time just before the range (for "change vs the previous period"). */
export function previousPeriod(f: AnalyticsFilter): AnalyticsFilter {
  const len = Date.parse(f.to) - Date.parse(f.from);
  return { ...f, from: new Date(Date.parse(f.from) - len).toISOString(), to: f.from };
}
