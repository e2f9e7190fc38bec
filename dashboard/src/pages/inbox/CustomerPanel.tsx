import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import { api, errorMessage } from "../../lib/api";
import { formatDateTime, timeAgo } from "../../lib/format";
import { StatusBadge } from "./ConversationList";
import { ShopPanel } from "./ShopPanel";
import type { ConversationDetail, ConversationStatus, Member, Note } from "./types";
import { VisitorDataActions } from "./VisitorDataActions";
import { Outcome } from "./Outcome";
import { RuleActivity } from "./RuleActivity";

function Field({ label, value }: { label: string; value: string | null | undefined }) {
  if (!value) return null;
  return (
    <div class="kv">
      <span class="muted small">{label}</span>
      <span class="kv-value">{value}</span>
    </div>
  );
}

export function TagsEditor(props: { conversationId: string; tags: string[]; canEdit: boolean; onChange: (tags: string[]) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState("");
  const [known, setKnown] = useState<{ tag: string; count: number }[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ data: { tag: string; count: number }[] }>("/api/v1/tags").then((r) => setKnown(r.data), () => setKnown([]));
  }, [props.conversationId]);
  const save = async (tags: string[]) => {
    try {
      const r = await api<{ tags: string[] }>(`/api/v1/conversations/${props.conversationId}/tags`, { method: "PUT", body: { tags } });
      props.onChange(r.tags);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <div class="panel-section" data-testid="tags-editor">
      <h3>{t("panel.tags")}</h3>
      <div class="row">
        {props.tags.length === 0 && <span class="muted small">{t("panel.noTags")}</span>}
        {props.tags.map((tag) => (
          <span key={tag} class="tag-chip">
            #{tag}
            {props.canEdit && (
              <button type="button" class="btn-link" aria-label={t("panel.removeTag", { tag })} onClick={() => void save(props.tags.filter((x) => x !== tag))}>
                ×
              </button>
            )}
          </span>
        ))}
      </div>
      {props.canEdit && (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim()) void save([...props.tags, draft.trim()]).then(() => setDraft(""));
          }}
        >
          <input class="input input-sm" list="known-tags" placeholder={t("panel.addTag")} value={draft} maxLength={32} onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)} data-testid="tag-input" />
          <datalist id="known-tags">
            {known.map((k) => (
              <option key={k.tag} value={k.tag} />
            ))}
          </datalist>
          <button type="submit" class="btn btn-ghost btn-sm">
            {t("panel.add")}
          </button>
        </form>
      )}
      {error && <div class="field-error">{error}</div>}
    </div>
  );
}

export function NotesPanel(props: { conversationId: string; notes: Note[]; members: Member[]; canWrite: boolean; meId: string | null; isAdmin: boolean; onChange: (notes: Note[]) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const mention = /(?:^|\s)@([\p{L}\p{N}._-]*)$/u.exec(draft)?.[1];
  const suggestions =
    mention !== undefined ? props.members.filter((m) => m.name.toLowerCase().startsWith(mention.toLowerCase()) || m.email.toLowerCase().startsWith(mention.toLowerCase())).slice(0, 5) : [];

  const add = async () => {
    if (!draft.trim()) return;
    try {
      const note = await api<Note>(`/api/v1/conversations/${props.conversationId}/notes`, { body: { content: draft } });
      props.onChange([...props.notes, note]);
      setDraft("");
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const remove = async (id: string) => {
    try {
      await api(`/api/v1/conversations/${props.conversationId}/notes/${id}`, { method: "DELETE" });
      props.onChange(props.notes.filter((n) => n.id !== id));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <div class="panel-section" data-testid="notes-panel">
      <h3>{t("panel.notes")}</h3>
      <p class="muted small">{t("panel.notesHint")}</p>
      <ul class="notes">
        {props.notes.map((n) => (
          <li key={n.id} class="note" data-testid="note">
            <div class="small muted">
              {n.author.name ?? t("panel.someone")} · {timeAgo(n.created_at)}
              {(n.author.id === props.meId || props.isAdmin) && props.canWrite && (
                <button type="button" class="btn-link small" onClick={() => void remove(n.id)}>
                  {" "}
                  {t("panel.deleteNote")}
                </button>
              )}
            </div>
            <div class="note-body">{n.content}</div>
          </li>
        ))}
      </ul>
      {props.canWrite ? (
        <div class="note-compose">
          {suggestions.length > 0 && (
            <ul class="canned-suggestions">
              {suggestions.map((m) => (
                <li key={m.email}>
                  <button type="button" onMouseDown={(e) => (e.preventDefault(), setDraft(draft.replace(/@([\p{L}\p{N}._-]*)$/u, `@${m.email} `)))}>
                    <strong>{m.name}</strong> <span class="muted">{m.email}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <textarea class="textarea" data-testid="note-input" placeholder={t("panel.notePlaceholder")} value={draft} onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)} />
          <button type="button" class="btn btn-ghost btn-sm" data-testid="note-add" onClick={() => void add()} disabled={!draft.trim()}>
            {t("panel.addNote")}
          </button>
        </div>
      ) : (
        <p class="muted small">{t("panel.viewersNoNotes")}</p>
      )}
      {error && <div class="field-error">{error}</div>}
    </div>
  );
}

export function CustomerPanel(props: {
  detail: ConversationDetail;
  members: Member[];
  canWrite: boolean;
  meId: string | null;
  isAdmin: boolean;
  onSelect: (id: string) => void;
  onTags: (tags: string[]) => void;
  onNotes: (notes: Note[]) => void;
  /** after the visitor's data was erased */
  onErased: () => void;
}) {
  const { t } = useI18n();
  const v = props.detail.visitor;
  const place = [v.location.city, v.location.country].filter(Boolean).join(", ");
  const device = [v.device.type, v.device.browser, v.device.os].filter(Boolean).join(" · ");
  return (
    <aside class="customer-panel" data-testid="customer-panel">
      <div class="panel-section">
        <h3>{t("panel.customer")}</h3>
        <Field label={t("panel.name")} value={v.name} />
        <Field label={t("panel.email")} value={v.email} />
        <Field label={t("panel.phone")} value={v.phone} />
        <Field label={t("panel.currentPage")} value={v.current_page} />
        <Field label={t("panel.referrer")} value={v.referrer} />
        <Field label={t("panel.device")} value={device} />
        <Field label={t("panel.location")} value={place} />
        <Field label={t("panel.language")} value={v.locale} />
        <Field label={t("panel.visits")} value={String(v.visit_count || 1)} />
        <Field label={t("panel.started")} value={formatDateTime(props.detail.created_at)} />
      </div>
      <div class="panel-section">
        <h3>{t("panel.previous")}</h3>
        {v.previous_conversations.length === 0 ? (
          <p class="muted small">{t("panel.none")}</p>
        ) : (
          <ul class="prev-convs">
            {v.previous_conversations.map((p) => (
              <li key={p.id}>
                <button type="button" class="btn-link small" onClick={() => props.onSelect(p.id)}>
                  {formatDateTime(p.created_at)}
                </button>{" "}
                <StatusBadge status={p.status as ConversationStatus} />
                <div class="small muted">{p.last_message_preview}</div>
              </li>
            ))}
          </ul>
        )}
      </div>
      <ShopPanel conversationId={props.detail.id} visitorId={v.id} />
      <Outcome detail={props.detail} />
      <RuleActivity detail={props.detail} />
      <TagsEditor conversationId={props.detail.id} tags={props.detail.tags} canEdit={props.canWrite} onChange={props.onTags} />
      <NotesPanel
        conversationId={props.detail.id}
        notes={props.detail.internal_notes}
        members={props.members}
        canWrite={props.canWrite}
        meId={props.meId}
        isAdmin={props.isAdmin}
        onChange={props.onNotes}
      />
      <VisitorDataActions visitorId={v.id} onErased={props.onErased} />
    </aside>
  );
}
