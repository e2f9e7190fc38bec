import { DEFAULT_MODELS, defaultConfig as serverDefaults } from "../../../../worker/chatbots/defaults";
import type { Schema } from "../../lib/api";

/** A chatbot as the API answers it (generated from the OpenAPI document), embed code included. */
export type Chatbot = Schema<"Chatbot">;
export type ChatbotResponse = Chatbot;
/** The editable configuration: what a create takes and a PATCH changes. */
export type ChatbotConfig = Pick<Chatbot, (typeof CONFIG_KEYS)[number]>;

export const PERSONALITIES = [
  { value: "professional", label: "Professional" },
  { value: "friendly", label: "Friendly" },
  { value: "casual", label: "Casual" },
] as const;

export const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Day = (typeof DAYS)[number];

export const PROVIDERS = [
  { value: "offline", label: "Offline (built-in, answers from your knowledge)" },
  { value: "workers_ai", label: "Cloudflare Workers AI" },
  { value: "openai_compatible", label: "OpenAI-compatible (OpenAI, Groq, OpenRouter, Ollama)" },
  { value: "anthropic", label: "Anthropic" },
] as const;

export { DEFAULT_MODELS };

/** The same working defaults the API applies to `{ name }` alone, in the browser's time zone. */
export function defaultConfig(): ChatbotConfig {
  const config = serverDefaults({ APP_URL: location.origin }, "");
  let timezone = "UTC";
  try {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    /* keep UTC */
  }
  return { ...config, business_hours: { ...config.business_hours, timezone } };
}

const CONFIG_KEYS = [
  "name",
  "description",
  "personality",
  "greeting_message",
  "business_hours",
  "ai_settings",
  "widget_settings",
  "data_collection",
  "behavior_settings",
  "allowed_origins",
] as const satisfies readonly (keyof Chatbot)[];

/** The editable configuration part of a chatbot response. */
export function configOf(bot: Chatbot): ChatbotConfig {
  const base = defaultConfig();
  const out = { ...base } as Record<string, unknown>;
  for (const k of CONFIG_KEYS) {
    const v = (bot as unknown as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as ChatbotConfig;
}

/** Only the top-level groups that changed, for a PATCH (nested groups are sent whole). */
export function diffConfig(before: ChatbotConfig, after: ChatbotConfig): Partial<ChatbotConfig> {
  const patch: Record<string, unknown> = {};
  for (const k of CONFIG_KEYS) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) patch[k] = after[k];
  }
  return patch as Partial<ChatbotConfig>;
}

/** Which tab a validation path belongs to. */
export function tabOfPath(path: string): TabId {
  const head = path.split(".")[0];
  switch (head) {
    case "business_hours":
      return "hours";
    case "ai_settings":
      return path.includes("escalation") ? "escalation" : "ai";
    case "widget_settings":
      return "widget";
    case "data_collection":
      return "data";
    case "behavior_settings":
      return "behavior";
    case "allowed_origins":
      return "install";
    default:
      return "general";
  }
}

export const TABS = [
  { id: "general", label: "editor.tab.general" },
  { id: "hours", label: "editor.tab.hours" },
  { id: "ai", label: "editor.tab.ai" },
  { id: "escalation", label: "editor.tab.escalation" },
  { id: "widget", label: "editor.tab.widget" },
  { id: "data", label: "editor.tab.data" },
  { id: "behavior", label: "editor.tab.behavior" },
  { id: "install", label: "editor.tab.install" },
  { id: "channels", label: "editor.tab.channels" },
  { id: "versions", label: "editor.tab.versions" },
] as const;
export type TabId = (typeof TABS)[number]["id"];

/** Immutable deep set by dotted path, for the editor's form state. */
export function setIn<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split(".");
  const src = (obj ?? {}) as Record<string, unknown>;
  const copy: Record<string, unknown> = Array.isArray(src) ? ([...(src as unknown[])] as unknown as Record<string, unknown>) : { ...src };
  copy[head] = rest.length ? setIn(src[head], rest.join("."), value) : value;
  return copy as T;
}
