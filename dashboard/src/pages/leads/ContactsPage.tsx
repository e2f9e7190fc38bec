import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/messages";
import { api, errorMessage, withQuery } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import type { ContactRow } from "./types";

interface Profile extends ContactRow {
  merged_contact_ids: string[];
  conversations: { id: string; status: string; subject: string | null; created_at: string }[];
  orders: { id: string; number: string; status: string; total: number; currency: string; created_at: string }[];
}

function ContactProfile({ id, all, onChanged }: { id: string; all: ContactRow[]; onChanged: () => void }) {
  const { t, number, date } = useI18n();
  const [p, setP] = useState<Profile | null>(null);
  const [pick, setPick] = useState("");
  const action = useSubmit({ onFieldErrors: (fields) => Object.values(fields).join("; ") });
  const { error, setError } = action;
  useEffect(() => {
    api<Profile>(`/api/v1/contacts/${id}`).then(setP, (e) => setError(errorMessage(e)));
  }, [id]);
  const call = async (path: string, body?: unknown) => {
    await action.run(async () => {
      setP(await api<Profile>(path, { method: "POST", body: body ?? {} }));
      onChanged();
    });
  };
  if (!p) return error ? <p class="error">{error}</p> : null;
  return (
    <section class="card" data-testid="contact-profile">
      <h2>{p.name ?? t("contacts.unnamed")}</h2>
      <p class="muted">{[p.email, p.phone].filter(Boolean).join(" · ")}</p>
      <h3>{t("contacts.conversations")}</h3>
      <ul>
        {p.conversations.map((c) => (
          <li key={c.id}>
            <a href={`/inbox?c=${c.id}`}>{c.subject ?? c.id}</a> <span class="small muted">{date(c.created_at)}</span>
          </li>
        ))}
      </ul>
      <h3>{t("contacts.orders")}</h3>
      <ul data-testid="contact-orders">
        {p.orders.map((o) => (
          <li key={o.id}>
            {o.number} · {t(`commerce.status.${o.status}` as MessageKey)} · {number(o.total / 100, { style: "currency", currency: o.currency })}
          </li>
        ))}
      </ul>
      {p.merged_into_id ? (
        <button type="button" class="btn btn-sm" onClick={() => void call(`/api/v1/contacts/${p.id}/unmerge`)}>{t("contacts.unmerge")}</button>
      ) : (
        <div class="toolbar">
          <select class="select" value={pick} onChange={(e) => setPick((e.currentTarget as HTMLSelectElement).value)} aria-label={t("contacts.mergeInto")}>
            <option value="">{t("contacts.mergePick")}</option>
            {all.filter((c) => c.id !== p.id).map((c) => (
              <option key={c.id} value={c.id}>{c.name ?? c.email ?? c.phone ?? c.id}</option>
            ))}
          </select>
          <button type="button" class="btn btn-sm" disabled={!pick} onClick={() => void call(`/api/v1/contacts/${p.id}/merge`, { contact_id: pick })}>{t("contacts.merge")}</button>
        </div>
      )}
      {p.merged_contact_ids.length > 0 && (
        <p class="small muted">
          {t("contacts.merged")}: {p.merged_contact_ids.length}
        </p>
      )}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}

/** Contacts: visitors who gave a name, email or phone (merged across visitors); a profile with their conversations and orders. */
export default function ContactsPage() {
  const { t, date } = useI18n();
  const [q, setQ] = useState("");
  const [rows, setRows] = useState<ContactRow[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api<{ data: ContactRow[] }>(withQuery("/api/v1/contacts", { q: q || undefined, limit: 100 })).then((r) => setRows(r.data), () => setRows([]));
  }, [q, tick]);
  return (
    <div class="page" data-testid="contacts-page">
      <h1>{t("contacts.title")}</h1>
      <div class="toolbar">
        <input type="search" class="input" placeholder={t("contacts.search")} value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
      </div>
      {!rows.length ? (
        <p class="muted">{t("contacts.none")}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{t("contacts.name")}</th>
                <th>{t("contacts.email")}</th>
                <th>{t("contacts.phone")}</th>
                <th>{t("contacts.since")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} class="clickable" data-testid="contact-row" onClick={() => setOpen(c.id)}>
                  <td>{c.name ?? t("contacts.unnamed")}</td>
                  <td>{c.email ?? ""}</td>
                  <td>{c.phone ?? ""}</td>
                  <td>{date(c.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && <ContactProfile key={`${open}:${tick}`} id={open} all={rows} onChanged={() => setTick((n) => n + 1)} />}
    </div>
  );
}
