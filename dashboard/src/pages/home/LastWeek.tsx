import { useMemo } from "preact/hooks";
import { useI18n } from "../../i18n";
import { useResource } from "../../lib/useResource";

interface Overview {
  conversations: number;
  resolved: number;
  handoff_rate: number | null;
  csat: number | null;
  first_response_time: { median_s: number | null };
}

/** The home page's glance at the last 7 days (the analytics overview). */
export function LastWeek() {
  const { t, number } = useI18n();
  const path = useMemo(() => `/api/v1/analytics/overview?from=${new Date(Date.now() - 7 * 86_400_000).toISOString()}`, []);
  const o = useResource<Overview>(path).data;
  if (!o) return null;
  const pct = (x: number | null) => (x === null ? "–" : number(x, { style: "percent", maximumFractionDigits: 0 }));
  const tiles: [string, string][] = [
    [t("analytics.kpi.conversations"), number(o.conversations)],
    [t("analytics.kpi.resolved"), number(o.resolved)],
    [t("analytics.kpi.handoff"), pct(o.handoff_rate)],
    [t("analytics.kpi.csat"), pct(o.csat)],
  ];
  return (
    <div class="card" data-testid="home-last-week">
      <div class="card-header">
        <h2>{t("analytics.home.title")}</h2>
        <a href="/analytics">{t("analytics.home.more")}</a>
      </div>
      <div class="grid-3">
        {tiles.map(([label, value]) => (
          <div class="stat" key={label}>
            <div class="muted small">{label}</div>
            <div class="stat-value">{value}</div>
          </div>
        ))}
      </div>
    </div>
  );
}
