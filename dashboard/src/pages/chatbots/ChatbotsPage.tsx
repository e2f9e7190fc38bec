import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { withQuery } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { formatDateTime } from "../../lib/format";
import { listOf, useResource } from "../../lib/useResource";
import type { ChatbotResponse } from "./model";

export default function ChatbotsPage() {
  const { can } = useAuth();
  const { route } = useLocation();
  const [showArchived, setShowArchived] = useState(false);
  const [q, setQ] = useState("");
  const res = useResource<unknown>(withQuery("/api/v1/chatbots", { status: showArchived ? "archived" : undefined, q: q.trim() || undefined, limit: 100 }));
  const bots = listOf<ChatbotResponse>(res.data);

  return (
    <section class="page" data-testid="chatbots-page">
      <header class="page-header">
        <div>
          <h1>Chatbots</h1>
          <p>Each chatbot has its own personality, knowledge, widget look and embed code.</p>
        </div>
        <div class="row">
          <input class="input" style={{ width: "200px" }} type="search" placeholder="Search" value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} data-testid="chatbots-search" />
          <label class="check small">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived((e.currentTarget as HTMLInputElement).checked)} />
            <span>Archived</span>
          </label>
          {can("chatbots:manage") && (
            <a class="btn btn-primary" href="/chatbots/new" data-testid="new-chatbot">
              New chatbot
            </a>
          )}
        </div>
      </header>
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {res.loading && !res.data ? (
        <div class="spinner" />
      ) : bots.length === 0 ? (
        <div class="empty-state" data-testid="chatbots-empty">
          <h2>{q ? "No chatbots match" : showArchived ? "No archived chatbots" : "No chatbots yet"}</h2>
          {!showArchived && !q && can("chatbots:manage") && (
            <a class="btn btn-primary" href="/chatbots/new">
              Create your first chatbot
            </a>
          )}
        </div>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="chatbots-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Personality</th>
                <th>Version</th>
                <th>Updated</th>
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
                    <span class={`badge ${b.status === "active" ? "badge-success" : b.status === "archived" ? "badge-danger" : ""}`}>{b.status}</span>
                  </td>
                  <td>{b.personality}</td>
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
