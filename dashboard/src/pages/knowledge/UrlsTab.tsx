import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { ApiError, api, errorMessage, withQuery } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { listOf, useResource } from "../../lib/useResource";
import { useKnowledgeLive } from "./live";
import { ERROR_TEXT, type UrlSource, statusBadge } from "./types";

const lines = (s: string) => s.split(/\n|,/).map((x) => x.trim()).filter(Boolean);

function AddUrlForm({ chatbotId, onAdded }: { chatbotId: string; onAdded: () => void }) {
  const notify = useToast();
  const [url, setUrl] = useState("");
  const [maxPages, setMaxPages] = useState(50);
  const [maxDepth, setMaxDepth] = useState(2);
  const [include, setInclude] = useState("");
  const [exclude, setExclude] = useState("");
  const [schedule, setSchedule] = useState<UrlSource["schedule"]>("none");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await api("/api/v1/knowledge-base/urls", {
        body: { chatbot_id: chatbotId, url, max_pages: maxPages, max_depth: maxDepth, include_patterns: lines(include), exclude_patterns: lines(exclude), schedule },
      });
      notify("Crawl started");
      setUrl("");
      onAdded();
    } catch (err) {
      setError(err instanceof ApiError && err.code === "VALIDATION_ERROR" ? Object.values(err.fieldErrors).join("; ") || err.message : errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form class="card kb-stack" onSubmit={submit} data-testid="kb-url-form">
      <div class="row">
        <input class="input" style={{ flex: "1 1 320px" }} type="url" required placeholder="https://help.example.com" value={url} onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)} data-testid="kb-url-input" />
        <button class="btn btn-primary" disabled={saving} data-testid="kb-url-add">
          {saving ? "Starting…" : "Crawl"}
        </button>
      </div>
      <details>
        <summary class="small">Crawl settings</summary>
        <div class="kb-grid">
          <label class="field">
            <span class="field-label">Max pages (≤ 500)</span>
            <input class="input" type="number" min={1} max={500} value={maxPages} onInput={(e) => setMaxPages(Number((e.currentTarget as HTMLInputElement).value))} />
          </label>
          <label class="field">
            <span class="field-label">Max depth (≤ 5)</span>
            <input class="input" type="number" min={0} max={5} value={maxDepth} onInput={(e) => setMaxDepth(Number((e.currentTarget as HTMLInputElement).value))} />
          </label>
          <label class="field">
            <span class="field-label">Only paths matching</span>
            <input class="input" placeholder="/docs/*, /help/*" value={include} onInput={(e) => setInclude((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span class="field-label">Skip paths matching</span>
            <input class="input" placeholder="/blog/*" value={exclude} onInput={(e) => setExclude((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span class="field-label">Re-crawl</span>
            <select class="select" value={schedule} onChange={(e) => setSchedule((e.currentTarget as HTMLSelectElement).value as UrlSource["schedule"])}>
              <option value="none">Never</option>
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
            </select>
          </label>
        </div>
      </details>
      {error && <div class="alert alert-error">{error}</div>}
    </form>
  );
}

function Pages({ id }: { id: string }) {
  const res = useResource<UrlSource>(`/api/v1/knowledge-base/urls/${id}`);
  if (!res.data) return <div class="spinner" />;
  return (
    <table class="table kb-pages">
      <tbody>
        {(res.data.pages ?? []).map((p) => (
          <tr key={p.id}>
            <td class="small">
              <a href={p.url} target="_blank" rel="noopener noreferrer">
                {p.title || p.url}
              </a>
              <div class="muted">depth {p.depth}</div>
            </td>
            <td>
              <span class={statusBadge(p.status)}>{p.status}</span>
              {p.error_code && <div class="field-error small">{ERROR_TEXT[p.error_code] ?? p.error_code}</div>}
            </td>
            <td class="small">{p.chunk_count} chunks</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function UrlsTab({ chatbotId, canWrite }: { chatbotId: string; canWrite: boolean }) {
  const notify = useToast();
  const res = useResource<unknown>(withQuery("/api/v1/knowledge-base/urls", { chatbot_id: chatbotId, limit: 100 }));
  const sources = listOf<UrlSource>(res.data);
  const [open, setOpen] = useState<string | null>(null);
  const busy = sources.some((s) => s.status === "crawling" || s.status === "pending");
  useKnowledgeLive(
    (f) => {
      if (f.source_type !== "url") return;
      if (f.status !== "crawling") void res.reload();
      else res.setData({ data: sources.map((s) => (s.id === f.source_id ? { ...s, status: "crawling", progress: f.progress } : s)) });
    },
    busy,
    () => void res.reload(),
  );
  const act = async (path: string, method: string, done: string) => {
    try {
      await api(path, { method });
      notify(done);
      void res.reload();
    } catch (err) {
      notify(errorMessage(err), "error");
    }
  };
  return (
    <div class="kb-stack" data-testid="kb-urls">
      {canWrite && <AddUrlForm chatbotId={chatbotId} onAdded={() => void res.reload()} />}
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {sources.length === 0 && !res.loading ? (
        <div class="empty-state">
          <h2>No websites yet</h2>
          <p>Add your help center or FAQ pages; the bot learns every page it can reach.</p>
        </div>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="kb-urls-table">
            <thead>
              <tr>
                <th>Website</th>
                <th>Status</th>
                <th>Pages</th>
                <th>Last crawl</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <>
                  <tr key={s.id} data-testid={`kb-url-${s.id}`}>
                    <td>
                      <button class="btn-link" onClick={() => setOpen(open === s.id ? null : s.id)}>
                        {s.url}
                      </button>
                      <div class="muted small">
                        depth {s.max_depth} · up to {s.max_pages} pages{s.schedule !== "none" ? ` · ${s.schedule}` : ""}
                      </div>
                    </td>
                    <td>
                      <span class={statusBadge(s.status)}>{s.status}</span>
                      {s.status === "crawling" && <progress class="kb-inline-progress" max={100} value={s.progress} />}
                      {s.error_code && <div class="field-error small">{ERROR_TEXT[s.error_code] ?? s.error_code}</div>}
                    </td>
                    <td class="small">
                      {s.pages_crawled} crawled{s.pages_failed ? `, ${s.pages_failed} failed` : ""} · {s.chunk_count} chunks
                    </td>
                    <td class="small">{formatDateTime(s.last_crawled_at)}</td>
                    <td class="row" style={{ justifyContent: "flex-end" }}>
                      {canWrite && (
                        <>
                          <button class="btn btn-sm btn-ghost" disabled={s.status === "crawling"} onClick={() => act(`/api/v1/knowledge-base/urls/${s.id}/recrawl`, "POST", "Re-crawl started")}>
                            Re-crawl
                          </button>
                          <button class="btn btn-sm btn-ghost" onClick={() => confirm(`Remove ${s.url} and everything learned from it?`) && act(`/api/v1/knowledge-base/urls/${s.id}`, "DELETE", "Website removed")}>
                            Delete
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                  {open === s.id && (
                    <tr key={`${s.id}-pages`}>
                      <td colSpan={5}>
                        <Pages id={s.id} />
                      </td>
                    </tr>
                  )}
                </>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
