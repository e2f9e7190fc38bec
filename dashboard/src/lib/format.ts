/**
 * Dates and times for people, in the dashboard's language (`Intl`, the
 * locale from `i18n`). Components that call these also call `useI18n()`, so
 * they render again when the language changes.
 */
import { currentLang, localeOf, t } from "../i18n";

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(currentLang()), { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }).format(d);
}

/** "just now", "5 minutes ago", "3 hours ago", then the date. */
export function timeAgo(iso: string | null | undefined): string {
  if (!iso) return t("format.never");
  const ms = Date.now() - new Date(iso).getTime();
  if (Number.isNaN(ms)) return iso;
  const s = Math.round(ms / 1000);
  if (s < 60) return t("format.justNow");
  const rtf = new Intl.RelativeTimeFormat(localeOf(currentLang()), { numeric: "auto", style: "short" });
  const m = Math.round(s / 60);
  if (m < 60) return rtf.format(-m, "minute");
  const h = Math.round(m / 60);
  if (h < 48) return rtf.format(-h, "hour");
  return formatDateTime(iso);
}

/** A count in the dashboard's language (digit grouping). */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(localeOf(currentLang()), options).format(n);
}

/** A size in bytes as B / KB / MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${formatNumber(n)} B`;
  if (n < 1024 * 1024) return `${formatNumber(n / 1024, { maximumFractionDigits: 1 })} KB`;
  return `${formatNumber(n / 1024 / 1024, { maximumFractionDigits: 1 })} MB`;
}

export function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
