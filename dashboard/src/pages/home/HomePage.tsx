import { useAuth } from "../../lib/auth";
import { listOf, useResource } from "../../lib/useResource";
import type { ChatbotResponse } from "../chatbots/model";
import { LastWeek } from "./LastWeek";

export default function HomePage() {
  const { user, can } = useAuth();
  const res = useResource<unknown>("/api/v1/chatbots");
  const bots = listOf<ChatbotResponse>(res.data);
  const first = user?.name?.split(" ")[0] ?? "";

  return (
    <section class="page" data-testid="home-page">
      <header class="page-header">
        <div>
          <h1>Welcome{first ? `, ${first}` : ""}</h1>
          <p>Here is what is happening in your workspace.</p>
        </div>
      </header>
      {res.loading && !res.data ? (
        <div class="spinner" />
      ) : bots.length === 0 ? (
        <div class="empty-state" data-testid="home-empty">
          <h2>Set up your AI assistant</h2>
          <p>Create a chatbot, give it your knowledge and paste one line of code on your site.</p>
          {can("chatbots:manage") ? (
            <a class="btn btn-primary" href="/chatbots/new" data-testid="create-first-chatbot">
              Create your first chatbot
            </a>
          ) : (
            <p class="small">Ask a workspace admin to create the first chatbot.</p>
          )}
        </div>
      ) : (
        <div class="grid-3" data-testid="home-summary">
          <a class="card stat" href="/chatbots">
            <div class="stat-value">{bots.length}</div>
            <div class="muted">chatbot{bots.length === 1 ? "" : "s"}</div>
          </a>
          <a class="card stat" href="/inbox">
            <div class="stat-value">Inbox</div>
            <div class="muted">Live and past conversations</div>
          </a>
          <a class="card stat" href="/knowledge">
            <div class="stat-value">Knowledge</div>
            <div class="muted">Documents, URLs and FAQs the bot answers from</div>
          </a>
        </div>
      )}
      {can("analytics:read") && bots.length > 0 && <LastWeek />}
      <div class="card">
        <h2>Getting started</h2>
        <ol class="checklist">
          <li class={bots.length ? "done" : ""}>Create a chatbot and pick its personality</li>
          <li>Add knowledge: upload documents, crawl your FAQ pages or write FAQs</li>
          <li>Copy the embed code into your website</li>
          {can("team:manage") && <li>Invite your team to answer escalated chats</li>}
        </ol>
      </div>
    </section>
  );
}
