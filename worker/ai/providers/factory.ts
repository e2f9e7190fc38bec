import type { LanguageModel } from "ai";
import { loadAiLibs } from "../../lazy";
import type { AiSettings } from "../../chatbots/schemas";
import { readProviderSecret } from "./secrets";

/**
 * Chooses the language model for a chatbot from configuration only:
 * `ai_settings.provider/model/base_url` plus the workspace's stored key and
 * the presence of the AI binding. Anything missing means the offline
 * extractive answerer, with the reason recorded.
 */
export type ModelChoice =
  | { kind: "llm"; provider: "workers_ai" | "openai_compatible" | "anthropic"; modelId: string; model: LanguageModel }
  | { kind: "offline"; reason: string | null };

const LOCAL_HOST = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\]|host\.docker\.internal)(:\d+)?\//i;

export async function chooseModel(env: Env, workspaceId: string, ai: Pick<AiSettings, "provider" | "model" | "base_url">): Promise<ModelChoice> {
  switch (ai.provider) {
    case "workers_ai": {
      if (!env.AI) return { kind: "offline", reason: "workers_ai selected but no AI binding is configured" };
      const { createWorkersAI } = await loadAiLibs();
      const workersai = createWorkersAI({ binding: env.AI });
      return { kind: "llm", provider: "workers_ai", modelId: ai.model, model: workersai(ai.model as Parameters<typeof workersai>[0]) };
    }
    case "openai_compatible": {
      const secret = await readProviderSecret(env, workspaceId, "openai_compatible");
      const baseURL = (ai.base_url ?? secret?.baseUrl ?? "https://api.openai.com/v1").replace(/\/+$/, "");
      const apiKey = secret?.apiKey ?? null;
      if (!apiKey && !LOCAL_HOST.test(`${baseURL}/`)) return { kind: "offline", reason: "openai_compatible selected but no API key is stored" };
      const { createOpenAICompatible } = await loadAiLibs();
      const provider = createOpenAICompatible({ name: "openai_compatible", baseURL, apiKey: apiKey ?? undefined });
      return { kind: "llm", provider: "openai_compatible", modelId: ai.model, model: provider.chatModel(ai.model) };
    }
    case "anthropic": {
      const secret = await readProviderSecret(env, workspaceId, "anthropic");
      if (!secret?.apiKey) return { kind: "offline", reason: "anthropic selected but no API key is stored" };
      const { createAnthropic } = await loadAiLibs();
      const anthropic = createAnthropic({ apiKey: secret.apiKey, ...(ai.base_url ?? secret.baseUrl ? { baseURL: (ai.base_url ?? secret.baseUrl)! } : {}) });
      return { kind: "llm", provider: "anthropic", modelId: ai.model, model: anthropic(ai.model) };
    }
    default:
      return { kind: "offline", reason: null };
  }
}
