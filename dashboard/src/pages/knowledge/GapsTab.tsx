import { useState } from "preact/hooks";
import { withQuery } from "../../lib/api";
import { useResource } from "../../lib/useResource";
import { useI18n } from "../../i18n";

interface GapsReport {
  total_queries?: number;
  low_confidence_queries?: number;
  no_result_queries?: number;
  gaps?: { query_pattern: string; count: number; avg_confidence: number; sample_queries: string[]; suggested_action: string }[];
}

/** Questions the bot could not answer well, grouped into topics. */
export function GapsTab({ chatbotId }: { chatbotId: string }) {
  const [period, setPeriod] = useState("30d");
  const { t, number } = useI18n();
  const res = useResource<GapsReport>(withQuery("/api/v1/knowledge-base/gaps", { chatbot_id: chatbotId, period }));
  const r = res.data;
  return (
    <div class="kb-stack" data-testid="kb-gaps">
      <div class="row">
        <select class="select" style={{ width: "160px" }} aria-label={t("gaps.period")} value={period} onChange={(e) => setPeriod((e.currentTarget as HTMLSelectElement).value)}>
          <option value="7d">{t("gaps.last7")}</option>
          <option value="30d">{t("gaps.last30")}</option>
          <option value="90d">{t("gaps.last90")}</option>
        </select>
        {r && (
          <span class="muted small">
            {t("gaps.summary", { total: number(r.total_queries ?? 0), low: number(r.low_confidence_queries ?? 0), none: number(r.no_result_queries ?? 0) })}
          </span>
        )}
      </div>
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {r && (r.gaps ?? []).length === 0 && (
        <div class="empty-state">
          <h2>{t("gaps.none")}</h2>
          <p>{t("gaps.noneBody")}</p>
        </div>
      )}
      {(r?.gaps ?? []).map((g) => (
        <div class="card kb-stack" key={g.query_pattern}>
          <div class="row">
            <strong>{g.query_pattern}</strong>
            <span class="badge">{t("gaps.count", { count: number(g.count) })}</span>
            <span class="badge">{t("gaps.avgConfidence", { percent: number(g.avg_confidence, { style: "percent" }) })}</span>
          </div>
          <ul class="small muted">
            {g.sample_queries.map((q) => (
              <li key={q}>{q}</li>
            ))}
          </ul>
          <div class="small">{g.suggested_action}</div>
        </div>
      ))}
    </div>
  );
}
