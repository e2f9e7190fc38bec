import { useState } from "preact/hooks";
import { Modal } from "../../components/Modal";
import { useToast } from "../../components/Toasts";
import { ApiError, api, errorMessage, withQuery } from "../../lib/api";
import { listOf, useResource } from "../../lib/useResource";
import { useI18n } from "../../i18n";
import { type Faq, type FaqImportReport as ImportReport, statusBadge, statusText } from "./types";

/** The CSV header the import reads (column names, not prose). */
const CSV_COLUMNS = "question, answer, category, tags, priority";


function FaqEditor({ chatbotId, faq, onClose, onSaved }: { chatbotId: string; faq: Faq | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [question, setQuestion] = useState(faq?.question ?? "");
  const [answer, setAnswer] = useState(faq?.answer ?? "");
  const [category, setCategory] = useState(faq?.category ?? "");
  const [tags, setTags] = useState((faq?.tags ?? []).join(", "));
  const [priority, setPriority] = useState<Faq["priority"]>(faq?.priority ?? "medium");
  const [status, setStatus] = useState<Faq["status"]>(faq?.status ?? "active");
  const [error, setError] = useState<string | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    const body = { question, answer, category: category.trim() || null, tags: tags.split(",").map((tag) => tag.trim()).filter(Boolean), priority, status };
    try {
      if (faq) await api(`/api/v1/knowledge-base/faqs/${faq.id}`, { method: "PATCH", body });
      else await api("/api/v1/knowledge-base/faqs", { body: { ...body, chatbot_id: chatbotId } });
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError && err.code === "VALIDATION_ERROR" ? Object.entries(err.fieldErrors).map(([k, v]) => `${k}: ${v}`).join("; ") : errorMessage(err));
    }
  };
  return (
    <Modal title={faq ? t("faqs.editTitle") : t("faqs.newTitle")} onClose={onClose} testid="kb-faq-editor">
      <form class="kb-stack" onSubmit={save}>
        <label class="field">
          <span class="field-label">{t("faqs.question")}</span>
          <input class="input" required value={question} onInput={(e) => setQuestion((e.currentTarget as HTMLInputElement).value)} data-testid="kb-faq-question" />
        </label>
        <label class="field">
          <span class="field-label">{t("faqs.answer")}</span>
          <textarea class="textarea" rows={5} required value={answer} onInput={(e) => setAnswer((e.currentTarget as HTMLTextAreaElement).value)} data-testid="kb-faq-answer" />
        </label>
        <div class="kb-grid">
          <label class="field">
            <span class="field-label">{t("faqs.category")}</span>
            <input class="input" value={category} onInput={(e) => setCategory((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span class="field-label">{t("faqs.tags")}</span>
            <input class="input" value={tags} onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span class="field-label">{t("faqs.priority")}</span>
            <select class="select" value={priority} onChange={(e) => setPriority((e.currentTarget as HTMLSelectElement).value as Faq["priority"])}>
              <option value="high">{t("faqs.priority.high")}</option>
              <option value="medium">{t("faqs.priority.medium")}</option>
              <option value="low">{t("faqs.priority.low")}</option>
            </select>
          </label>
          <label class="field">
            <span class="field-label">{t("faqs.status")}</span>
            <select class="select" value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value as Faq["status"])}>
              <option value="active">{t("faqs.status.active")}</option>
              <option value="draft">{t("faqs.status.draft")}</option>
              <option value="inactive">{t("faqs.status.inactive")}</option>
            </select>
          </label>
        </div>
        {error && <div class="alert alert-error">{error}</div>}
        <div class="row" style={{ justifyContent: "flex-end" }}>
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            {t("faqs.cancel")}
          </button>
          <button class="btn btn-primary" data-testid="kb-faq-save">
            {t("faqs.save")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ImportDialog({ chatbotId, onClose, onDone }: { chatbotId: string; onClose: () => void; onDone: () => void }) {
  const { t, number } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [overwrite, setOverwrite] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append("chatbot_id", chatbotId);
    form.append("overwrite_existing", String(overwrite));
    form.append("file", file);
    try {
      setReport(await api("/api/v1/knowledge-base/faqs/import", { body: form }));
      setError(null);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Modal title={t("faqs.importTitle")} onClose={onClose} testid="kb-faq-import">
      <form class="kb-stack" onSubmit={run}>
        <p class="muted small">
          {t("faqs.importColumns")} <code>{CSV_COLUMNS}</code>. {t("faqs.importHelp")}
        </p>
        <input type="file" accept=".csv,text/csv" onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} data-testid="kb-faq-import-file" />
        <label class="check small">
          <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite((e.currentTarget as HTMLInputElement).checked)} />
          <span>{t("faqs.overwrite")}</span>
        </label>
        {error && <div class="alert alert-error">{error}</div>}
        {report && (
          <div class="kb-stack" data-testid="kb-faq-import-report">
            <div class="alert alert-success">
              {t("faqs.importReport", { imported: number(report.imported), updated: number(report.updated), skipped: number(report.skipped) })}
            </div>
            {report.errors.length > 0 && (
              <ul class="small">
                {report.errors.map((e) => (
                  <li key={e.row}>{t("faqs.importRow", { row: number(e.row), message: e.message })}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div class="row" style={{ justifyContent: "flex-end" }}>
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            {t("faqs.close")}
          </button>
          <button class="btn btn-primary" disabled={!file}>
            {t("faqs.import")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function FaqsTab({ chatbotId, canWrite }: { chatbotId: string; canWrite: boolean }) {
  const notify = useToast();
  const { t } = useI18n();
  const [q, setQ] = useState("");
  const [status, setStatus] = useState("");
  const res = useResource<unknown>(withQuery("/api/v1/knowledge-base/faqs", { chatbot_id: chatbotId, q: q.trim() || undefined, status: status || undefined, limit: 100 }));
  const faqs = listOf<Faq>(res.data);
  const [editing, setEditing] = useState<Faq | "new" | null>(null);
  const [importing, setImporting] = useState(false);
  const remove = async (f: Faq) => {
    if (!confirm(t("faqs.deleteConfirm", { question: f.question }))) return;
    try {
      await api(`/api/v1/knowledge-base/faqs/${f.id}`, { method: "DELETE" });
      void res.reload();
    } catch (err) {
      notify(errorMessage(err), "error");
    }
  };
  return (
    <div class="kb-stack" data-testid="kb-faqs">
      <div class="row">
        <input class="input" style={{ width: "240px" }} type="search" placeholder={t("faqs.search")} aria-label={t("faqs.search")} value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
        <select class="select" style={{ width: "160px" }} value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">{t("faqs.allStatuses")}</option>
          <option value="active">{t("faqs.filterActive")}</option>
          <option value="draft">{t("faqs.status.draft")}</option>
          <option value="inactive">{t("faqs.status.inactive")}</option>
        </select>
        <span style={{ flex: 1 }} />
        {canWrite && (
          <>
            <button class="btn btn-ghost" onClick={() => setImporting(true)} data-testid="kb-faq-import-open">
              {t("faqs.importCsv")}
            </button>
            <button class="btn btn-primary" onClick={() => setEditing("new")} data-testid="kb-faq-new">
              {t("faqs.new")}
            </button>
          </>
        )}
      </div>
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {faqs.length === 0 && !res.loading ? (
        <div class="empty-state">
          <h2>{q || status ? t("faqs.noneMatch") : t("faqs.none")}</h2>
        </div>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="kb-faqs-table">
            <thead>
              <tr>
                <th>{t("faqs.colQuestion")}</th>
                <th>{t("faqs.colCategory")}</th>
                <th>{t("faqs.colStatus")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {faqs.map((f) => (
                <tr key={f.id}>
                  <td>
                    <div class="kb-name">{f.question}</div>
                    <div class="muted small kb-clamp">{f.answer}</div>
                    {f.tags.length > 0 && <div class="small muted">{f.tags.map((tag) => `#${tag}`).join(" ")}</div>}
                  </td>
                  <td class="small">{f.category ?? "—"}</td>
                  <td>
                    <span class={statusBadge(f.status)}>{statusText(t, f.status)}</span> {f.priority === "high" && <span class="badge badge-primary">{t("faqs.high")}</span>}
                  </td>
                  <td class="row" style={{ justifyContent: "flex-end" }}>
                    {canWrite && (
                      <>
                        <button class="btn btn-sm btn-ghost" onClick={() => setEditing(f)}>
                          {t("faqs.edit")}
                        </button>
                        <button class="btn btn-sm btn-ghost" onClick={() => remove(f)}>
                          {t("faqs.delete")}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <FaqEditor
          chatbotId={chatbotId}
          faq={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            notify(t("faqs.saved"));
            void res.reload();
          }}
        />
      )}
      {importing && <ImportDialog chatbotId={chatbotId} onClose={() => setImporting(false)} onDone={() => void res.reload()} />}
    </div>
  );
}
