import { useEffect, useState } from "preact/hooks";
import { api, errorMessage, withQuery } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { formatDateTime } from "../../lib/format";
import { listOf, useResource } from "../../lib/useResource";
import { t as tr, useI18n } from "../../i18n";

interface AuditEntry {
  id: string;
  action: string;
  actor_user_id?: string | null;
  actor_api_key_id?: string | null;
  actor_name?: string | null;
  actor_email?: string | null;
  actor?: { name?: string; email?: string; type?: string } | null;
  resource_type?: string | null;
  resource_id?: string | null;
  changes?: unknown;
  ip?: string | null;
  created_at: string;
}

interface Page {
  data?: AuditEntry[];
  pagination?: { next_cursor?: string | null; has_more?: boolean };
  next_cursor?: string | null;
}

interface Filters {
  actor_user_id: string;
  action: string;
  resource_type: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { actor_user_id: "", action: "", resource_type: "", from: "", to: "" };

function actorOf(e: AuditEntry, names: Map<string, string>): string {
  if (e.actor_user_id && names.has(e.actor_user_id)) return names.get(e.actor_user_id) as string;
  return e.actor?.name ?? e.actor_name ?? e.actor?.email ?? e.actor_email ?? (e.actor_api_key_id ? tr("audit.apiKey", { id: e.actor_api_key_id }) : (e.actor_user_id ?? tr("audit.system")));
}

export default function AuditLogPage() {
  const { can } = useAuth();
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const members = listOf<{ user_id: string; name: string; email: string }>(useResource<unknown>(can("audit:read") ? "/api/v1/members" : null).data);

  const load = async (after: string | null) => {
    setLoading(true);
    try {
      const query = {
        action: filters.action || undefined,
        actor_user_id: filters.actor_user_id || undefined,
        resource_type: filters.resource_type || undefined,
        from: filters.from ? new Date(filters.from).toISOString() : undefined,
        to: filters.to ? new Date(`${filters.to}T23:59:59`).toISOString() : undefined,
        cursor: after ?? undefined,
        limit: 50,
      };
      const page = await api<Page>(withQuery("/api/v1/audit-logs", query));
      const items = listOf<AuditEntry>(page);
      setRows((prev) => (after ? [...prev, ...items] : items));
      setCursor(page.pagination?.next_cursor ?? page.next_cursor ?? null);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    if (can("audit:read")) void load(null);
  }, [filters]);

  if (!can("audit:read")) {
    return (
      <section class="page">
        <div class="empty-state">{t("audit.noAccess")}</div>
      </section>
    );
  }

  const names = new Map(members.map((m) => [m.user_id, m.name]));

  const field = (key: keyof Filters, label: string, type = "text", placeholder = "") => (
    <div class="field">
      <label for={`f-${key}`}>{label}</label>
      <input
        id={`f-${key}`}
        class="input"
        type={type}
        placeholder={placeholder}
        value={draft[key]}
        data-testid={`audit-filter-${key}`}
        onInput={(e) => setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value })}
      />
    </div>
  );

  return (
    <section class="page" data-testid="audit-page">
      <header class="page-header">
        <div>
          <h1>{t("audit.title")}</h1>
          <p>{t("audit.subtitle")}</p>
        </div>
      </header>
      <form
        class="card filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <div class="field">
          <label for="f-actor">{t("audit.who")}</label>
          <select
            id="f-actor"
            class="select"
            value={draft.actor_user_id}
            data-testid="audit-filter-actor"
            onChange={(e) => setDraft({ ...draft, actor_user_id: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">{t("audit.anyone")}</option>
            {members.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        {field("action", t("audit.action"), "text", t("audit.actionPlaceholder"))}
        {field("resource_type", t("audit.resource"), "text", t("audit.resourcePlaceholder"))}
        {field("from", t("audit.from"), "date")}
        {field("to", t("audit.to"), "date")}
        <button type="submit" class="btn btn-primary" data-testid="audit-apply">
          {t("audit.apply")}
        </button>
        <button
          type="button"
          class="btn btn-ghost"
          onClick={() => {
            setDraft(EMPTY);
            setFilters(EMPTY);
          }}
        >
          {t("audit.clear")}
        </button>
      </form>
      {error && <div class="alert alert-error">{error}</div>}
      <div class="table-wrap">
        <table class="table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t("audit.when")}</th>
              <th>{t("audit.who")}</th>
              <th>{t("audit.action")}</th>
              <th>{t("audit.resource")}</th>
              <th>{t("audit.details")}</th>
              <th>{t("audit.ip")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td class="small" style={{ whiteSpace: "nowrap" }}>
                  {formatDateTime(e.created_at)}
                </td>
                <td>{actorOf(e, names)}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td class="small">
                  {e.resource_type}
                  {e.resource_id && <div class="muted mono">{e.resource_id}</div>}
                </td>
                <td>{e.changes ? <pre class="json">{typeof e.changes === "string" ? e.changes : JSON.stringify(e.changes, null, 1)}</pre> : <span class="muted">—</span>}</td>
                <td class="small muted">{e.ip ?? ""}</td>
              </tr>
            ))}
            {rows.length === 0 && !loading && (
              <tr>
                <td colSpan={6} class="muted">
                  {t("audit.none")}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {cursor && (
        <div>
          <button type="button" class="btn" disabled={loading} onClick={() => void load(cursor)}>
            {t("audit.loadMore")}
          </button>
        </div>
      )}
    </section>
  );
}
