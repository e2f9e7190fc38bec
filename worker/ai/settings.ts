import { getDb } from "../db/client";
import { findChatbotRow, rowToChatbot } from "../chatbots/store";
import type { AiSettings } from "../chatbots/schemas";

/** What the bot turn needs from the chatbot's configuration. */
export interface BotSettings {
  name: string;
  personality: string;
  ai: AiSettings;
}

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
  if (!row) return { name: "Support", personality: "friendly", ai: DEFAULT_AI_SETTINGS };
  const bot = rowToChatbot(row);
  return {
    name: bot.name,
    personality: bot.personality,
    ai: {
      ...DEFAULT_AI_SETTINGS,
      ...bot.ai_settings,
      escalation_triggers: { ...DEFAULT_AI_SETTINGS.escalation_triggers, ...bot.ai_settings?.escalation_triggers },
    },
  };
}
