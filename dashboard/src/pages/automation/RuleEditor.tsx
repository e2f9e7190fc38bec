import { useState } from "preact/hooks";
import { CheckField, FormError, SelectField, TextAreaField, TextField } from "../../components/Form";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/messages";
import type { Schema } from "../../lib/api";
import { useSubmit } from "../../lib/forms";

export type Rule = Schema<"AutomationRule">;
export type RuleInput = Schema<"AutomationRuleInput">;
type Trigger = RuleInput["trigger"];
type Condition = NonNullable<RuleInput["conditions"]>[number];
type Action = RuleInput["actions"][number];
export interface Option {
  value: string;
  label: string;
}
/** What the action pickers offer: the workspace's teams, members, canned responses, flows and webhooks. */
export interface Choices {
  teams: Option[];
  members: Option[];
  canned: Option[];
  flows: Option[];
  webhooks: Option[];
  chatbots: Option[];
}

export const TRIGGERS = ["conversation_created", "message_received", "escalated", "idle", "resolved", "rated", "order_paid", "order_abandoned"] as const;
const CONDITIONS = ["page_url", "referrer", "utm", "country", "language", "device", "chatbot", "channel", "intent", "visit_count", "returning", "identified", "business_hours", "tags", "text_contains"] as const;
const ACTIONS = ["assign_team", "assign_agent", "set_priority", "add_tag", "remove_tag", "send_message", "send_canned", "start_flow", "notify_email", "call_webhook", "resolve", "close"] as const;
const TEXT_OPS = ["contains", "not_contains", "equals", "starts_with"] as const;

/** A condition or action being edited: its type and loose fields, turned into the schema's shape on save. */
type Draft = Record<string, string> & { type: string };

const csv = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);

function conditionDraft(c: Condition): Draft {
  const d: Draft = { type: c.type };
  for (const [k, v] of Object.entries(c)) d[k] = Array.isArray(v) ? v.join(", ") : String(v);
  return d;
}

function actionDraft(a: Action): Draft {
  const d: Draft = { type: a.type };
  for (const [k, v] of Object.entries(a)) d[k] = Array.isArray(v) ? v.join(", ") : String(v);
  return d;
}

function conditionOf(d: Draft): Condition {
  switch (d.type) {
    case "page_url":
    case "referrer":
      return { type: d.type, op: (d.op || "contains") as (typeof TEXT_OPS)[number], value: d.value ?? "" };
    case "utm":
      return { type: "utm", param: (d.param || "source") as "source", op: (d.op || "equals") as (typeof TEXT_OPS)[number], value: d.value ?? "" };
    case "visit_count":
      return { type: "visit_count", op: (d.op || "gte") as "gte", value: Number(d.value || 0) };
    case "returning":
    case "identified":
    case "business_hours":
      return { type: d.type, value: d.value !== "false" };
    case "tags":
      return { type: "tags", op: (d.op || "has_any") as "has_any", tags: csv(d.tags ?? "") };
    case "text_contains":
      return { type: "text_contains", words: csv(d.words ?? "") };
    default:
      return { type: d.type as "country", in: csv(d.in ?? "") };
  }
}

function actionOf(d: Draft): Action {
  switch (d.type) {
    case "assign_team":
      return { type: "assign_team", team_id: d.team_id ?? "" };
    case "assign_agent":
      return { type: "assign_agent", agent_id: d.agent_id ?? "" };
    case "set_priority":
      return { type: "set_priority", priority: (d.priority || "high") as "high" };
    case "add_tag":
    case "remove_tag":
      return { type: d.type, tags: csv(d.tags ?? "") };
    case "send_message":
      return { type: "send_message", text: d.text ?? "" };
    case "send_canned":
      return { type: "send_canned", canned_response_id: d.canned_response_id ?? "" };
    case "start_flow":
      return { type: "start_flow", flow_id: d.flow_id ?? "" };
    case "notify_email":
      return { type: "notify_email", to: csv(d.to ?? ""), ...(d.message ? { message: d.message } : {}) };
    case "call_webhook":
      return { type: "call_webhook", webhook_id: d.webhook_id ?? "" };
    default:
      return { type: d.type as "resolve" };
  }
}

/** The rule form: when (trigger), if (conditions, all/any), then (actions), stop-processing. */
export function RuleEditor({ rule, choices, onSave, onCancel }: { rule: Rule | null; choices: Choices; onSave: (body: RuleInput) => Promise<unknown>; onCancel: () => void }) {
  const { t } = useI18n();
  const form = useSubmit();
  const [name, setName] = useState(rule?.name ?? "");
  const [trigger, setTrigger] = useState<string>(rule?.trigger.type ?? "conversation_created");
  const [minutes, setMinutes] = useState(String(rule?.trigger.type === "idle" ? rule.trigger.minutes : 30));
  const [match, setMatch] = useState<"all" | "any">(rule?.match ?? "all");
  const [stop, setStop] = useState(rule?.stop_processing ?? false);
  const [conditions, setConditions] = useState<Draft[]>((rule?.conditions ?? []).map(conditionDraft));
  const [actions, setActions] = useState<Draft[]>((rule?.actions ?? [{ type: "add_tag", tags: [] }]).map(actionDraft));

  const edit = (list: Draft[], set: (d: Draft[]) => void, i: number, key: string, value: string) => set(list.map((d, j) => (j === i ? (key === "type" ? { type: value } : { ...d, [key]: value }) : d)));
  const pick = (label: string, name: string, value: string | undefined, options: Option[], onValue: (v: string) => void) => (
    <SelectField label={label} name={name} value={value ?? ""} options={[{ value: "", label: t("automation.choose") }, ...options]} onValue={onValue} />
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    const triggerBody: Trigger = trigger === "idle" ? { type: "idle", minutes: Number(minutes) } : { type: trigger as "resolved" };
    const body: RuleInput = { name, trigger: triggerBody, match, stop_processing: stop, conditions: conditions.map(conditionOf), actions: actions.map(actionOf) };
    await form.run(() => onSave(body));
  };

  const conditionFields = (d: Draft, i: number) => {
    const set = (k: string) => (v: string) => edit(conditions, setConditions, i, k, v);
    const opPicker = (ops: readonly string[]) => (
      <SelectField label={t("automation.op")} name={`cond_${i}_op`} value={d.op ?? ops[0]!} options={ops.map((o) => ({ value: o, label: t(`automation.op.${o}` as MessageKey) }))} onValue={set("op")} />
    );
    switch (d.type) {
      case "page_url":
      case "referrer":
        return [opPicker(TEXT_OPS), <TextField key="v" label={t("automation.value")} name={`cond_${i}_value`} value={d.value ?? ""} onValue={set("value")} />];
      case "utm":
        return [
          <SelectField key="p" label={t("automation.param")} name={`cond_${i}_param`} value={d.param ?? "source"} options={["source", "medium", "campaign", "term", "content"].map((p) => ({ value: p, label: `utm_${p}` }))} onValue={set("param")} />,
          opPicker(TEXT_OPS),
          <TextField key="v" label={t("automation.value")} name={`cond_${i}_value`} value={d.value ?? ""} onValue={set("value")} />,
        ];
      case "visit_count":
        return [opPicker(["gte", "lte", "eq"]), <TextField key="v" type="number" label={t("automation.value")} name={`cond_${i}_value`} value={d.value ?? "1"} onValue={set("value")} />];
      case "returning":
      case "identified":
      case "business_hours":
        return (
          <SelectField label={t("automation.value")} name={`cond_${i}_value`} value={d.value ?? "true"} options={[{ value: "true", label: t("automation.yes") }, { value: "false", label: t("automation.no") }]} onValue={set("value")} />
        );
      case "tags":
        return [opPicker(["has_any", "has_all", "has_none"]), <TextField key="v" label={t("automation.tags")} name={`cond_${i}_tags`} value={d.tags ?? ""} onValue={set("tags")} />];
      case "text_contains":
        return <TextField label={t("automation.list")} name={`cond_${i}_words`} value={d.words ?? ""} onValue={set("words")} />;
      case "chatbot":
        return pick(t("automation.condition.chatbot"), `cond_${i}_in`, d.in, choices.chatbots, set("in"));
      default:
        return <TextField label={t("automation.list")} name={`cond_${i}_in`} value={d.in ?? ""} onValue={set("in")} />;
    }
  };

  const actionFields = (d: Draft, i: number) => {
    const set = (k: string) => (v: string) => edit(actions, setActions, i, k, v);
    switch (d.type) {
      case "assign_team":
        return pick(t("automation.action.assign_team"), `act_${i}_team`, d.team_id, choices.teams, set("team_id"));
      case "assign_agent":
        return pick(t("automation.action.assign_agent"), `act_${i}_agent`, d.agent_id, choices.members, set("agent_id"));
      case "set_priority":
        return (
          <SelectField label={t("automation.action.set_priority")} name={`act_${i}_priority`} value={d.priority ?? "high"} options={(["low", "normal", "high", "urgent"] as const).map((p) => ({ value: p, label: t(`automation.priority.${p}`) }))} onValue={set("priority")} />
        );
      case "add_tag":
      case "remove_tag":
        return <TextField label={t("automation.tags")} name={`act_${i}_tags`} value={d.tags ?? ""} onValue={set("tags")} />;
      case "send_message":
        return <TextAreaField label={t("automation.text")} name={`act_${i}_text`} value={d.text ?? ""} onValue={set("text")} />;
      case "send_canned":
        return pick(t("automation.action.send_canned"), `act_${i}_canned`, d.canned_response_id, choices.canned, set("canned_response_id"));
      case "start_flow":
        return pick(t("automation.action.start_flow"), `act_${i}_flow`, d.flow_id, choices.flows, set("flow_id"));
      case "notify_email":
        return [
          <TextField key="to" label={t("automation.emails")} name={`act_${i}_to`} value={d.to ?? ""} onValue={set("to")} />,
          <TextAreaField key="m" label={t("automation.text")} name={`act_${i}_message`} value={d.message ?? ""} onValue={set("message")} />,
        ];
      case "call_webhook":
        return pick(t("automation.action.call_webhook"), `act_${i}_webhook`, d.webhook_id, choices.webhooks, set("webhook_id"));
      default:
        return null;
    }
  };

  return (
    <form class="card form" onSubmit={submit} noValidate data-testid="rule-form">
      <h2>{rule ? t("automation.edit") : t("automation.new")}</h2>
      <FormError message={form.error} />
      <TextField label={t("automation.name")} name="rule_name" value={name} onValue={setName} error={form.fields.name} />
      <h3>{t("automation.when")}</h3>
      <SelectField label={t("automation.when")} name="rule_trigger" value={trigger} options={TRIGGERS.map((x) => ({ value: x, label: t(`automation.trigger.${x}`) }))} onValue={setTrigger} />
      {trigger === "idle" && <TextField label={t("automation.minutes")} name="rule_minutes" type="number" value={minutes} onValue={setMinutes} error={form.fields["trigger.minutes"]} />}
      <h3>{t("automation.if")}</h3>
      <SelectField<"all" | "any"> label={t("automation.match")} name="rule_match" value={match} options={[{ value: "all", label: t("automation.match.all") }, { value: "any", label: t("automation.match.any") }]} onValue={setMatch} />
      {conditions.length === 0 && <p class="hint">{t("automation.noConditions")}</p>}
      {conditions.map((d, i) => (
        <fieldset key={i} data-testid="rule-condition">
          <SelectField label={t("automation.if")} name={`cond_${i}_type`} value={d.type} options={CONDITIONS.map((c) => ({ value: c, label: t(`automation.condition.${c}`) }))} onValue={(v) => edit(conditions, setConditions, i, "type", v)} />
          {conditionFields(d, i)}
          <button type="button" class="btn" onClick={() => setConditions(conditions.filter((_, j) => j !== i))}>
            {t("automation.remove")}
          </button>
        </fieldset>
      ))}
      <button type="button" class="btn" data-testid="rule-add-condition" onClick={() => setConditions([...conditions, { type: "page_url", op: "contains", value: "" }])}>
        {t("automation.addCondition")}
      </button>
      <h3>{t("automation.then")}</h3>
      {actions.map((d, i) => (
        <fieldset key={i} data-testid="rule-action">
          <SelectField label={t("automation.then")} name={`act_${i}_type`} value={d.type} options={ACTIONS.map((a) => ({ value: a, label: t(`automation.action.${a}`) }))} onValue={(v) => edit(actions, setActions, i, "type", v)} />
          {actionFields(d, i)}
          {actions.length > 1 && (
            <button type="button" class="btn" onClick={() => setActions(actions.filter((_, j) => j !== i))}>
              {t("automation.remove")}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" class="btn" data-testid="rule-add-action" onClick={() => setActions([...actions, { type: "add_tag", tags: "" }])}>
        {t("automation.addAction")}
      </button>
      <CheckField label={t("automation.stop")} name="rule_stop" checked={stop} onValue={setStop} />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={form.busy || !name.trim()} data-testid="rule-submit">
          {t("automation.save")}
        </button>
        <button type="button" class="btn" onClick={onCancel}>
          {t("automation.cancel")}
        </button>
      </div>
    </form>
  );
}
