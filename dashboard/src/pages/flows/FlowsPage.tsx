import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { FormError, SelectField, TextField } from "../../components/Form";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import { listOf, useResource } from "../../lib/useResource";
import type { Flow, FlowTemplate } from "./types";

/** A chatbot's flows, and a new one from a template or blank. */
export default function FlowsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { route } = useLocation();
  const manage = can("chatbots:manage");
  const bots = useResource<unknown>("/api/v1/chatbots?limit=100");
  const botList = listOf<{ id: string; name: string }>(bots.data);
  const [chatbotId, setChatbotId] = useState("");
  useEffect(() => {
    if (!chatbotId && botList[0]) setChatbotId(botList[0].id);
  }, [botList.length]);
  const flows = useResource<{ data: Flow[] }>(chatbotId ? `/api/v1/flows?chatbot_id=${encodeURIComponent(chatbotId)}` : null);
  const templates = useResource<{ data: FlowTemplate[] }>("/api/v1/flows/templates");
  const [template, setTemplate] = useState("");
  const [name, setName] = useState("");
  const form = useSubmit();

  const create = async (e: Event) => {
    e.preventDefault();
    const blank = { schema_version: 1, start: "start", nodes: [{ type: "end", id: "start" }] };
    const body = template ? { chatbot_id: chatbotId, template, ...(name.trim() ? { name: name.trim() } : {}) } : { chatbot_id: chatbotId, name: name.trim() || t("flows.new"), graph: blank };
    const created = await form.run(() => api<Flow>("/api/v1/flows", { method: "POST", body }));
    if (created) route(`/flows/${created.id}`);
  };

  return (
    <section class="page" data-testid="flows-page">
      <header class="page-header">
        <div>
          <h1>{t("flows.title")}</h1>
          <p>{t("flows.intro")}</p>
        </div>
      </header>
      <div class="card">
        <SelectField label={t("flows.chatbot")} name="flow_chatbot" value={chatbotId} options={botList.map((b) => ({ value: b.id, label: b.name }))} onValue={setChatbotId} />
      </div>
      {flows.data && flows.data.data.length === 0 && <p class="card">{t("flows.empty")}</p>}
      {flows.data?.data.map((f) => (
        <article class="card" key={f.id} data-testid="flow-card">
          <h2>{f.name}</h2>
          <p>
            {t(`flows.trigger.${f.trigger.type}`)}
            {f.trigger.value ? `: ${f.trigger.value}` : ""} · {f.published_version ? t("flows.published", { n: f.published_version }) : t("flows.draft")}
          </p>
          <a class="btn" href={`/flows/${f.id}`} data-testid="flow-edit">
            {t("flows.edit")}
          </a>
        </article>
      ))}
      {manage && chatbotId && (
        <form class="card form" onSubmit={create} noValidate data-testid="flow-new">
          <h2>{t("flows.new")}</h2>
          <FormError message={form.error} />
          <TextField label={t("flows.name")} name="flow_name" value={name} onValue={setName} />
          <SelectField
            label={t("flows.template")}
            name="flow_template"
            value={template}
            options={[{ value: "", label: t("flows.blank") }, ...(templates.data?.data ?? []).map((tpl) => ({ value: tpl.id, label: `${tpl.name} — ${tpl.description}` }))]}
            onValue={setTemplate}
          />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={form.busy} data-testid="flow-create">
              {t("flows.create")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
