import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { FormError } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { ApiError, api, errorMessage } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { WidgetPreview } from "./WidgetPreview";
import { TABS, configOf, defaultConfig, diffConfig, setIn, tabOfPath } from "./model";
import type { ChatbotConfig, ChatbotResponse, TabId } from "./model";
import { AiTab, EscalationTab } from "./tabs/AiTab";
import { BehaviorTab } from "./tabs/BehaviorTab";
import { DataTab } from "./tabs/DataTab";
import { GeneralTab } from "./tabs/GeneralTab";
import { HoursTab } from "./tabs/HoursTab";
import { InstallTab } from "./tabs/InstallTab";
import { VersionsTab } from "./tabs/VersionsTab";
import { WidgetTab } from "./tabs/WidgetTab";
import { ChatbotActions } from "./ChatbotActions";

export default function ChatbotEditorPage() {
  const { params, query } = useRoute();
  const { route } = useLocation();
  const { can } = useAuth();
  const notify = useToast();
  const isNew = params.id === "new";
  const [bot, setBot] = useState<ChatbotResponse | null>(null);
  const [saved, setSaved] = useState<ChatbotConfig>(defaultConfig);
  const [config, setConfig] = useState<ChatbotConfig>(defaultConfig);
  const [tab, setTab] = useState<TabId>((query.tab as TabId) || "general");
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const canManage = can("chatbots:manage");
  const readOnly = isNew ? !canManage : !can("chatbots:edit") || bot?.status === "archived";

  const adopt = (b: ChatbotResponse) => {
    const cfg = configOf(b);
    setBot(b);
    setSaved(cfg);
    setConfig(cfg);
  };

  useEffect(() => {
    if (isNew) {
      const cfg = defaultConfig();
      setBot(null);
      setSaved(cfg);
      setConfig(cfg);
      return;
    }
    setLoadError(null);
    api<ChatbotResponse>(`/api/v1/chatbots/${params.id}`)
      .then(adopt)
      .catch((err) => setLoadError(errorMessage(err)));
  }, [params.id]);

  const dirty = useMemo(() => JSON.stringify(config) !== JSON.stringify(saved), [config, saved]);
  const tabsWithErrors = useMemo(() => new Set(Object.keys(errors).map(tabOfPath)), [errors]);

  const set = (path: string, value: unknown) => setConfig((c) => setIn(c, path, value));

  const save = async (e?: Event) => {
    e?.preventDefault();
    setBusy(true);
    setFormError(null);
    setErrors({});
    try {
      if (isNew) {
        const body: Partial<ChatbotConfig> = { ...config };
        if (!body.allowed_origins?.length) delete body.allowed_origins;
        const created = await api<ChatbotResponse>("/api/v1/chatbots", { method: "POST", body });
        notify("Chatbot created");
        adopt(created);
        route(`/chatbots/${created.id}?tab=install`, true);
        setTab("install");
      } else if (bot) {
        const patch = diffConfig(saved, config);
        if (Object.keys(patch).length === 0) return;
        const updated = await api<ChatbotResponse>(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", body: patch });
        adopt(updated);
        notify(`Saved (version ${updated.version})`);
      }
    } catch (err) {
      if (err instanceof ApiError) {
        const fe = err.fieldErrors;
        setErrors(fe);
        const first = Object.keys(fe)[0];
        if (first) {
          setTab(tabOfPath(first));
          setFormError("Some settings are not valid. Fix the highlighted fields and save again.");
        } else {
          setFormError(err.message);
        }
      } else {
        setFormError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const rotate = async () => {
    if (!bot || !confirm("Rotate the public key? Sites using the old embed code stop loading the chat until you update them.")) return;
    try {
      adopt(await api<ChatbotResponse>(`/api/v1/chatbots/${bot.id}/rotate-key`, { method: "POST", body: {} }));
      notify("New public key issued");
    } catch (err) {
      notify(errorMessage(err), "error");
    }
  };

  if (loadError) {
    return (
      <section class="page">
        <div class="empty-state">
          <h2>Chatbot unavailable</h2>
          <p>{loadError}</p>
          <a href="/chatbots">Back to chatbots</a>
        </div>
      </section>
    );
  }
  if (!isNew && !bot) return <div class="spinner" />;

  const props = { config, set, errors, readOnly };
  const visibleTabs = TABS.filter((t) => !(isNew && t.id === "versions"));

  return (
    <section class="page" data-testid="chatbot-editor">
      <header class="page-header">
        <div>
          <div class="small muted">
            <a href="/chatbots">Chatbots</a> /
          </div>
          <h1 data-testid="editor-title">{isNew ? "New chatbot" : bot?.name}</h1>
          {bot && (
            <p class="row">
              <span class={`badge ${bot.status === "active" ? "badge-success" : bot.status === "archived" ? "badge-danger" : ""}`} data-testid="chatbot-status">
                {bot.status}
              </span>
              <span class="muted small" data-testid="chatbot-version">
                version {bot.version}
              </span>
            </p>
          )}
        </div>
        {bot && <ChatbotActions bot={bot} onChange={adopt} />}
      </header>

      {readOnly && !isNew && (
        <div class="alert alert-info">{bot?.status === "archived" ? "This chatbot is archived. Restore it to edit." : "You can view this chatbot but not change it."}</div>
      )}

      <div class="editor">
        <form class="card editor-form" onSubmit={save} noValidate>
          <div class="tabs" role="tablist">
            {visibleTabs.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                aria-selected={tab === t.id}
                class={`tab ${tab === t.id ? "active" : ""}`}
                data-testid={`tab-${t.id}`}
                onClick={() => setTab(t.id)}
              >
                {t.label}
                {tabsWithErrors.has(t.id) && <span class="dot" aria-label="has errors" />}
              </button>
            ))}
          </div>
          <FormError message={formError} />
          {tab === "general" && <GeneralTab {...props} />}
          {tab === "hours" && <HoursTab {...props} />}
          {tab === "ai" && <AiTab {...props} />}
          {tab === "escalation" && <EscalationTab {...props} />}
          {tab === "widget" && <WidgetTab {...props} />}
          {tab === "data" && <DataTab {...props} />}
          {tab === "behavior" && <BehaviorTab {...props} />}
          {tab === "install" && <InstallTab {...props} bot={bot} canRotate={canManage} onRotate={() => void rotate()} />}
          {tab === "versions" && bot && <VersionsTab bot={bot} canEdit={can("chatbots:edit")} onRestored={adopt} />}
          {!readOnly && tab !== "versions" && (
            <div class="save-bar">
              {dirty && <span class="muted small">Unsaved changes</span>}
              {!isNew && dirty && (
                <button type="button" class="btn btn-ghost" onClick={() => { setConfig(saved); setErrors({}); setFormError(null); }}>
                  Discard
                </button>
              )}
              <button type="submit" class="btn btn-primary" disabled={busy || (!isNew && !dirty)} data-testid="save-chatbot">
                {busy ? "Saving…" : isNew ? "Create chatbot" : "Save changes"}
              </button>
            </div>
          )}
        </form>
        <aside class="editor-preview">
          <WidgetPreview config={config} />
        </aside>
      </div>
    </section>
  );
}
