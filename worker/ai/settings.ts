import { getDb } from "../db/client";
import { findChatbotRow, rowToChatbot } from "../chatbots/store";
import type { AiSettings } from "../chatbots/schemas";

/** What the bot turn needs from the chatbot's configuration. */
export interface BotSettings {
  name: string;
  personality: string;
  ai: AiSettings;
  behavior: BotBehavior;
}

/** The behaviour settings the bot turn reads (dashboard "Behavior" tab). */
export interface BotBehavior {
  /** minimum time from the visitor's message to the bot's reply, in ms (the reply waits, typing shown) */
  responseDelayMs: number;
  /** messages in a conversation after which the bot suggests a person once */
  maxConversationLength: number;
  /** quick-reply buttons (e.g. "Talk to a person") on answers that offer a human */
  richResponses: boolean;
}

/** A chatbot that does not exist (evaluation, tests) answers at once and suggests nobody. */
const NO_CHATBOT_BEHAVIOR: BotBehavior = { responseDelayMs: 0, maxConversationLength: 0, richResponses: false };

export const DEFAULT_AI_SETTINGS: AiSettings = {
  provider: "offline",
  model: "extractive",
  base_url: null,
  temperature: 0.7,
  max_tokens: 500,
  enable_escalation: true,
  escalation_triggers: { low_confidence_threshold: 0.7, frustration_detection: true, explicit_request: true, max_failed_responses: 3 },
  enable_fallback_responses: true,
  fallback_responses: ["I'm not sure about that. Let me connect you with a team member."],
  custom_instructions: "",
};

/** Reads the chatbot's settings (workspace-scoped); a missing chatbot gets the defaults. */
export async function loadBotSettings(env: Env, workspaceId: string, chatbotId: string): Promise<BotSettings> {
  const row = await findChatbotRow(getDb(env), workspaceId, chatbotId).catch(() => undefined);
  if (!row) return { name: "Support", personality: "friendly", ai: DEFAULT_AI_SETTINGS, behavior: NO_CHATBOT_BEHAVIOR };
  const bot = rowToChatbot(row);
  const b = bot.behavior_settings;
  return {
    name: bot.name,
    personality: bot.personality,
    behavior: {
      responseDelayMs: b?.response_delay ?? 0,
      maxConversationLength: b?.max_conversation_length ?? 0,
      richResponses: b?.enable_rich_responses ?? false,
    },
    ai: {
      ...DEFAULT_AI_SETTINGS,
      ...bot.ai_settings,
      escalation_triggers: { ...DEFAULT_AI_SETTINGS.escalation_triggers, ...bot.ai_settings?.escalation_triggers },
    },
  };
}
