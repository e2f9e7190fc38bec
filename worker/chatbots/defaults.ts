import { originOf } from "./origin-of";
import type { AiProvider, ChatbotConfig } from "./schemas";

/** The model each provider starts with when none is given. */
export const DEFAULT_MODELS: Record<AiProvider, string> = {
  offline: "extractive",
  workers_ai: "@cf/meta/llama-3.1-8b-instruct",
  openai_compatible: "gpt-4o-mini",
  anthropic: "claude-sonnet-4-5",
};

/**
 * A complete, working configuration: `{ name }` alone gives a bot that answers
 * from its knowledge offline, around the clock, embeddable on the app's own
 * origin (add the shop's site to allowed_origins to embed it there).
 */
export function defaultConfig(env: Pick<Env, "APP_URL">, name: string): ChatbotConfig {
  const appOrigin = originOf(env.APP_URL);
  const weekday = { start: "09:00", end: "17:00" };
  return {
    name,
    description: null,
    personality: "professional",
    greeting_message: "Hi! How can I help you today?",
    business_hours: {
      enabled: false,
      timezone: "UTC",
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
      escalation_triggers: {
        low_confidence_threshold: 0.7,
        frustration_detection: true,
        explicit_request: true,
        max_failed_responses: 3,
      },
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
    data_collection: {
      collect_email: true,
      collect_name: true,
      collect_phone: false,
      pre_chat_form_enabled: false,
      custom_fields: [],
      visitor_data_requests: false,
    },
    behavior_settings: {
      response_delay: 1000,
      show_typing_indicator: true,
      enable_rich_responses: true,
      max_conversation_length: 50,
      inactivity_timeout: 300_000,
      bot_mode: "active",
      agent_reply_timeout_ms: 600_000,
      escalation_wait_minutes: 5,
      transcript_email: false,
    },
    allowed_origins: appOrigin ? [appOrigin] : [],
  };
}
