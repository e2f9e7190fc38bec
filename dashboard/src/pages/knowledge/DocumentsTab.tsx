import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { api, errorMessage, withQuery } from "../../lib/api";
import { formatBytes } from "../../lib/format";
import { useI18n } from "../../i18n";
import { listOf, useResource } from "../../lib/useResource";
import { useKnowledgeLive } from "./live";
import { documentStatus, failureText, type KbDocument, statusBadge, statusText } from "./types";
import { uploadWithProgress } from "./upload";

interface UploadItem {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: "uploading" | "done" | "error";
  error?: string;
}

const ACCEPT = ".pdf,.docx,.txt,.md,.markdown,.csv,.html,.htm";

export function DocumentsTab({ chatbotId, canWrite }: { chatbotId: string; canWrite: boolean }) {
  const notify = useToast();
  const { t, date, number } = useI18n();
  const res = useResource<unknown>(withQuery("/api/v1/knowledge-base/documents", { chatbot_id: chatbotId, limit: 100 }));
  const docs = listOf<KbDocument>(res.data);
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const busy = docs.some((d) => d.status === "pending" || d.status === "processing");

  const live = useKnowledgeLive(
    (f) => {
      if (f.source_type !== "document") return;
      const known = docs.some((d) => d.id === f.source_id);
      const status = documentStatus(f.status);
      if (!known || !status || status === "completed" || status === "failed") void res.reload();
      else res.setData({ data: docs.map((d) => (d.id === f.source_id ? { ...d, status, progress: f.progress } : d)) });
    },
    busy,
    () => void res.reload(),
  );

  const patch = (key: string, change: Partial<UploadItem>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const startUploads = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = `${file.name}-${Math.random().toString(36).slice(2)}`;
      setUploads((list) => [...list, { key, name: file.name, size: file.size, progress: 0, state: "uploading" }]);
      uploadWithProgress(chatbotId, file, (p) => patch(key, { progress: p }))
        .then(() => {
          patch(key, { progress: 1, state: "done" });
          void res.reload();
          setTimeout(() => setUploads((list) => list.filter((u) => u.key !== key)), 4000);
        })
        .catch((err) => patch(key, { state: "error", error: errorMessage(err) }));
    }
  };

  const remove = async (d: KbDocument) => {
    if (!confirm(t("docs.deleteConfirm", { name: d.filename }))) return;
    try {
      await api(`/api/v1/knowledge-base/documents/${d.id}`, { method: "DELETE" });
      notify(t("docs.deleted"));
      void res.reload();
    } catch (err) {
      notify(errorMessage(err), "error");
    }
  };
  const reprocess = async (d: KbDocument) => {
    try {
      await api(`/api/v1/knowledge-base/documents/${d.id}/reprocess`, { method: "POST" });
      void res.reload();
    } catch (err) {
      notify(errorMessage(err), "error");
    }
  };

  return (
    <div class="kb-stack" data-testid="kb-documents">
      {canWrite && (
        <label
          class={`kb-dropzone${dragging ? " dragging" : ""}`}
          data-testid="kb-dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            if (e.dataTransfer?.files.length) startUploads(e.dataTransfer.files);
          }}
        >
          <input
            type="file"
            multiple
            accept={ACCEPT}
            data-testid="kb-file-input"
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              if (input.files?.length) startUploads(input.files);
              input.value = "";
            }}
          />
          <strong>{t("docs.drop")}</strong>
          <span class="muted small">{t("docs.limits", { pdf: formatBytes(50 * 1024 * 1024), docx: formatBytes(25 * 1024 * 1024), other: formatBytes(10 * 1024 * 1024) })}</span>
        </label>
      )}
      {uploads.length > 0 && (
        <ul class="kb-uploads" data-testid="kb-uploads">
          {uploads.map((u) => (
            <li key={u.key}>
              <div class="row">
                <span class="kb-name">{u.name}</span>
                <span class="muted small">{formatBytes(u.size)}</span>
                {u.state === "error" ? <span class="field-error">{u.error}</span> : <span class="muted small">{u.state === "done" ? t("docs.uploaded") : number(u.progress, { style: "percent" })}</span>}
              </div>
              <progress max={1} value={u.state === "error" ? 0 : u.progress} />
            </li>
          ))}
        </ul>
      )}
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {docs.length === 0 && !res.loading ? (
        <div class="empty-state">
          <h2>{t("docs.none")}</h2>
          <p>{t("docs.noneBody")}</p>
        </div>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="kb-documents-table">
            <thead>
              <tr>
                <th>{t("docs.colFile")}</th>
                <th>{t("docs.colStatus")}</th>
                <th>{t("docs.colChunks")}</th>
                <th>{t("docs.colUploaded")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {docs.map((d) => (
                <tr key={d.id} data-testid={`kb-doc-${d.id}`}>
                  <td>
                    <div class="kb-name">{d.filename}</div>
                    <div class="muted small">
                      {d.file_type.toUpperCase()} · {formatBytes(d.size_bytes)}
                      {d.page_count ? ` · ${t("docs.pages", { count: number(d.page_count) })}` : ""}
                    </div>
                  </td>
                  <td>
                    <span class={statusBadge(d.status)} data-testid="kb-doc-status" data-status={d.status}>
                      {statusText(t, d.status)}
                    </span>
                    {(d.status === "processing" || d.status === "pending") && <progress class="kb-inline-progress" max={100} value={d.progress} />}
                    {d.error_code && (
                      <div class="field-error" title={d.error_message ?? ""}>
                        {d.error_code}: {failureText(t, d.error_code, d.error_message)}
                      </div>
                    )}
                  </td>
                  <td>{number(d.chunk_count)}</td>
                  <td class="small">{date(d.created_at)}</td>
                  <td class="row" style={{ justifyContent: "flex-end" }}>
                    {canWrite && (
                      <>
                        <button class="btn btn-sm btn-ghost" onClick={() => reprocess(d)}>
                          {t("docs.reprocess")}
                        </button>
                        <button class="btn btn-sm btn-ghost" onClick={() => remove(d)} data-testid="kb-doc-delete">
                          {t("docs.delete")}
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
      <p class="muted small">{live ? t("docs.live") : busy ? t("docs.polling") : ""}</p>
    </div>
  );
}
