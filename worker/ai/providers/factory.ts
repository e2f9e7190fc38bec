import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import { createWorkersAI } from "workers-ai-provider";
import type { AiSettings } from "../../chatbots/schemas";
import { guardedProviderFetch } from "./endpoint";
import { type ProviderBinding, type SecretProvider, readProviderSecret } from "./secrets";

/**
 * Chooses the language model for a chatbot from configuration only:
 * `ai_settings.provider/model` (a chatbot chooses nothing else) plus the
 * workspace's provider settings — the stored key and the endpoint it is bound
 * to — and the presence of the AI binding. Every request to an external
 * provider goes through the guarded fetch. Anything missing means the offline
 * extractive answerer, with the reason recorded.
 */
export type ModelChoice =
  | { kind: "llm"; provider: "workers_ai" | "openai_compatible" | "anthropic"; modelId: string; model: LanguageModel }
  | { kind: "offline"; reason: string | null };

async function binding(env: Env, workspaceId: string, provider: SecretProvider): Promise<ProviderBinding | null | "unreadable"> {
  try {
    return await readProviderSecret(env, workspaceId, provider);
  } catch {
    return "unreadable";
  }
}

/** `base_url` on a chatbot's settings is ignored: the endpoint comes from the workspace's provider settings only. */
export async function chooseModel(env: Env, workspaceId: string, ai: Pick<AiSettings, "provider" | "model"> & { base_url?: string | null }): Promise<ModelChoice> {
  switch (ai.provider) {
    case "workers_ai": {
      if (!env.AI) return { kind: "offline", reason: "workers_ai selected but no AI binding is configured" };
      const workersai = createWorkersAI({ binding: env.AI });
      return { kind: "llm", provider: "workers_ai", modelId: ai.model, model: workersai(ai.model as Parameters<typeof workersai>[0]) };
    }
    case "openai_compatible": {
      const secret = await binding(env, workspaceId, "openai_compatible");
      if (secret === "unreadable") return { kind: "offline", reason: "the stored openai_compatible key cannot be opened for this workspace; save it again" };
      // a keyless endpoint (self-hosted) is only used when an owner/admin set it explicitly
      if (!secret || (!secret.apiKey && !secret.explicitBaseUrl)) return { kind: "offline", reason: "openai_compatible selected but no API key is stored" };
      const provider = createOpenAICompatible({
        name: "openai_compatible",
        baseURL: secret.baseUrl,
        apiKey: secret.apiKey ?? undefined,
        fetch: guardedProviderFetch(secret.baseUrl, { allowPrivateNetwork: secret.allowPrivateNetwork }),
      });
      return { kind: "llm", provider: "openai_compatible", modelId: ai.model, model: provider.chatModel(ai.model) };
    }
    case "anthropic": {
      const secret = await binding(env, workspaceId, "anthropic");
      if (secret === "unreadable") return { kind: "offline", reason: "the stored anthropic key cannot be opened for this workspace; save it again" };
      if (!secret?.apiKey) return { kind: "offline", reason: "anthropic selected but no API key is stored" };
      const anthropic = createAnthropic({
        apiKey: secret.apiKey,
        baseURL: secret.baseUrl,
        fetch: guardedProviderFetch(secret.baseUrl, { allowPrivateNetwork: secret.allowPrivateNetwork }),
      });
      return { kind: "llm", provider: "anthropic", modelId: ai.model, model: anthropic(ai.model) };
    }
    default:
      return { kind: "offline", reason: null };
  }
}
