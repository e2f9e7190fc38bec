import type { RuleCondition } from "./schema";

/** Everything a rule's conditions look at, read once per event (facts.ts). Pure data: the evaluation below has no I/O. */
export interface Facts {
  conversation: { id: string; chatbot_id: string; channel: string; status: string; tags: string[] };
  visitor: {
    name: string | null;
    current_page: string | null;
    landing_page: string | null;
    referrer: string | null;
    country: string | null;
    locale: string | null;
    device: string | null;
    visit_count: number;
    identified: boolean;
    previous_conversations: number;
  };
  /** The visitor's message of the event (message received), else their latest one. */
  text: string | null;
  intent: string | null;
  /** Whether the chatbot's business hours are open now (no business hours: open). */
  open_now: boolean;
}

export interface ConditionResult {
  matched: boolean;
  /** What was compared, for the test endpoint ("th-TH", "3", "vip, billing"). */
  actual: string | null;
}

const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

function compare(op: "contains" | "not_contains" | "equals" | "starts_with", actual: string | null, value: string): boolean {
  const a = lower(actual);
  const v = value.toLowerCase();
  switch (op) {
    case "contains":
      return a.includes(v);
    case "not_contains":
      return !a.includes(v);
    case "equals":
      return a === v;
    case "starts_with":
      return a.startsWith(v);
  }
}

/** `utm_<param>` from the landing page (else the current page), null when absent or not a URL. */
export function utmOf(facts: Facts, param: string): string | null {
  for (const raw of [facts.visitor.landing_page, facts.visitor.current_page]) {
    if (!raw) continue;
    try {
      const v = new URL(raw).searchParams.get(`utm_${param}`);
      if (v) return v;
    } catch {
      // not a URL: nothing to read
    }
  }
  return null;
}

const inList = (list: string[], actual: string | null, prefix = false) =>
  actual !== null && list.some((x) => (prefix ? lower(actual) === x.toLowerCase() || lower(actual).startsWith(`${x.toLowerCase()}-`) : lower(actual) === x.toLowerCase()));

/** One condition against the facts. */
export function evaluateCondition(c: RuleCondition, f: Facts): ConditionResult {
  switch (c.type) {
    case "page_url":
      return { matched: compare(c.op, f.visitor.current_page, c.value), actual: f.visitor.current_page };
    case "referrer":
      return { matched: compare(c.op, f.visitor.referrer, c.value), actual: f.visitor.referrer };
    case "utm": {
      const actual = utmOf(f, c.param);
      return { matched: compare(c.op, actual, c.value), actual };
    }
    case "country":
      return { matched: inList(c.in, f.visitor.country), actual: f.visitor.country };
    case "language":
      // "th" matches th, th-TH; "en-US" only en-US
      return { matched: inList(c.in, f.visitor.locale, true), actual: f.visitor.locale };
    case "device":
      return { matched: inList(c.in, f.visitor.device), actual: f.visitor.device };
    case "chatbot":
      return { matched: c.in.includes(f.conversation.chatbot_id), actual: f.conversation.chatbot_id };
    case "channel":
      return { matched: inList(c.in, f.conversation.channel), actual: f.conversation.channel };
    case "intent":
      return { matched: inList(c.in, f.intent), actual: f.intent };
    case "visit_count": {
      const n = f.visitor.visit_count;
      return { matched: c.op === "gte" ? n >= c.value : c.op === "lte" ? n <= c.value : n === c.value, actual: String(n) };
    }
    case "returning": {
      const returning = f.visitor.visit_count > 1 || f.visitor.previous_conversations > 0;
      return { matched: returning === c.value, actual: String(returning) };
    }
    case "identified":
      return { matched: f.visitor.identified === c.value, actual: String(f.visitor.identified) };
    case "business_hours":
      return { matched: f.open_now === c.value, actual: String(f.open_now) };
    case "tags": {
      const have = new Set(f.conversation.tags);
      const wanted = c.tags.map((t) => t.toLowerCase());
      const matched = c.op === "has_any" ? wanted.some((t) => have.has(t)) : c.op === "has_all" ? wanted.every((t) => have.has(t)) : !wanted.some((t) => have.has(t));
      return { matched, actual: f.conversation.tags.join(", ") };
    }
    case "text_contains": {
      const text = lower(f.text);
      return { matched: text !== "" && c.words.some((w) => text.includes(w.toLowerCase())), actual: f.text };
    }
  }
}

/** A rule's conditions: all (default) or any must hold; no conditions always match. */
export function evaluateConditions(match: "all" | "any", conditions: RuleCondition[], f: Facts): { matched: boolean; results: ConditionResult[] } {
  const results = conditions.map((c) => evaluateCondition(c, f));
  if (!results.length) return { matched: true, results };
  return { matched: match === "any" ? results.some((r) => r.matched) : results.every((r) => r.matched), results };
}
