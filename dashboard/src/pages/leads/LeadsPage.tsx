import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import { api, apiRaw, errorMessage, withQuery } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { SOURCES, STAGES, type LeadDetail, type LeadRow, type Stage } from "./types";

/** What a dragged lead card carries: its id. */
const DRAG_TYPE = "text/plain";

function LeadPanel({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, date } = useI18n();
  const [lead, setLead] = useState<LeadDetail | null>(null);
  const [notes, setNotes] = useState("");
  const [task, setTask] = useState("");
  const action = useSubmit({ onFieldErrors: (fields) => Object.values(fields).join("; ") });
  const { error, setError } = action;
  const load = () =>
    api<LeadDetail>(`/api/v1/leads/${id}`).then((l) => {
      setLead(l);
      setNotes(l.notes);
    }, (e) => setError(errorMessage(e)));
  useEffect(() => void load(), [id]);
  const patch = async (body: Record<string, unknown>) => {
    await action.run(async () => {
      setLead(await api<LeadDetail>(`/api/v1/leads/${id}`, { method: "PATCH", body }));
      onChanged();
    });
  };
  if (!lead) return error ? <p class="error">{error}</p> : null;
  return (
    <section class="card" data-testid="lead-detail">
      <h2>{lead.title}</h2>
      <p class="muted small">
        {lead.contact?.name ?? ""} {lead.contact?.email ?? ""} {lead.contact?.phone ?? ""} · {t("leads.source", { source: lead.source })}
      </p>
      {lead.conversation_id && <a href={`/inbox?c=${lead.conversation_id}`}>{t("leads.openConversation")}</a>}
      <label class="small">
        {t("leads.notes")}
        <textarea class="textarea" value={notes} onInput={(e) => setNotes((e.currentTarget as HTMLTextAreaElement).value)} data-testid="lead-notes" />
      </label>
      <button type="button" class="btn btn-sm" onClick={() => void patch({ notes })}>{t("leads.save")}</button>
      <h3>{t("leads.tasks")}</h3>
      <ul>
        {lead.tasks.map((x) => (
          <li key={x.id}>
            <label>
              <input type="checkbox" checked={x.done} disabled={x.done} onChange={() => void patch({ tasks: { done: [x.id] } })} /> {x.title}
            </label>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (task.trim()) void patch({ tasks: { add: [{ title: task.trim() }] } }).then(() => setTask(""));
        }}
      >
        <input class="input input-sm" placeholder={t("leads.addTask")} value={task} onInput={(e) => setTask((e.currentTarget as HTMLInputElement).value)} />
      </form>
      <h3>{t("leads.timeline")}</h3>
      <ol class="small muted" data-testid="lead-timeline">
        {lead.timeline.map((e, i) => (
          <li key={i}>
            {date(e.at)} · {e.from ? t(`leads.stage.${e.from}`) : "—"} → {t(`leads.stage.${e.to}`)} · {e.actor}
            {e.note ? ` · ${e.note}` : ""}
          </li>
        ))}
      </ol>
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}

/** Leads: a board by stage (drag a card to another column, or use its "Move to" menu), filters, a new-lead form, CSV export. */
export default function LeadsPage() {
  const { t, number } = useI18n();
  const [q, setQ] = useState("");
  const [source, setSource] = useState("");
  const [rows, setRows] = useState<LeadRow[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const creation = useSubmit({ onFieldErrors: (fields) => Object.values(fields).join("; ") });
  useEffect(() => {
    api<{ data: LeadRow[] }>(withQuery("/api/v1/leads", { q: q || undefined, source: source || undefined, limit: 100 })).then((r) => setRows(r.data), (e) => setError(errorMessage(e)));
  }, [q, source, tick]);

  const move = async (id: string, stage: Stage) => {
    const before = rows;
    setRows(rows.map((r) => (r.id === id ? { ...r, stage } : r)));
    try {
      await api(`/api/v1/leads/${id}`, { method: "PATCH", body: { stage } });
      setError(null);
      setTick((n) => n + 1);
    } catch (e) {
      setRows(before);
      setError(errorMessage(e));
    }
  };
  const create = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    const v = (k: string) => String(f.get(k) ?? "").trim();
    const value = v("value") ? Math.round(Number(v("value")) * 100) : undefined;
    const contact = v("name") || v("email") ? { ...(v("name") ? { name: v("name") } : {}), ...(v("email") ? { email: v("email") } : {}) } : undefined;
    const created = await creation.run(() => api("/api/v1/leads", { method: "POST", body: { title: v("title"), ...(value !== undefined && Number.isFinite(value) ? { value } : {}), ...(contact ? { contact } : {}) } }));
    if (created === undefined) return;
    form.reset();
    setError(null);
    setTick((n) => n + 1);
  };
  const exportCsv = async () => {
    const res = await apiRaw(withQuery("/api/v1/leads/export.csv", { q: q || undefined, source: source || undefined }));
    const a = document.createElement("a");
    a.href = URL.createObjectURL(await res.blob());
    a.download = "leads.csv";
    a.click();
  };

  return (
    <div class="page" data-testid="leads-page">
      <h1>{t("leads.title")}</h1>
      <div class="toolbar">
        <input type="search" class="input" placeholder={t("leads.search")} value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} data-testid="leads-search" />
        <select class="select" value={source} onChange={(e) => setSource((e.currentTarget as HTMLSelectElement).value)} aria-label={t("leads.allSources")}>
          <option value="">{t("leads.allSources")}</option>
          {SOURCES.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </select>
        <button type="button" class="btn" onClick={() => void exportCsv()}>{t("leads.export")}</button>
      </div>
      <form class="toolbar" onSubmit={create} data-testid="lead-form" aria-label={t("leads.new")}>
        <input class="input" name="title" required maxLength={200} placeholder={t("leads.leadTitle")} />
        <input class="input" name="value" type="number" min="0" step="0.01" placeholder={t("leads.value")} />
        <input class="input" name="name" placeholder={t("leads.contactName")} />
        <input class="input" name="email" type="email" placeholder={t("leads.contactEmail")} />
        <button type="submit" class="btn btn-primary">{t("leads.create")}</button>
      </form>
      {(error ?? creation.error) && <p class="error" role="alert">{error ?? creation.error}</p>}
      <div style="display:grid;grid-template-columns:repeat(5,minmax(160px,1fr));gap:10px;overflow-x:auto" data-testid="lead-board">
        {STAGES.map((stage) => {
          const cards = rows.filter((r) => r.stage === stage);
          return (
            <section
              key={stage}
              class="card"
              style="padding:10px;min-height:200px"
              data-testid={`lead-column-${stage}`}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                const id = e.dataTransfer?.getData(DRAG_TYPE) || dragging;
                if (id && rows.find((r) => r.id === id)?.stage !== stage) void move(id, stage);
                setDragging(null);
              }}
            >
              <h3>
                {t(`leads.stage.${stage}`)} <span class="muted small">{cards.length}</span>
              </h3>
              {!cards.length && <p class="muted small">{t("leads.empty")}</p>}
              {cards.map((l) => (
                <article
                  key={l.id}
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer?.setData(DRAG_TYPE, l.id);
                    setDragging(l.id);
                  }}
                  style="border:1px solid var(--border);border-radius:8px;padding:8px;margin:6px 0;background:var(--surface);cursor:grab"
                  data-testid="lead-card"
                >
                  <button type="button" class="btn-link" onClick={() => setOpen(l.id)}>{l.title}</button>
                  <div class="small muted">
                    {l.contact?.name ?? l.contact?.email ?? ""}
                    {l.value !== null ? ` · ${number(l.value / 100, { style: "currency", currency: l.currency })}` : ""}
                  </div>
                  <select class="select" aria-label={t("leads.moveTo")} value={l.stage} onChange={(e) => void move(l.id, (e.currentTarget as HTMLSelectElement).value as Stage)} data-testid="lead-stage">
                    {STAGES.map((s) => (
                      <option key={s} value={s}>{t(`leads.stage.${s}`)}</option>
                    ))}
                  </select>
                </article>
              ))}
            </section>
          );
        })}
      </div>
      {open && <LeadPanel key={`${open}:${tick}`} id={open} onChanged={() => setTick((n) => n + 1)} />}
    </div>
  );
}
