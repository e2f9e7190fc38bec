import { localTime } from "../chatbots/business-hours";
import type { BusinessHours } from "../chatbots/schemas";

type Hours = Pick<BusinessHours, "enabled" | "timezone" | "schedule">;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Seconds of [from, to) that fall inside the business hours (each day's
 * [start, end) window in the chatbot's time zone). Disabled hours count every
 * second. Walks window by window, so a span over a weekend costs a few steps;
 * spans longer than 400 days are counted over their first 400 days.
 */
export function businessSeconds(hours: Hours, fromMs: number, toMs: number): number {
  if (!(toMs > fromMs)) return 0;
  if (!hours.enabled) return (toMs - fromMs) / 1000;
  let t = fromMs;
  let total = 0;
  for (let steps = 0; t < toMs && steps < 1200; steps++) {
    const { day, time } = localTime(hours.timezone, new Date(t));
    const seconds = new Date(t).getUTCSeconds() + (t % 1000) / 1000;
    const now = minutesOf(time) * 60 + seconds;
    const window = hours.schedule[day];
    const start = window ? minutesOf(window.start) * 60 : null;
    const end = window ? minutesOf(window.end) * 60 : null;
    if (start !== null && end !== null && now >= start && now < end) {
      const until = Math.min(toMs, t + (end - now) * 1000);
      total += (until - t) / 1000;
      t = until;
    } else if (start !== null && now < start) {
      t += (start - now) * 1000;
    } else {
      // to the next local midnight
      t += (86_400 - now) * 1000;
    }
  }
  return Math.round(total * 1000) / 1000;
}
