import { useAuth } from "../../lib/auth";
import { listOf, useResource } from "../../lib/useResource";
import type { ChatbotResponse } from "../chatbots/model";
import { useI18n } from "../../i18n";
import { LastWeek } from "./LastWeek";

export default function HomePage() {
  const { user, can } = useAuth();
  const res = useResource<unknown>("/api/v1/chatbots");
  const bots = listOf<ChatbotResponse>(res.data);
  const first = user?.name?.split(" ")[0] ?? "";
  const { t, number } = useI18n();

  return (
    <section class="page" data-testid="home-page">
      <header class="page-header">
        <div>
          <h1>{first ? t("home.welcomeName", { name: first }) : t("home.welcome")}</h1>
          <p>{t("home.subtitle")}</p>
        </div>
      </header>
      {res.loading && !res.data ? (
        <div class="spinner" />
      ) : bots.length === 0 ? (
        <div class="empty-state" data-testid="home-empty">
          <h2>{t("home.setupTitle")}</h2>
          <p>{t("home.setupBody")}</p>
          {can("chatbots:manage") ? (
            <a class="btn btn-primary" href="/chatbots/new" data-testid="create-first-chatbot">
              {t("home.createFirst")}
            </a>
          ) : (
            <p class="small">{t("home.askAdmin")}</p>
          )}
        </div>
      ) : (
        <div class="grid-3" data-testid="home-summary">
          <a class="card stat" href="/chatbots">
            <div class="stat-value">{number(bots.length)}</div>
            <div class="muted">{bots.length === 1 ? t("home.chatbotsOne") : t("home.chatbotsMany")}</div>
          </a>
          <a class="card stat" href="/inbox">
            <div class="stat-value">{t("nav.inbox")}</div>
            <div class="muted">{t("home.inboxCard")}</div>
          </a>
          <a class="card stat" href="/knowledge">
            <div class="stat-value">{t("nav.knowledge")}</div>
            <div class="muted">{t("home.knowledgeCard")}</div>
          </a>
        </div>
      )}
      {can("analytics:read") && bots.length > 0 && <LastWeek />}
      <div class="card">
        <h2>{t("home.gettingStarted")}</h2>
        <ol class="checklist">
          <li class={bots.length ? "done" : ""}>{t("home.step1")}</li>
          <li>{t("home.step2")}</li>
          <li>{t("home.step3")}</li>
          {can("team:manage") && <li>{t("home.step4")}</li>}
        </ol>
      </div>
    </section>
  );
}
