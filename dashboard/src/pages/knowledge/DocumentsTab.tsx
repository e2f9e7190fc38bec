import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { api, errorMessage, withQuery } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { listOf, useResource } from "../../lib/useResource";
import { useKnowledgeLive } from "./live";
import { ERROR_TEXT, formatBytes, type KbDocument, statusBadge } from "./types";
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
  const res = useResource<unknown>(withQuery("/api/v1/knowledge-base/documents", { chatbot_id: chatbotId, limit: 100 }));
  const docs = listOf<KbDocument>(res.data);
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const busy = docs.some((d) => d.status === "pending" || d.status === "processing");

  const live = useKnowledgeLive(
    (f) => {
      if (f.source_type !== "document") return;
      const known = docs.some((d) => d.id === f.source_id);
      if (!known || f.status === "completed" || f.status === "failed") void res.reload();
      else res.setData({ data: docs.map((d) => (d.id === f.source_id ? { ...d, status: f.status as KbDocument["status"], progress: f.progress } : d)) });
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
    if (!confirm(`Delete ${d.filename}? The bot will stop using it.`)) return;
    try {
      await api(`/api/v1/knowledge-base/documents/${d.id}`, { method: "DELETE" });
      notify("Document deleted");
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
          <strong>Drop files here or click to choose</strong>
          <span class="muted small">PDF (50 MB), DOCX (25 MB), TXT, MD, CSV, HTML (10 MB)</span>
        </label>
      )}
      {uploads.length > 0 && (
        <ul class="kb-uploads" data-testid="kb-uploads">
          {uploads.map((u) => (
            <li key={u.key}>
              <div class="row">
                <span class="kb-name">{u.name}</span>
                <span class="muted small">{formatBytes(u.size)}</span>
                {u.state === "error" ? <span class="field-error">{u.error}</span> : <span class="muted small">{u.state === "done" ? "Uploaded" : `${Math.round(u.progress * 100)}%`}</span>}
              </div>
              <progress max={1} value={u.state === "error" ? 0 : u.progress} />
            </li>
          ))}
        </ul>
      )}
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {docs.length === 0 && !res.loading ? (
        <div class="empty-state">
          <h2>No documents yet</h2>
          <p>Upload manuals, policies or price lists and the bot answers from them.</p>
        </div>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="kb-documents-table">
            <thead>
              <tr>
                <th>File</th>
                <th>Status</th>
                <th>Chunks</th>
                <th>Uploaded</th>
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
                      {d.page_count ? ` · ${d.page_count} pages` : ""}
                    </div>
                  </td>
                  <td>
                    <span class={statusBadge(d.status)} data-testid="kb-doc-status">
                      {d.status}
                    </span>
                    {(d.status === "processing" || d.status === "pending") && <progress class="kb-inline-progress" max={100} value={d.progress} />}
                    {d.error_code && (
                      <div class="field-error" title={d.error_message ?? ""}>
                        {d.error_code}: {ERROR_TEXT[d.error_code] ?? d.error_message}
                      </div>
                    )}
                  </td>
                  <td>{d.chunk_count}</td>
                  <td class="small">{formatDateTime(d.created_at)}</td>
                  <td class="row" style={{ justifyContent: "flex-end" }}>
                    {canWrite && (
                      <>
                        <button class="btn btn-sm btn-ghost" onClick={() => reprocess(d)}>
                          Reprocess
                        </button>
                        <button class="btn btn-sm btn-ghost" onClick={() => remove(d)} data-testid="kb-doc-delete">
                          Delete
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
      <p class="muted small">{live ? "Live updates on." : busy ? "Checking progress every 2 seconds." : ""}</p>
    </div>
  );
}
