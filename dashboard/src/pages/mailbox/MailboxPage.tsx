import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, errorMessage } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { listOf } from "../../lib/useResource";
import { useI18n } from "../../i18n";

interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  created_at: string;
}

/** Splits plain text into text and clickable links (no HTML from the mail is rendered). */
function linkify(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const re = /https?:\/\/[^\s<>"')]+/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const url = m[0].replace(/[.,;:!?]+$/, "");
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    out.push(
      <a href={url} data-testid="mail-link" key={at}>
        {url}
      </a>,
    );
    last = at + url.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Development mailbox: every mail the app would have sent, newest first. */
export default function MailboxPage() {
  const [mails, setMails] = useState<Mail[]>([]);
  const [open, setOpen] = useState<Mail | null>(null);
  const [filter, setFilter] = useState("");
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      const body = await api<Mail[] | { data: Mail[] }>("/api/v1/dev/mail", { query: { to: filter || undefined }, noRefresh: true });
      setMails(listOf<Mail>(body));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [filter]);

  const { t } = useI18n();
  return (
    <section class="page" data-testid="mailbox-page">
      <header class="page-header">
        <div>
          <h1>{t("mail.title")}</h1>
          <p>{t("mail.subtitle")}</p>
        </div>
        <div class="row">
          <input class="input" style={{ width: "240px" }} placeholder={t("mail.filter")} value={filter} onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)} data-testid="mail-filter" />
          <button type="button" class="btn" onClick={() => void load()} data-testid="mail-refresh">
            {t("mail.refresh")}
          </button>
        </div>
      </header>
      {error && <div class="alert alert-error">{error}</div>}
      <div class="mail-layout">
        <div class="card mail-list" data-testid="mail-list">
          {mails.length === 0 && <p class="muted" style={{ padding: "14px" }}>{t("mail.none")}</p>}
          {mails.map((m) => (
            <button type="button" key={m.id} class={`mail-item ${open?.id === m.id ? "active" : ""}`} onClick={() => setOpen(m)} data-testid="mail-item">
              <div style={{ fontWeight: 600 }}>{m.subject}</div>
              <div class="small muted">
                {t("mail.to", { to: m.to })} · {formatDateTime(m.created_at)}
              </div>
            </button>
          ))}
        </div>
        <div class="card" data-testid="mail-view">
          {open ? (
            <>
              <h2 data-testid="mail-subject">{open.subject}</h2>
              <p class="small muted">
                {t("mail.toCap", { to: open.to })} · {formatDateTime(open.created_at)}
              </p>
              <hr />
              <div class="mail-body" data-testid="mail-body">
                {linkify(open.text)}
              </div>
            </>
          ) : (
            <p class="muted">{t("mail.select")}</p>
          )}
        </div>
      </div>
    </section>
  );
}
