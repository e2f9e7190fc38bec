import { useEffect, useState } from "preact/hooks";
import { useAuth } from "../../lib/auth";
import { listOf, useResource } from "../../lib/useResource";
import { DocumentsTab } from "./DocumentsTab";
import { FaqsTab } from "./FaqsTab";
import { GapsTab } from "./GapsTab";
import { TestTab } from "./TestTab";
import { UrlsTab } from "./UrlsTab";
import "./knowledge.css";
import { useI18n } from "../../i18n";

const TABS = [
  { id: "documents", label: "knowledge.tab.documents" },
  { id: "urls", label: "knowledge.tab.urls" },
  { id: "faqs", label: "knowledge.tab.faqs" },
  { id: "test", label: "knowledge.tab.test" },
  { id: "gaps", label: "knowledge.tab.gaps" },
] as const;
type TabId = (typeof TABS)[number]["id"];

const STORAGE_KEY = "minichat.knowledge.chatbot";

export default function KnowledgePage() {
  const { can } = useAuth();
  const { t } = useI18n();
  const bots = listOf<{ id: string; name: string }>(useResource<unknown>("/api/v1/chatbots?limit=100").data);
  const [chatbotId, setChatbotId] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  const [tab, setTab] = useState<TabId>(() => {
    const fromHash = location.hash.slice(1) as TabId;
    return TABS.some((x) => x.id === fromHash) ? fromHash : "documents";
  });
  useEffect(() => {
    if (bots.length && !bots.some((b) => b.id === chatbotId)) setChatbotId(bots[0]!.id);
  }, [bots, chatbotId]);
  useEffect(() => {
    if (chatbotId) localStorage.setItem(STORAGE_KEY, chatbotId);
  }, [chatbotId]);
  const canWrite = can("knowledge:write");
  const selected = bots.find((b) => b.id === chatbotId);

  return (
    <section class="page" data-testid="knowledge-page">
      <header class="page-header">
        <div>
          <h1>{t("knowledge.title")}</h1>
          <p>{t("knowledge.subtitle")}</p>
        </div>
        {bots.length > 0 && (
          <label class="row small">
            <span>{t("knowledge.chatbot")}</span>
            <select class="select" style={{ width: "220px", maxWidth: "100%" }} value={chatbotId ?? ""} onChange={(e) => setChatbotId((e.currentTarget as HTMLSelectElement).value)} data-testid="kb-chatbot-picker">
              {bots.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      <nav class="tabs" role="tablist">
        {TABS.map((x) => (
          <button
            key={x.id}
            role="tab"
            aria-selected={tab === x.id}
            class={`tab${tab === x.id ? " active" : ""}`}
            data-testid={`kb-tab-${x.id}`}
            onClick={() => {
              setTab(x.id);
              history.replaceState(null, "", `#${x.id}`);
            }}
          >
            {t(x.label)}
          </button>
        ))}
      </nav>
      {!selected ? (
        <div class="empty-state">
          <h2>{t("knowledge.noChatbot")}</h2>
          <p>
            {t("knowledge.belongsBefore")} <a href="/chatbots/new">{t("knowledge.createOne")}</a> {t("knowledge.belongsAfter")}
          </p>
        </div>
      ) : tab === "documents" ? (
        <DocumentsTab key={selected.id} chatbotId={selected.id} canWrite={canWrite} />
      ) : tab === "urls" ? (
        <UrlsTab key={selected.id} chatbotId={selected.id} canWrite={canWrite} />
      ) : tab === "faqs" ? (
        <FaqsTab key={selected.id} chatbotId={selected.id} canWrite={canWrite} />
      ) : tab === "test" ? (
        <TestTab key={selected.id} chatbotId={selected.id} />
      ) : (
        <GapsTab key={selected.id} chatbotId={selected.id} />
      )}
    </section>
  );
}
