import { putProviderSecret } from "../../worker/ai/providers/secrets";

/**
 * The environment the evaluation runs in. Offline by default. With
 * `--provider workers-ai` (CLOUDFLARE_ACCOUNT_ID + CLOUDFLARE_API_TOKEN) the AI
 * binding is served by the Workers AI REST API, so indexing and questions use
 * the bge-m3 embedding and the chatbot answers with a Workers AI model. With
 * `--provider openai-compatible` (OPENAI_API_KEY, optional
 * OPENAI_COMPATIBLE_BASE_URL) the chatbot answers with that model; retrieval
 * stays lexical (no embedding binding). scripts/eval.mjs only selects a
 * provider whose credentials are present and says so when it skips one.
 */
interface ProviderBindings {
  EVAL_CF_ACCOUNT_ID?: string;
  EVAL_CF_API_TOKEN?: string;
  EVAL_OPENAI_API_KEY?: string;
  EVAL_OPENAI_BASE_URL?: string;
  EVAL_MODEL?: string;
}

export async function providerEnv(base: Env, name: string, workspaceId: string, chatbotId: string): Promise<{ env: Env; name: string; note: string }> {
  const b = base as unknown as ProviderBindings;
  if (name === "workers-ai" && b.EVAL_CF_ACCOUNT_ID && b.EVAL_CF_API_TOKEN) {
    const env = { ...base, AI: restAi(b.EVAL_CF_ACCOUNT_ID, b.EVAL_CF_API_TOKEN) } as Env;
    const model = b.EVAL_MODEL || "@cf/meta/llama-3.1-8b-instruct";
    await createChatbot(base, workspaceId, chatbotId, { provider: "workers_ai", model });
    return { env, name: "workers-ai", note: `provider: workers-ai (embedding @cf/baai/bge-m3, answers ${model})` };
  }
  if (name === "openai-compatible" && b.EVAL_OPENAI_API_KEY) {
    const model = b.EVAL_MODEL || "gpt-4o-mini";
    await createChatbot(base, workspaceId, chatbotId, { provider: "openai_compatible", model });
    await putProviderSecret({
      ctx: { env: base, auth: { workspaceId, userId: null, role: "owner", apiKeyId: null, scopes: null } },
      input: { provider: "openai_compatible", api_key: b.EVAL_OPENAI_API_KEY, base_url: b.EVAL_OPENAI_BASE_URL || null },
    });
    return { env: base, name: "openai-compatible", note: `provider: openai-compatible (answers ${model}; retrieval lexical, no embedding binding)` };
  }
  return { env: base, name: "offline", note: "provider: offline (lexical retrieval, extractive answers, no external calls)" };
}

async function createChatbot(env: Env, workspaceId: string, chatbotId: string, ai: { provider: string; model: string }) {
  const now = new Date().toISOString();
  await env.DB.prepare(`insert or ignore into workspaces (id, name, slug, created_at, updated_at) values (?1, 'Eval', ?1, ?2, ?2)`).bind(workspaceId, now).run();
  await env.DB.prepare(
    `insert or replace into chatbots (id, workspace_id, name, greeting_message, ai_settings, public_key, created_at, updated_at)
     values (?1, ?2, 'Eval', 'Hi', ?3, ?4, ?5, ?5)`,
  )
    .bind(chatbotId, workspaceId, JSON.stringify({ ...ai, base_url: null, temperature: 0.2, max_tokens: 400 }), `pk_${chatbotId}`, now)
    .run();
}

/** An AI binding backed by the Workers AI REST API (streams pass through as server-sent events). */
function restAi(accountId: string, token: string): Ai {
  return {
    async run(model: string, input: Record<string, unknown>) {
      const res = await fetch(`https://api.cloudflare.com/client/v4/accounts/${accountId}/ai/run/${model}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(input),
      });
      if (!res.ok) throw new Error(`Workers AI ${model}: HTTP ${res.status} ${await res.text()}`);
      if (input.stream) return res.body;
      return ((await res.json()) as { result: unknown }).result;
    },
  } as unknown as Ai;
}
