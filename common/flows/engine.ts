import type { FlowEntry, FlowGraph, FlowNode } from "./schema";

/**
 * The flow engine: walks a published graph, one step at a time, against a
 * host that owns the effects (messages, contact fields, tags, the HTTP call,
 * the hand-off, the alarm). Pure apart from the host, so the ConversationDO
 * runs it and a simulator can too. The run is plain JSON the host stores
 * after every step, so a run resumes exactly where it was after an eviction.
 */

export interface FlowRun {
  flow_id: string;
  version_id: string;
  version: number;
  graph: FlowGraph;
  /** the node to run next (running) or the node waiting for an answer / the alarm */
  node: string | null;
  status: "running" | "waiting_input" | "waiting_alarm" | "done";
  vars: Record<string, string>;
  /** invalid answers so far at the current node */
  attempts: number;
  /** nodes entered, in order (bounded), for the events */
  steps: number;
}

export interface FlowRich {
  buttons?: { label: string; action: "postback"; value: string }[];
  quick_replies?: string[];
}

export type FlowHttpResult = { ok: true; status: number; json: unknown } | { ok: false; code: string; message: string; status?: number };

export interface FlowHost {
  say(text: string, rich?: FlowRich): void;
  setContact(field: "name" | "email" | "phone", value: string): Promise<void>;
  tag(tags: string[]): Promise<void>;
  http(req: { method: string; url: string; headers: Record<string, string>; body: string | null }): Promise<FlowHttpResult>;
  /** hands the conversation to a team's queue (the flow ends) */
  handoff(teamId: string | null): Promise<void>;
  /** arms the conversation's alarm for a wait node */
  wakeAt(ms: number): void;
  event(type: string, data: Record<string, unknown>): void;
  now(): number;
}

/** Nodes run in one go before the engine stops (a loop without a question or a wait ends here). */
export const MAX_STEPS_PER_TURN = 50;
const DEFAULT_ATTEMPTS = 3;

export function newRun(flowId: string, versionId: string, version: number, graph: FlowGraph, vars: Record<string, string>): FlowRun {
  return { flow_id: flowId, version_id: versionId, version, graph, node: graph.start, status: "running", vars, attempts: 0, steps: 0 };
}

/** {{name}} → the variable's value (unknown names become empty). */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g, (_, name: string) => vars[name] ?? "");
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** The answer normalised, or null when it is not valid for the input type. */
export function validateInput(kind: "text" | "email" | "phone" | "number", raw: string): string | null {
  const v = raw.trim();
  if (!v || v.length > 500) return null;
  if (kind === "email") return EMAIL.test(v) ? v.toLowerCase() : null;
  if (kind === "phone") {
    const digits = v.replace(/[\s().-]/g, "");
    return /^\+?\d{6,15}$/.test(digits) ? digits : null;
  }
  if (kind === "number") {
    const n = Number(v.replace(/,/g, ""));
    return Number.isFinite(n) ? String(n) : null;
  }
  return v;
}

/** A value at a dotted path of a JSON answer (`order.status`, `items.0.name`), as text. */
export function pick(json: unknown, path: string): string | null {
  let cur: unknown = json;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return null;
    cur = (cur as Record<string, unknown>)[key];
  }
  if (cur === undefined || cur === null) return null;
  return typeof cur === "object" ? JSON.stringify(cur) : String(cur);
}

function holds(rule: { var: string; op: string; value?: string | undefined }, vars: Record<string, string>): boolean {
  const have = vars[rule.var];
  const want = fill(rule.value ?? "", vars);
  switch (rule.op) {
    case "exists":
      return have !== undefined && have !== "";
    case "not_exists":
      return have === undefined || have === "";
    case "equals":
      return (have ?? "").toLowerCase() === want.toLowerCase();
    case "not_equals":
      return (have ?? "").toLowerCase() !== want.toLowerCase();
    case "contains":
      return (have ?? "").toLowerCase().includes(want.toLowerCase());
    case "gt":
      return Number(have) > Number(want);
    case "lt":
      return Number(have) < Number(want);
    default:
      return false;
  }
}

function nodeOf(run: FlowRun, id: string | null | undefined): FlowNode | null {
  return id ? (run.graph.nodes.find((n) => n.id === id) ?? null) : null;
}

function richOf(n: Extract<FlowNode, { type: "message" }>): FlowRich | undefined {
  if (!n.choices?.length) return undefined;
  if (n.style === "quick_replies") return { quick_replies: n.choices.map((c) => c.label) };
  return { buttons: n.choices.map((c) => ({ label: c.label, action: "postback", value: c.label })) };
}

function ask(n: FlowNode, run: FlowRun, host: FlowHost) {
  if (n.type === "message") host.say(fill(n.text, run.vars), richOf(n));
  else if (n.type === "collect") host.say(fill(n.prompt, run.vars));
}

function finish(run: FlowRun, host: FlowHost, reason: string): FlowRun {
  host.event("flow_completed", { flow_id: run.flow_id, version: run.version, reason, node: run.node });
  return { ...run, status: "done", node: null };
}

function goTo(run: FlowRun, next: string | null | undefined): FlowRun {
  return { ...run, node: next ?? null, status: "running", attempts: 0 };
}

/**
 * The visitor answered while the run waits for input: a valid answer moves
 * on, anything else re-asks (up to the node's attempts). Answers false when
 * the run was not waiting for input (the message is not the flow's).
 */
export async function answer(run: FlowRun, host: FlowHost, input: { text: string; value?: string | null }): Promise<FlowRun> {
  const n = nodeOf(run, run.node);
  if (run.status !== "waiting_input" || !n) return run;
  if (n.type === "message") {
    const said = (input.value ?? input.text).trim().toLowerCase();
    const choice = n.choices?.find((c) => c.label.toLowerCase() === said || c.label.toLowerCase() === input.text.trim().toLowerCase());
    if (!choice) return retry(run, n, host, undefined);
    host.event("flow_step", { flow_id: run.flow_id, node: n.id, type: n.type, outcome: "answered" });
    const vars = n.save_as ? { ...run.vars, [n.save_as]: choice.label } : run.vars;
    if (n.save_as?.startsWith("contact.")) await host.setContact(n.save_as.slice(8) as "name", choice.label);
    return step(goTo({ ...run, vars }, choice.next ?? n.next), host);
  }
  if (n.type === "collect") {
    const value = validateInput(n.input, input.text);
    if (value === null) return retry(run, n, host, n.retry_text);
    host.event("flow_step", { flow_id: run.flow_id, node: n.id, type: n.type, outcome: "answered" });
    const vars = { ...run.vars, [n.save_as]: value };
    if (n.save_as.startsWith("contact.")) await host.setContact(n.save_as.slice(8) as "email", value);
    return step(goTo({ ...run, vars }, n.next), host);
  }
  return run;
}

async function retry(run: FlowRun, n: Extract<FlowNode, { type: "message" | "collect" }>, host: FlowHost, retryText: string | undefined): Promise<FlowRun> {
  const attempts = run.attempts + 1;
  const max = (n.type === "collect" ? n.max_attempts : undefined) ?? DEFAULT_ATTEMPTS;
  host.event("flow_step", { flow_id: run.flow_id, node: n.id, type: n.type, outcome: "invalid", attempts });
  if (attempts >= max) {
    const fallback = n.type === "collect" ? n.fail_next : null;
    if (fallback) return step(goTo(run, fallback), host);
    return finish({ ...run, attempts }, host, "too_many_invalid_answers");
  }
  if (retryText) host.say(fill(retryText, run.vars));
  ask(n, run, host);
  return { ...run, attempts };
}

/** The wait node's alarm rang: go on after it. */
export async function wake(run: FlowRun, host: FlowHost): Promise<FlowRun> {
  const n = nodeOf(run, run.node);
  if (run.status !== "waiting_alarm" || !n || n.type !== "wait") return run;
  host.event("flow_step", { flow_id: run.flow_id, node: n.id, type: n.type, outcome: "woke" });
  return step(goTo(run, n.next), host);
}

/** Runs nodes from `run.node` until the flow asks something, waits, hands off or ends. */
export async function step(start: FlowRun, host: FlowHost): Promise<FlowRun> {
  let run = start;
  for (let i = 0; i < MAX_STEPS_PER_TURN; i++) {
    if (run.status !== "running") return run;
    const n = nodeOf(run, run.node);
    if (!n) return finish(run, host, run.node ? "missing_node" : "end_of_path");
    run = { ...run, steps: run.steps + 1 };
    host.event("flow_step", { flow_id: run.flow_id, node: n.id, type: n.type, outcome: "entered" });
    switch (n.type) {
      case "message":
        ask(n, run, host);
        if (n.choices?.length) return { ...run, status: "waiting_input", attempts: 0 };
        run = goTo(run, n.next);
        break;
      case "collect":
        ask(n, run, host);
        return { ...run, status: "waiting_input", attempts: 0 };
      case "condition": {
        const rule = n.rules.find((r) => holds(r, run.vars));
        run = goTo(run, rule ? rule.next : n.else_next);
        break;
      }
      case "set": {
        const value = fill(n.value, run.vars);
        run = goTo({ ...run, vars: { ...run.vars, [n.var]: value } }, n.next);
        if (n.var.startsWith("contact.")) await host.setContact(n.var.slice(8) as "name", value);
        break;
      }
      case "tag":
        await host.tag(n.tags.map((t) => fill(t, run.vars)));
        run = goTo(run, n.next);
        break;
      case "http": {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(n.headers ?? {})) headers[k] = fill(v, run.vars);
        const res = await host.http({ method: n.method, url: fill(n.url, jsonSafe(run.vars, encodeURIComponent)), headers, body: n.body ? fill(n.body, jsonSafe(run.vars, jsonEscape)) : null });
        if (!res.ok) {
          host.event("flow_step", { flow_id: run.flow_id, node: n.id, type: n.type, outcome: "failed", code: res.code, status: res.status ?? null });
          const vars = { ...run.vars, http_error: res.code };
          if (n.error_next) {
            run = goTo({ ...run, vars }, n.error_next);
            break;
          }
          return finish({ ...run, vars }, host, "http_failed");
        }
        const vars: Record<string, string> = { ...run.vars, http_status: String(res.status) };
        for (const [name, path] of Object.entries(n.map ?? {})) {
          const v = pick(res.json, path);
          if (v !== null) vars[name] = v.slice(0, 2000);
        }
        run = goTo({ ...run, vars }, n.next);
        break;
      }
      case "wait":
        host.wakeAt(host.now() + n.seconds * 1000);
        return { ...run, status: "waiting_alarm" };
      case "handoff":
        if (n.text) host.say(fill(n.text, run.vars));
        await host.handoff(n.team_id);
        return finish(run, host, "handoff");
      case "end":
        if (n.text) host.say(fill(n.text, run.vars));
        return finish(run, host, "end");
    }
  }
  return finish(run, host, "too_many_steps");
}

function jsonSafe(vars: Record<string, string>, encode: (v: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = encode(v);
  return out;
}

function jsonEscape(v: string): string {
  return JSON.stringify(v).slice(1, -1);
}

/** The flow a visitor message starts: a button's postback value, or one of a flow's keywords as a word. */
export function matchTrigger(entries: FlowEntry[], text: string, value: string | null): FlowEntry | null {
  const said = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ")} `;
  return (
    entries.find((e) => {
      const want = e.trigger.value?.trim().toLowerCase();
      if (!want) return false;
      if (e.trigger.type === "button") return value?.trim().toLowerCase() === want;
      if (e.trigger.type !== "keyword") return false;
      return want.split(",").map((k) => k.trim()).some((k) => k && (said.includes(` ${k} `) || (/[^\x00-\x7F]/.test(k) && said.includes(k))));
    }) ?? null
  );
}
