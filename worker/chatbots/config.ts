import { AppError } from "../lib/errors";
import { DEFAULT_MODELS } from "./defaults";
import { normalizeOriginList } from "./origins";
import { type ChatbotConfig, type ChatbotConfigPatch, ChatbotConfigSchema } from "./schemas";

type Json = unknown;

function isPlainObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays, scalars and null replace. */
export function deepMerge(base: Json, patch: Json): Json {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, Json> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    out[k] = deepMerge(base[k], v);
  }
  return out;
}

/**
 * Applies a (partial) configuration over `base` and validates the result as a
 * whole, so rules that span fields hold for the stored configuration. Switching
 * provider without naming a model picks that provider's default model.
 */
export function applyConfigPatch(base: ChatbotConfig, patch: ChatbotConfigPatch): ChatbotConfig {
  const merged = deepMerge(base, patch) as Record<string, Json>;
  const ai = patch.ai_settings;
  if (ai?.provider && ai.provider !== base.ai_settings.provider && ai.model === undefined) {
    (merged.ai_settings as Record<string, Json>).model = DEFAULT_MODELS[ai.provider];
  }
  if (Array.isArray(merged.allowed_origins)) merged.allowed_origins = normalizeOriginList(merged.allowed_origins as string[]);
  const result = ChatbotConfigSchema.safeParse(merged);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message, code: i.code }));
    throw new AppError(400, "VALIDATION_ERROR", "The request is not valid", { issues });
  }
  return result.data;
}

/** Picks the versioned configuration out of a full chatbot. */
export function configOf(bot: ChatbotConfig): ChatbotConfig {
  return {
    name: bot.name,
    description: bot.description,
    personality: bot.personality,
    greeting_message: bot.greeting_message,
    business_hours: bot.business_hours,
    ai_settings: bot.ai_settings,
    widget_settings: bot.widget_settings,
    data_collection: bot.data_collection,
    behavior_settings: bot.behavior_settings,
    allowed_origins: bot.allowed_origins,
  };
}
