import { useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import { api, errorMessage } from "../../lib/api";

interface TestResult {
  query?: string;
  results?: { rank: number; score: number; source_type: string; source_id: string; content: string; metadata?: { title?: string | null; url?: string | null; page?: number | null; section?: string | null } }[];
  suggested_answer?: string;
  confidence_score?: number;
  action?: string;
  intent?: string;
}

/** Ask a sample question and see what the bot retrieves and would answer. */
export function TestTab({ chatbotId }: { chatbotId: string }) {
  const { t, number } = useI18n();
  const [question, setQuestion] = useState("");
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const ask = async (e: Event) => {
    e.preventDefault();
    setLoading(true);
    try {
      setResult(await api<TestResult>("/api/v1/knowledge-base/test", { body: { chatbot_id: chatbotId, question, top_k: 5 } }));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };
  return (
    <div class="kb-stack" data-testid="kb-test">
      <form class="row" onSubmit={ask}>
        <input class="input" style={{ flex: "1 1 320px" }} required placeholder={t("test.placeholder")} aria-label={t("test.placeholder")} value={question} onInput={(e) => setQuestion((e.currentTarget as HTMLInputElement).value)} data-testid="kb-test-input" />
        <button class="btn btn-primary" disabled={loading} data-testid="kb-test-ask">
          {loading ? t("test.asking") : t("test.test")}
        </button>
      </form>
      {error && <div class="alert alert-error">{error}</div>}
      {result && (
        <>
          <div class="card kb-stack" data-testid="kb-test-answer">
            <div class="row">
              <strong>{t("test.suggested")}</strong>
              {typeof result.confidence_score === "number" && <span class="badge badge-primary">{t("test.confidence", { percent: number(result.confidence_score, { style: "percent" }) })}</span>}
              {result.action && <span class="badge">{result.action}</span>}
              {result.intent && <span class="badge">{result.intent}</span>}
            </div>
            <p style={{ whiteSpace: "pre-wrap", margin: 0 }}>{result.suggested_answer || "—"}</p>
          </div>
          <ol class="kb-stack kb-results" data-testid="kb-test-results">
            {(result.results ?? []).map((r) => (
              <li key={`${r.source_id}-${r.rank}`} class="card">
                <div class="row small">
                  <span class="badge">{r.source_type}</span>
                  <strong>{r.metadata?.title ?? r.source_id}</strong>
                  {r.metadata?.page ? <span class="muted">{t("test.page", { page: r.metadata.page })}</span> : null}
                  {r.metadata?.section ? <span class="muted">{r.metadata.section}</span> : null}
                  <span class="muted" style={{ marginLeft: "auto" }}>
                    {t("test.score", { score: number(r.score, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) })}
                  </span>
                </div>
                <p class="small kb-clamp" style={{ whiteSpace: "pre-wrap" }}>
                  {r.content}
                </p>
              </li>
            ))}
            {(result.results ?? []).length === 0 && <li class="muted">{t("test.none")}</li>}
          </ol>
        </>
      )}
    </div>
  );
}
