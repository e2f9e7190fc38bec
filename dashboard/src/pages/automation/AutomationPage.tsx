import { useState } from "preact/hooks";
import { FormError, TextField } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/messages";
import { api, type Schema } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import { listOf, useResource } from "../../lib/useResource";
import { RuleEditor, type Choices, type Option, type Rule, type RuleInput } from "./RuleEditor";

type TestResult = Schema<"AutomationRuleTest">;

const options = (body: unknown, label: (x: Record<string, unknown>) => unknown, id = "id"): Option[] =>
  listOf<Record<string, unknown>>(body).map((x) => ({ value: String(x[id] ?? x.id), label: String(label(x)) }));

/** Automation rules in the order they run: enable, reorder, edit, delete, and test one against a conversation. */
export default function AutomationPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const notify = useToast();
  const manage = can("settings:manage");
  const rules = useResource<{ data: Rule[] }>("/api/v1/automation/rules");
  const teams = useResource<unknown>(manage ? "/api/v1/teams" : null);
  const members = useResource<unknown>(manage ? "/api/v1/members" : null);
  const canned = useResource<unknown>(manage ? "/api/v1/canned-responses" : null);
  const flows = useResource<unknown>(manage ? "/api/v1/flows" : null);
  const webhooks = useResource<unknown>(manage ? "/api/v1/webhooks" : null);
  const chatbots = useResource<unknown>(manage ? "/api/v1/chatbots" : null);
  const [editing, setEditing] = useState<Rule | "new" | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [conversation, setConversation] = useState("");
  const [result, setResult] = useState<TestResult | null>(null);
  const test = useSubmit();

  const choices: Choices = {
    teams: options(teams.data, (x) => x.name),
    members: options(members.data, (x) => x.name, "user_id"),
    canned: options(canned.data, (x) => `${String(x.shortcut)} · ${String(x.title)}`),
    flows: options(flows.data, (x) => x.name),
    webhooks: options(webhooks.data, (x) => x.url),
    chatbots: options(chatbots.data, (x) => x.name),
  };
  const list = rules.data?.data ?? [];

  const action = useSubmit({ toast: true });
  const act = (fn: () => Promise<unknown>, done?: MessageKey) =>
    action.run(async () => {
      await fn();
      if (done) notify(t(done));
      await rules.reload();
    });
  const save = async (body: RuleInput) => {
    if (editing && editing !== "new") await api(`/api/v1/automation/rules/${editing.id}`, { method: "PATCH", body });
    else await api("/api/v1/automation/rules", { method: "POST", body });
    notify(t("automation.saved"));
    setEditing(null);
    await rules.reload();
  };
  const move = (i: number, by: -1 | 1) => {
    const ids = list.map((r) => r.id);
    const [id] = ids.splice(i, 1);
    ids.splice(i + by, 0, id!);
    void act(() => api("/api/v1/automation/rules/reorder", { method: "POST", body: { ids } }));
  };
  const runTest = async (e: Event) => {
    e.preventDefault();
    if (!testing) return;
    setResult(null);
    const r = await test.run(() => api(`/api/v1/automation/rules/${testing}/test`, { method: "POST", body: { conversation_id: conversation.trim() } }));
    if (r) setResult(r);
  };

  return (
    <section class="page" data-testid="automation-page">
      <header class="page-header">
        <div>
          <h1>{t("automation.title")}</h1>
          <p>{t("automation.intro")}</p>
        </div>
        {manage && !editing && (
          <button type="button" class="btn btn-primary" data-testid="rule-new" onClick={() => setEditing("new")}>
            {t("automation.new")}
          </button>
        )}
      </header>
      {editing && <RuleEditor key={editing === "new" ? "new" : editing.id} rule={editing === "new" ? null : editing} choices={choices} onSave={save} onCancel={() => setEditing(null)} />}
      {list.length === 0 && !rules.loading && <p class="card">{t("automation.empty")}</p>}
      <ol class="stack" data-testid="rule-list">
        {list.map((rule, i) => (
          <li class="card" key={rule.id} data-testid="rule-row">
            <h2>{rule.name}</h2>
            <p>
              {t(`automation.trigger.${rule.trigger.type}`)} · {rule.conditions.length} {t("automation.if")} · {rule.actions.map((a) => t(`automation.action.${a.type}`)).join(", ")}
            </p>
            <div class="form-actions">
              {manage && (
                <label class="check">
                  <input type="checkbox" checked={rule.enabled} data-testid="rule-enabled" onChange={(e) => void act(() => api(`/api/v1/automation/rules/${rule.id}`, { method: "PATCH", body: { enabled: (e.currentTarget as HTMLInputElement).checked } }))} />
                  <span>{t("automation.enabled")}</span>
                </label>
              )}
              {manage && (
                <button type="button" class="btn" disabled={i === 0} onClick={() => move(i, -1)} data-testid="rule-up">
                  {t("automation.up")}
                </button>
              )}
              {manage && (
                <button type="button" class="btn" disabled={i === list.length - 1} onClick={() => move(i, 1)} data-testid="rule-down">
                  {t("automation.down")}
                </button>
              )}
              {manage && (
                <button type="button" class="btn" onClick={() => setEditing(rule)}>
                  {t("automation.edit")}
                </button>
              )}
              <button type="button" class="btn" data-testid="rule-test" onClick={() => { setTesting(rule.id); setResult(null); }}>
                {t("automation.test")}
              </button>
              {manage && (
                <button type="button" class="btn btn-danger" onClick={() => void act(() => api(`/api/v1/automation/rules/${rule.id}`, { method: "DELETE" }), "automation.deleted")}>
                  {t("automation.delete")}
                </button>
              )}
            </div>
            {testing === rule.id && (
              <form class="form" onSubmit={runTest} noValidate data-testid="rule-test-form">
                <FormError message={test.error} />
                <TextField label={t("automation.conversation")} hint={t("automation.testHint")} name="test_conversation" value={conversation} onValue={setConversation} />
                <button type="submit" class="btn btn-primary" disabled={test.busy || !conversation.trim()}>
                  {t("automation.run")}
                </button>
                {result && (
                  <div data-testid="rule-test-result">
                    <p>{result.matched ? t("automation.matched") : t("automation.notMatched")}</p>
                    <ul>
                      {result.conditions.map((c) => (
                        <li key={c.index}>
                          {c.matched ? "✓" : "✕"} {t(`automation.condition.${c.type}` as MessageKey)} · {t("automation.actual", { value: c.actual ?? "—" })}
                        </li>
                      ))}
                    </ul>
                    <ul>
                      {result.actions.map((a) => (
                        <li key={a.index}>{t(`automation.action.${a.type}` as MessageKey)}</li>
                      ))}
                    </ul>
                  </div>
                )}
              </form>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
