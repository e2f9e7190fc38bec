import { AppError, notFound } from "../lib/errors";
import { isWithinBusinessHours } from "./business-hours";
import { isOriginAllowed } from "./origins";
import type { Chatbot } from "./schemas";
import { getChatbotByPublicKey } from "./service";

/** What a visitor's browser may learn about a chatbot: appearance, greeting, forms and opening hours. */
export function visitorConfig(bot: Chatbot, now: Date = new Date()) {
  const bh = bot.business_hours;
  return {
    name: bot.name,
    greeting_message: bot.greeting_message,
    widget_settings: bot.widget_settings,
    data_collection: bot.data_collection,
    business_hours: { enabled: bh.enabled, timezone: bh.timezone, schedule: bh.schedule },
    online: isWithinBusinessHours(bh, now),
    offline_message: bh.offline_message,
    locale: bot.widget_settings.locale,
    show_typing_indicator: bot.behavior_settings.show_typing_indicator,
  };
}
export type VisitorConfig = ReturnType<typeof visitorConfig>;

/**
 * Resolves a widget key for a page origin: unknown, archived, deleted and
 * inactive chatbots are 404; a page origin outside allowed_origins is 403.
 */
export async function resolveWidgetChatbot(env: Pick<Env, "DB">, key: string, origin: string | null | undefined): Promise<Chatbot> {
  const bot = await getChatbotByPublicKey(env, key);
  if (!bot || bot.status !== "active") throw notFound("Chatbot");
  if (!isOriginAllowed(bot, origin)) {
    throw new AppError(403, "ORIGIN_NOT_ALLOWED", "This site is not in the chatbot's allowed origins");
  }
  return bot;
}
