/** Local calendar positions of UTC instants in the workspace's IANA time zone. */
export type Interval = "hour" | "day" | "week";

const formatters = new Map<string, Intl.DateTimeFormat>();
function parts(iso: string, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", weekday: "short", hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour === "24" ? "00" : p.hour!, weekday: WEEKDAYS.indexOf(p.weekday!) };
}
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The bucket an instant falls in, as a local label: 'YYYY-MM-DDTHH' (hour),
 * 'YYYY-MM-DD' (day) or the Monday of its week 'YYYY-MM-DD' (week).
 */
export function bucketOf(iso: string, timeZone: string, interval: Interval): string {
  // many rollup rows share an hour: format each hour once
  const key = `${iso}|${timeZone}|${interval}`;
  let b = buckets.get(key);
  if (b === undefined) {
    if (buckets.size > 50_000) buckets.clear();
    b = computeBucket(iso, timeZone, interval);
    buckets.set(key, b);
  }
  return b;
}
const buckets = new Map<string, string>();

function computeBucket(iso: string, timeZone: string, interval: Interval): string {
  const p = parts(iso, timeZone);
  if (interval === "hour") return `${p.y}-${p.m}-${p.d}T${p.h}`;
  if (interval === "day") return `${p.y}-${p.m}-${p.d}`;
  const monday = new Date(Date.UTC(Number(p.y), Number(p.m) - 1, Number(p.d) - p.weekday));
  return monday.toISOString().slice(0, 10);
}

/** Weekday (0 = Monday … 6 = Sunday) and hour of day of an instant in the time zone. */
export function weekdayHourOf(iso: string, timeZone: string): { weekday: number; hour: number } {
  const key = `${iso}|${timeZone}`;
  let w = weekdayHours.get(key);
  if (!w) {
    if (weekdayHours.size > 50_000) weekdayHours.clear();
    const p = parts(iso, timeZone);
    weekdayHours.set(key, (w = { weekday: p.weekday, hour: Number(p.h) }));
  }
  return w;
}
const weekdayHours = new Map<string, { weekday: number; hour: number }>();
