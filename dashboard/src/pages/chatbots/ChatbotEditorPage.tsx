import { useEffect, useMemo, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { FormError } from "../../components/Form";
import { UpgradePrompt } from "../../components/UpgradePrompt";
import { useToast } from "../../components/Toasts";
import { api, errorMessage } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import { WidgetPreview } from "./WidgetPreview";
import { TABS, configOf, defaultConfig, diffConfig, setIn, tabOfPath } from "./model";
import type { ChatbotConfig, ChatbotResponse, TabId } from "./model";
import { AiTab, EscalationTab } from "./tabs/AiTab";
import { BehaviorTab } from "./tabs/BehaviorTab";
import { ChannelsTab } from "./tabs/ChannelsTab";
import { DataTab } from "./tabs/DataTab";
import { GeneralTab } from "./tabs/GeneralTab";
import { HoursTab } from "./tabs/HoursTab";
import { InstallTab } from "./tabs/InstallTab";
import { VersionsTab } from "./tabs/VersionsTab";
import { WidgetTab } from "./tabs/WidgetTab";
import { ChatbotActions } from "./ChatbotActions";
import { useI18n } from "../../i18n";

export default function ChatbotEditorPage() {
  const { params, query } = useRoute();
  const { route } = useLocation();
  const { can } = useAuth();
  const notify = useToast();
  const { t } = useI18n();
  const isNew = params.id === "new";
  const [bot, setBot] = useState<ChatbotResponse | null>(null);
  const [saved, setSaved] = useState<ChatbotConfig>(defaultConfig);
  const [config, setConfig] = useState<ChatbotConfig>(defaultConfig);
  const [tab, setTab] = useState<TabId>((query.tab as TabId) || "general");
  const [loadError, setLoadError] = useState<string | null>(null);
  const form = useSubmit({
    planLimit: true,
    onFieldErrors: (fields) => {
      setTab(tabOfPath(Object.keys(fields)[0]!));
      return t("editor.invalid");
    },
  });
  const errors = form.fields;
  const rotation = useSubmit({ toast: true });

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
    api(`/api/v1/chatbots/${params.id}`)
      .then(adopt)
      .catch((err) => setLoadError(errorMessage(err)));
  }, [params.id]);

  const dirty = useMemo(() => JSON.stringify(config) !== JSON.stringify(saved), [config, saved]);
  const tabsWithErrors = useMemo(() => new Set(Object.keys(errors).map(tabOfPath)), [errors]);

  const set = (path: string, value: unknown) => setConfig((c) => setIn(c, path, value));

  const save = async (e?: Event) => {
    e?.preventDefault();
    await form.run(async () => {
      if (isNew) {
        // no origins yet: the server's default (the app's own) applies
        const { allowed_origins, ...rest } = config;
        const body = allowed_origins.length ? config : rest;
        const created = await api("/api/v1/chatbots", { method: "POST", body });
        notify(t("editor.created"));
        adopt(created);
        route(`/chatbots/${created.id}?tab=install`, true);
        setTab("install");
      } else if (bot) {
        const patch = diffConfig(saved, config);
        if (Object.keys(patch).length === 0) return;
        const updated = await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", body: patch });
        adopt(updated);
        notify(t("editor.saved", { version: updated.version }));
      }
    });
  };

  const rotate = async () => {
    if (!bot || !confirm(t("editor.rotateConfirm"))) return;
    await rotation.run(async () => {
      adopt(await api(`/api/v1/chatbots/${bot.id}/rotate-key`, { method: "POST", body: {} }));
      notify(t("editor.rotated"));
    });
  };

  if (loadError) {
    return (
      <section class="page">
        <div class="empty-state">
          <h2>{t("editor.unavailable")}</h2>
          <p>{loadError}</p>
          <a href="/chatbots">{t("editor.back")}</a>
        </div>
      </section>
    );
  }
  if (!isNew && !bot) return <div class="spinner" />;

  const props = { config, set, errors, readOnly };
  const visibleTabs = TABS.filter((x) => !(isNew && (x.id === "versions" || x.id === "channels")));

  return (
    <section class="page" data-testid="chatbot-editor">
      <header class="page-header">
        <div>
          <div class="small muted">
            <a href="/chatbots">{t("chatbots.title")}</a> /
          </div>
          <h1 data-testid="editor-title">{isNew ? t("editor.newTitle") : bot?.name}</h1>
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
        <div class="alert alert-info">{bot?.status === "archived" ? t("editor.archivedNotice") : t("editor.readOnly")}</div>
      )}

      <div class="editor">
        <form class="card editor-form" onSubmit={save} noValidate>
          <div class="tabs" role="tablist">
            {visibleTabs.map((x) => (
              <button
                key={x.id}
                type="button"
                role="tab"
                aria-selected={tab === x.id}
                class={`tab ${tab === x.id ? "active" : ""}`}
                data-testid={`tab-${x.id}`}
                onClick={() => setTab(x.id)}
              >
                {t(x.label)}
                {tabsWithErrors.has(x.id) && <span class="dot" aria-label={t("editor.hasErrors")} />}
              </button>
            ))}
          </div>
          <FormError message={form.error} />
          <UpgradePrompt details={form.planLimit} />
          {tab === "general" && <GeneralTab {...props} />}
          {tab === "hours" && <HoursTab {...props} />}
          {tab === "ai" && <AiTab {...props} />}
          {tab === "escalation" && <EscalationTab {...props} />}
          {tab === "widget" && <WidgetTab {...props} />}
          {tab === "data" && <DataTab {...props} />}
          {tab === "behavior" && <BehaviorTab {...props} />}
          {tab === "install" && <InstallTab {...props} bot={bot} canRotate={canManage} onRotate={() => void rotate()} />}
          {tab === "versions" && bot && <VersionsTab bot={bot} canEdit={can("chatbots:edit")} onRestored={adopt} />}
          {tab === "channels" && bot && <ChannelsTab bot={bot} canManage={can("settings:manage")} />}
          {!readOnly && tab !== "versions" && tab !== "channels" && (
            <div class="save-bar">
              {dirty && <span class="muted small">{t("editor.unsaved")}</span>}
              {!isNew && dirty && (
                <button type="button" class="btn btn-ghost" onClick={() => { setConfig(saved); form.reset(); }}>
                  {t("editor.discard")}
                </button>
              )}
              <button type="submit" class="btn btn-primary" disabled={form.busy || (!isNew && !dirty)} data-testid="save-chatbot">
                {form.busy ? t("editor.saving") : isNew ? t("editor.create") : t("editor.saveChanges")}
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
