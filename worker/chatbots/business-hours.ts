import type { BusinessHours, Day } from "./schemas";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The weekday and HH:MM wall-clock time at `date` in `timeZone` (UTC if the zone is unknown). */
export function localTime(timeZone: string, date: Date): { day: Day; time: string } {
  let f: Intl.DateTimeFormat;
  try {
    f = formatter(timeZone);
  } catch {
    f = formatter("UTC");
  }
  const parts = Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
  const hour = parts.hour === "24" ? "00" : parts.hour;
  return { day: parts.weekday.toLowerCase() as Day, time: `${hour}:${parts.minute}` };
}

/**
 * Whether the chatbot's team is open at `date`. Disabled business hours mean
 * open around the clock; a day set to null is closed; each day's window is
 * [start, end) in the configured IANA time zone (daylight saving included).
 */
export function isWithinBusinessHours(
  businessHours: Pick<BusinessHours, "enabled" | "timezone" | "schedule">,
  date: Date = new Date(),
): boolean {
  if (!businessHours.enabled) return true;
  const { day, time } = localTime(businessHours.timezone, date);
  const window = businessHours.schedule[day];
  if (!window) return false;
  return time >= window.start && time < window.end;
}
