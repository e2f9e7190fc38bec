import type { Chatbot, ChatbotConfig } from "../../../../worker/chatbots/schemas";

export type { Chatbot, ChatbotConfig };
export type ChatbotResponse = Chatbot & { embed_code?: string };

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

export const DEFAULT_MODELS: Record<ChatbotConfig["ai_settings"]["provider"], string> = {
  offline: "extractive",
  workers_ai: "@cf/meta/llama-3.1-8b-instruct",
  openai_compatible: "gpt-4o-mini",
  anthropic: "claude-sonnet-4-5",
};

/** The same working defaults the API applies to `{ name }` alone. */
export function defaultConfig(): ChatbotConfig {
  const weekday = { start: "09:00", end: "17:00" };
  let tz = "UTC";
  try {
    tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    /* keep UTC */
  }
  return {
    name: "",
    description: null,
    personality: "professional",
    greeting_message: "Hi! How can I help you today?",
    business_hours: {
      enabled: false,
      timezone: tz,
      schedule: { monday: weekday, tuesday: weekday, wednesday: weekday, thursday: weekday, friday: weekday, saturday: null, sunday: null },
      offline_message: "We're currently offline. Leave a message and we'll get back to you.",
    },
    ai_settings: {
      provider: "offline",
      model: DEFAULT_MODELS.offline,
      base_url: null,
      temperature: 0.7,
      max_tokens: 500,
      enable_escalation: true,
      escalation_triggers: { low_confidence_threshold: 0.7, frustration_detection: true, explicit_request: true, max_failed_responses: 3 },
      enable_fallback_responses: true,
      fallback_responses: ["I'm not sure about that. Let me connect you with a team member."],
      custom_instructions: "",
    },
    widget_settings: {
      position: "bottom-right",
      theme: { primary_color: "#3B82F6", secondary_color: "#1E40AF", text_color: "#FFFFFF", background_color: "#FFFFFF" },
      avatar_url: null,
      button_text: "Chat with us",
      size: "medium",
      locale: "auto",
    },
    data_collection: { collect_email: true, collect_name: true, collect_phone: false, pre_chat_form_enabled: false, custom_fields: [] },
    behavior_settings: {
      response_delay: 1000,
      show_typing_indicator: true,
      enable_rich_responses: true,
      max_conversation_length: 50,
      inactivity_timeout: 300_000,
      bot_mode: "active",
      agent_reply_timeout_ms: 600_000,
    },
    allowed_origins: [],
  };
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
] as const satisfies readonly (keyof ChatbotConfig)[];

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
  { id: "general", label: "General" },
  { id: "hours", label: "Business hours" },
  { id: "ai", label: "AI" },
  { id: "escalation", label: "Escalation" },
  { id: "widget", label: "Widget" },
  { id: "data", label: "Data collection" },
  { id: "behavior", label: "Behaviour" },
  { id: "install", label: "Install" },
  { id: "versions", label: "Versions" },
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
