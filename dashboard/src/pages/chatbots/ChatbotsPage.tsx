import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { withQuery } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { formatDateTime } from "../../lib/format";
import { listOf, useResource } from "../../lib/useResource";
import type { ChatbotResponse } from "./model";
import { t as tr, useI18n } from "../../i18n";

function statusName(status: string): string {
  return status === "active" || status === "inactive" || status === "archived" ? tr(`chatbots.status.${status}`) : status;
}

function personalityName(p: string): string {
  return p === "professional" || p === "friendly" || p === "casual" ? tr(`chatbots.personality.${p}`) : p;
}

export default function ChatbotsPage() {
  const { can } = useAuth();
  const { route } = useLocation();
  const { t } = useI18n();
  const [showArchived, setShowArchived] = useState(false);
  const [q, setQ] = useState("");
  const res = useResource<unknown>(withQuery("/api/v1/chatbots", { status: showArchived ? "archived" : undefined, q: q.trim() || undefined, limit: 100 }));
  const bots = listOf<ChatbotResponse>(res.data);

  return (
    <section class="page" data-testid="chatbots-page">
      <header class="page-header">
        <div>
          <h1>{t("chatbots.title")}</h1>
          <p>{t("chatbots.subtitle")}</p>
        </div>
        <div class="row">
          <input class="input" style={{ width: "200px", maxWidth: "100%" }} type="search" placeholder={t("chatbots.search")} aria-label={t("chatbots.search")} value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} data-testid="chatbots-search" />
          <label class="check small">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived((e.currentTarget as HTMLInputElement).checked)} />
            <span>{t("chatbots.archived")}</span>
          </label>
          {can("chatbots:manage") && (
            <a class="btn btn-primary" href="/chatbots/new" data-testid="new-chatbot">
              {t("chatbots.new")}
            </a>
          )}
        </div>
      </header>
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {res.loading && !res.data ? (
        <div class="spinner" />
      ) : bots.length === 0 ? (
        <div class="empty-state" data-testid="chatbots-empty">
          <h2>{q ? t("chatbots.noneMatch") : showArchived ? t("chatbots.noneArchived") : t("chatbots.none")}</h2>
          {!showArchived && !q && can("chatbots:manage") && (
            <a class="btn btn-primary" href="/chatbots/new">
              {t("chatbots.createFirst")}
            </a>
          )}
        </div>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="chatbots-table">
            <thead>
              <tr>
                <th>{t("chatbots.colName")}</th>
                <th>{t("chatbots.colStatus")}</th>
                <th>{t("chatbots.colPersonality")}</th>
                <th>{t("chatbots.colVersion")}</th>
                <th>{t("chatbots.colUpdated")}</th>
              </tr>
            </thead>
            <tbody>
              {bots.map((b) => (
                <tr key={b.id} class="clickable" data-testid={`chatbot-row-${b.id}`} onClick={() => route(`/chatbots/${b.id}`)}>
                  <td>
                    <a href={`/chatbots/${b.id}`} class="row">
                      <span class="swatch" style={{ background: b.widget_settings?.theme?.primary_color }} />
                      {b.name}
                    </a>
                  </td>
                  <td>
                    <span class={`badge ${b.status === "active" ? "badge-success" : b.status === "archived" ? "badge-danger" : ""}`}>{statusName(b.status)}</span>
                  </td>
                  <td>{personalityName(b.personality)}</td>
                  <td>v{b.version}</td>
                  <td>{formatDateTime(b.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
