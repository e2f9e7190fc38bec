import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { ApiError, api, errorMessage, withQuery } from "../../lib/api";
import { useI18n } from "../../i18n";
import { listOf, useResource } from "../../lib/useResource";
import { useKnowledgeLive } from "./live";
import { failureText, type UrlSource, statusBadge, statusText } from "./types";

/** Samples of what the fields take (patterns and links, the same in every language). */
const URL_SAMPLE = "https://help.example.com";
const INCLUDE_SAMPLE = "/docs/*, /help/*";
const EXCLUDE_SAMPLE = "/blog/*";

const lines = (s: string) => s.split(/\n|,/).map((x) => x.trim()).filter(Boolean);

function AddUrlForm({ chatbotId, onAdded }: { chatbotId: string; onAdded: () => void }) {
  const notify = useToast();
  const { t, number } = useI18n();
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
      notify(t("urls.started"));
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
        <input class="input" style={{ flex: "1 1 320px" }} type="url" required placeholder={URL_SAMPLE} value={url} onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)} data-testid="kb-url-input" />
        <button class="btn btn-primary" disabled={saving} data-testid="kb-url-add">
          {saving ? t("urls.starting") : t("urls.crawl")}
        </button>
      </div>
      <details>
        <summary class="small">{t("urls.settings")}</summary>
        <div class="kb-grid">
          <label class="field">
            <span class="field-label">{t("urls.maxPages", { max: number(500) })}</span>
            <input class="input" type="number" min={1} max={500} value={maxPages} onInput={(e) => setMaxPages(Number((e.currentTarget as HTMLInputElement).value))} />
          </label>
          <label class="field">
            <span class="field-label">{t("urls.maxDepth", { max: number(5) })}</span>
            <input class="input" type="number" min={0} max={5} value={maxDepth} onInput={(e) => setMaxDepth(Number((e.currentTarget as HTMLInputElement).value))} />
          </label>
          <label class="field">
            <span class="field-label">{t("urls.include")}</span>
            <input class="input" placeholder={INCLUDE_SAMPLE} value={include} onInput={(e) => setInclude((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span class="field-label">{t("urls.exclude")}</span>
            <input class="input" placeholder={EXCLUDE_SAMPLE} value={exclude} onInput={(e) => setExclude((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span class="field-label">{t("urls.recrawlEvery")}</span>
            <select class="select" value={schedule} onChange={(e) => setSchedule((e.currentTarget as HTMLSelectElement).value as UrlSource["schedule"])}>
              <option value="none">{t("urls.schedule.none")}</option>
              <option value="daily">{t("urls.schedule.daily")}</option>
              <option value="weekly">{t("urls.schedule.weekly")}</option>
            </select>
          </label>
        </div>
      </details>
      {error && <div class="alert alert-error">{error}</div>}
    </form>
  );
}

function Pages({ id }: { id: string }) {
  const { t, number } = useI18n();
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
              <div class="muted">{t("urls.depth", { depth: number(p.depth) })}</div>
            </td>
            <td>
              <span class={statusBadge(p.status)}>{statusText(t, p.status)}</span>
              {p.error_code && <div class="field-error small">{failureText(t, p.error_code)}</div>}
            </td>
            <td class="small">{t("urls.chunks", { count: number(p.chunk_count) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function UrlsTab({ chatbotId, canWrite }: { chatbotId: string; canWrite: boolean }) {
  const notify = useToast();
  const { t, date, number } = useI18n();
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
  const act = async (path: string, method: "POST" | "DELETE", done: string) => {
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
          <h2>{t("urls.none")}</h2>
          <p>{t("urls.noneBody")}</p>
        </div>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="kb-urls-table">
            <thead>
              <tr>
                <th>{t("urls.colWebsite")}</th>
                <th>{t("urls.colStatus")}</th>
                <th>{t("urls.colPages")}</th>
                <th>{t("urls.colLastCrawl")}</th>
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
                        {t("urls.limits", { depth: number(s.max_depth), pages: number(s.max_pages) })}
                        {s.schedule !== "none" ? ` · ${t(`urls.schedule.${s.schedule}`)}` : ""}
                      </div>
                    </td>
                    <td>
                      <span class={statusBadge(s.status)}>{statusText(t, s.status)}</span>
                      {s.status === "crawling" && <progress class="kb-inline-progress" max={100} value={s.progress} />}
                      {s.error_code && <div class="field-error small">{failureText(t, s.error_code)}</div>}
                    </td>
                    <td class="small">
                      {t("urls.crawled", { count: number(s.pages_crawled) })}
                      {s.pages_failed ? `, ${t("urls.failed", { count: number(s.pages_failed) })}` : ""} · {t("urls.chunks", { count: number(s.chunk_count) })}
                    </td>
                    <td class="small">{s.last_crawled_at ? date(s.last_crawled_at) : "—"}</td>
                    <td class="row" style={{ justifyContent: "flex-end" }}>
                      {canWrite && (
                        <>
                          <button class="btn btn-sm btn-ghost" disabled={s.status === "crawling"} onClick={() => act(`/api/v1/knowledge-base/urls/${s.id}/recrawl`, "POST", t("urls.recrawlStarted"))}>
                            {t("urls.recrawl")}
                          </button>
                          <button class="btn btn-sm btn-ghost" onClick={() => confirm(t("urls.removeConfirm", { url: s.url })) && act(`/api/v1/knowledge-base/urls/${s.id}`, "DELETE", t("urls.removed"))}>
                            {t("urls.delete")}
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
