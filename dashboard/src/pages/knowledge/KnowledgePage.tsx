import { useEffect, useState } from "preact/hooks";
import { useAuth } from "../../lib/auth";
import { listOf, useResource } from "../../lib/useResource";
import { DocumentsTab } from "./DocumentsTab";
import { FaqsTab } from "./FaqsTab";
import { GapsTab } from "./GapsTab";
import { TestTab } from "./TestTab";
import { UrlsTab } from "./UrlsTab";
import "./knowledge.css";

const TABS = [
  { id: "documents", label: "Documents" },
  { id: "urls", label: "Websites" },
  { id: "faqs", label: "FAQs" },
  { id: "test", label: "Test" },
  { id: "gaps", label: "Gaps" },
] as const;
type TabId = (typeof TABS)[number]["id"];

const STORAGE_KEY = "minichat.knowledge.chatbot";

export default function KnowledgePage() {
  const { can } = useAuth();
  const bots = listOf<{ id: string; name: string }>(useResource<unknown>("/api/v1/chatbots?limit=100").data);
  const [chatbotId, setChatbotId] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  const [tab, setTab] = useState<TabId>(() => {
    const fromHash = location.hash.slice(1) as TabId;
    return TABS.some((t) => t.id === fromHash) ? fromHash : "documents";
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
          <h1>Knowledge</h1>
          <p>Documents, websites and FAQs your bot answers from.</p>
        </div>
        {bots.length > 0 && (
          <label class="row small">
            <span>Chatbot</span>
            <select class="select" style={{ width: "220px" }} value={chatbotId ?? ""} onChange={(e) => setChatbotId((e.currentTarget as HTMLSelectElement).value)} data-testid="kb-chatbot-picker">
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
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={tab === t.id}
            class={`tab${tab === t.id ? " active" : ""}`}
            data-testid={`kb-tab-${t.id}`}
            onClick={() => {
              setTab(t.id);
              history.replaceState(null, "", `#${t.id}`);
            }}
          >
            {t.label}
          </button>
        ))}
      </nav>
      {!selected ? (
        <div class="empty-state">
          <h2>No chatbot yet</h2>
          <p>
            Knowledge belongs to a chatbot. <a href="/chatbots/new">Create one</a> first.
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
