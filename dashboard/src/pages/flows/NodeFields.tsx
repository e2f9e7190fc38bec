import { SelectField, TextAreaField, TextField } from "../../components/Form";
import { useI18n } from "../../i18n";
import type { FlowNode } from "./types";

type Patch = (changes: Record<string, unknown>) => void;

/** "label | next" lines ↔ choices. */
const choicesText = (n: Extract<FlowNode, { type: "message" }>) => (n.choices ?? []).map((c) => (c.next ? `${c.label} | ${c.next}` : c.label)).join("\n");
const parseChoices = (text: string) =>
  text
    .split("\n")
    .map((l) => l.split("|").map((p) => p.trim()))
    .filter(([label]) => label)
    .map(([label, next]) => ({ label: label!, ...(next ? { next } : {}) }));
const rulesText = (n: Extract<FlowNode, { type: "condition" }>) => n.rules.map((r) => [r.var, r.op, r.value ?? "", r.next ?? ""].join(" | ")).join("\n");
const parseRules = (text: string) =>
  text
    .split("\n")
    .map((l) => l.split("|").map((p) => p.trim()))
    .filter(([v]) => v)
    .map(([v, op, value, next]) => ({ var: v!, op: (op || "equals") as "equals", ...(value ? { value } : {}), ...(next ? { next } : {}) }));
const mapText = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).map(([k, v]) => `${k} = ${v}`).join("\n");
const parseMap = (text: string) => Object.fromEntries(text.split("\n").map((l) => l.split("=").map((p) => p.trim())).filter(([k, v]) => k && v));

/** The fields of one node, by type; `ids` are the other nodes an edge may lead to. */
export function NodeFields({ node, ids, teams, patch }: { node: FlowNode; ids: string[]; teams: { id: string; name: string }[]; patch: Patch }) {
  const { t } = useI18n();
  const f = (name: string) => `${node.id}_${name}`;
  const nextField = (key: string, label = t("flows.next")) => (
    <SelectField
      label={label}
      name={f(key)}
      value={((node as Record<string, unknown>)[key] as string | null | undefined) ?? ""}
      options={[{ value: "", label: t("flows.none") }, ...ids.filter((id) => id !== node.id).map((id) => ({ value: id, label: id }))]}
      onValue={(v) => patch({ [key]: v || null })}
    />
  );
  switch (node.type) {
    case "message":
      return (
        <>
          <TextAreaField label={t("flows.text")} name={f("text")} value={node.text} onValue={(v) => patch({ text: v })} />
          <TextAreaField label={t("flows.choices")} name={f("choices")} value={choicesText(node)} onValue={(v) => patch({ choices: parseChoices(v) })} />
          <SelectField label={t("flows.style")} name={f("style")} value={node.style ?? "buttons"} options={(["buttons", "quick_replies"] as const).map((s) => ({ value: s, label: t(`flows.style.${s}`) }))} onValue={(v) => patch({ style: v })} />
          <TextField label={t("flows.saveAs")} name={f("save_as")} value={node.save_as ?? ""} onValue={(v) => patch({ save_as: v || undefined })} />
          {nextField("next")}
        </>
      );
    case "collect":
      return (
        <>
          <TextAreaField label={t("flows.prompt")} name={f("prompt")} value={node.prompt} onValue={(v) => patch({ prompt: v })} />
          <SelectField label={t("flows.input")} name={f("input")} value={node.input} options={(["text", "email", "phone", "number"] as const).map((s) => ({ value: s, label: t(`flows.input.${s}`) }))} onValue={(v) => patch({ input: v })} />
          <TextField label={t("flows.saveAs")} name={f("save_as")} value={node.save_as} onValue={(v) => patch({ save_as: v })} />
          <TextField label={t("flows.retry")} name={f("retry_text")} value={node.retry_text ?? ""} onValue={(v) => patch({ retry_text: v || undefined })} />
          {nextField("next")}
        </>
      );
    case "condition":
      return (
        <>
          <TextAreaField label={t("flows.rules")} name={f("rules")} value={rulesText(node)} onValue={(v) => patch({ rules: parseRules(v) })} />
          {nextField("else_next", t("flows.elseNext"))}
        </>
      );
    case "set":
      return (
        <>
          <TextField label={t("flows.var")} name={f("var")} value={node.var} onValue={(v) => patch({ var: v })} />
          <TextField label={t("flows.value")} name={f("value")} value={node.value} onValue={(v) => patch({ value: v })} />
          {nextField("next")}
        </>
      );
    case "tag":
      return (
        <>
          <TextField label={t("flows.tags")} name={f("tags")} value={node.tags.join(", ")} onValue={(v) => patch({ tags: v.split(",").map((x) => x.trim()).filter(Boolean) })} />
          {nextField("next")}
        </>
      );
    case "handoff":
      return (
        <>
          <SelectField label={t("flows.team")} name={f("team")} value={node.team_id ?? ""} options={[{ value: "", label: t("flows.chatbotTeam") }, ...teams.map((tm) => ({ value: tm.id, label: tm.name }))]} onValue={(v) => patch({ team_id: v || null })} />
          <TextAreaField label={t("flows.text")} name={f("text")} value={node.text ?? ""} onValue={(v) => patch({ text: v || undefined })} />
        </>
      );
    case "http":
      return (
        <>
          <SelectField label={t("flows.method")} name={f("method")} value={node.method} options={["GET", "POST", "PUT", "PATCH", "DELETE"] as const} onValue={(v) => patch({ method: v })} />
          <TextField label={t("flows.url")} name={f("url")} value={node.url} onValue={(v) => patch({ url: v })} />
          <TextAreaField label={t("flows.body")} name={f("body")} value={node.body ?? ""} onValue={(v) => patch({ body: v || undefined })} />
          <TextAreaField label={t("flows.map")} name={f("map")} value={mapText(node.map)} onValue={(v) => patch({ map: parseMap(v) })} />
          {nextField("next")}
          {nextField("error_next", t("flows.errorNext"))}
        </>
      );
    case "wait":
      return (
        <>
          <TextField label={t("flows.seconds")} name={f("seconds")} type="number" value={node.seconds} onValue={(v) => patch({ seconds: Math.max(1, Number(v) || 1) })} />
          {nextField("next")}
        </>
      );
    case "end":
      return <TextAreaField label={t("flows.text")} name={f("text")} value={node.text ?? ""} onValue={(v) => patch({ text: v || undefined })} />;
  }
}

/** A new node of `type` with the fields it needs. */
export function blankNode(type: FlowNode["type"], id: string): FlowNode {
  switch (type) {
    case "message":
      return { type, id, text: "…" };
    case "collect":
      return { type, id, prompt: "…", input: "text", save_as: "answer" };
    case "condition":
      return { type, id, rules: [{ var: "answer", op: "exists" }] };
    case "set":
      return { type, id, var: "answer", value: "" };
    case "tag":
      return { type, id, tags: ["lead"] };
    case "handoff":
      return { type, id, team_id: null };
    case "http":
      return { type, id, method: "GET", url: "https://" };
    case "wait":
      return { type, id, seconds: 60 };
    case "end":
      return { type, id };
  }
}
