import { useState } from "preact/hooks";
import { withQuery } from "../../lib/api";
import { useResource } from "../../lib/useResource";

interface GapsReport {
  total_queries?: number;
  low_confidence_queries?: number;
  no_result_queries?: number;
  gaps?: { query_pattern: string; count: number; avg_confidence: number; sample_queries: string[]; suggested_action: string }[];
}

/** Questions the bot could not answer well, grouped into topics. */
export function GapsTab({ chatbotId }: { chatbotId: string }) {
  const [period, setPeriod] = useState("30d");
  const res = useResource<GapsReport>(withQuery("/api/v1/knowledge-base/gaps", { chatbot_id: chatbotId, period }));
  const r = res.data;
  return (
    <div class="kb-stack" data-testid="kb-gaps">
      <div class="row">
        <select class="select" style={{ width: "160px" }} value={period} onChange={(e) => setPeriod((e.currentTarget as HTMLSelectElement).value)}>
          <option value="7d">Last 7 days</option>
          <option value="30d">Last 30 days</option>
          <option value="90d">Last 90 days</option>
        </select>
        {r && (
          <span class="muted small">
            {r.total_queries ?? 0} questions · {r.low_confidence_queries ?? 0} low confidence · {r.no_result_queries ?? 0} with no match
          </span>
        )}
      </div>
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {r && (r.gaps ?? []).length === 0 && (
        <div class="empty-state">
          <h2>No gaps found</h2>
          <p>Questions the bot answers with low confidence will show up here, grouped by topic.</p>
        </div>
      )}
      {(r?.gaps ?? []).map((g) => (
        <div class="card kb-stack" key={g.query_pattern}>
          <div class="row">
            <strong>{g.query_pattern}</strong>
            <span class="badge">{g.count} questions</span>
            <span class="badge">avg confidence {Math.round(g.avg_confidence * 100)}%</span>
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
