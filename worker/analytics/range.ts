import type { AnalyticsFilter } from "./filters";

/**
 * A range split for the rollups: the whole UTC hours inside it (read from the
 * hourly rollups) and the partial hours at either end (read exactly from the
 * rows), so a figure from rollups equals the one from the rows.
 */
export interface SplitRange {
  /** 'YYYY-MM-DDTHH' keys, [fromHour, toHour); null when no whole hour fits */
  hours: { from: string; to: string } | null;
  /** exact spans [from, to) outside the whole hours */
  edges: { from: string; to: string }[];
}

const HOUR = 3_600_000;
const key = (t: number) => new Date(t).toISOString().slice(0, 13);

export function splitRange(f: Pick<AnalyticsFilter, "from" | "to">): SplitRange {
  const from = Date.parse(f.from);
  const to = Date.parse(f.to);
  const a = Math.ceil(from / HOUR) * HOUR;
  const b = Math.floor(to / HOUR) * HOUR;
  if (a >= b) return { hours: null, edges: [{ from: f.from, to: f.to }] };
  const edges = [];
  if (from < a) edges.push({ from: f.from, to: new Date(a).toISOString() });
  if (b < to) edges.push({ from: new Date(b).toISOString(), to: f.to });
  return { hours: { from: key(a), to: key(b) }, edges };
}

/** The rollup filters beyond the workspace and the hours (chatbot, channel, agent). */
export function sliceWhere(f: AnalyticsFilter, p = ""): { sql: string; binds: unknown[] } {
  const parts: string[] = [];
  const binds: unknown[] = [];
  if (f.chatbotId) (parts.push(`${p}chatbot_id = ?`), binds.push(f.chatbotId));
  if (f.channel) (parts.push(`${p}channel = ?`), binds.push(f.channel));
  if (f.agentId) (parts.push(`${p}agent_id = ?`), binds.push(f.agentId));
  return { sql: parts.map((x) => ` AND ${x}`).join(""), binds };
}

/**
 * Hour keys [from, to) split into whole UTC days (day keys [from, to), read
 * from the daily rows) and the hours before and after them (hour rows).
 */
export function grainSpans(fromHour: string, toHour: string): { days: { from: string; to: string } | null; hours: { from: string; to: string }[] } {
  const dayFrom = fromHour.endsWith("T00") ? fromHour.slice(0, 10) : nextDay(fromHour.slice(0, 10));
  const dayTo = toHour.slice(0, 10);
  if (dayFrom >= dayTo) return { days: null, hours: fromHour < toHour ? [{ from: fromHour, to: toHour }] : [] };
  const hours = [];
  if (fromHour < `${dayFrom}T00`) hours.push({ from: fromHour, to: `${dayFrom}T00` });
  if (`${dayTo}T00` < toHour) hours.push({ from: `${dayTo}T00`, to: toHour });
  return { days: { from: dayFrom, to: dayTo }, hours };
}
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
