import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { useOfflineNetwork } from "./offline-network";
import { chooseModel } from "../../worker/ai/providers/factory";
import { generateWithModel } from "../../worker/ai/providers/generate";
import { classifyHost, isBlockedAddress } from "../../worker/lib/ip";
import { setCrawlNetwork } from "../../worker/lib/safe-fetch";
import { api } from "../helpers";
import { seedWorkspace } from "../inbox/seed";

/** A network where every name resolves as `dns` says and every request is recorded and answered like an OpenAI-compatible API. */
function recordingNetwork(dns: Record<string, string[]> = {}) {
  const requests: { url: string; authorization: string | null }[] = [];
  setCrawlNetwork({
    resolveHost: async (host) => dns[host] ?? ["93.184.216.34"],
    fetch: async (req) => {
      requests.push({ url: req.url, authorization: req.headers.get("authorization") });
      const chunk = (delta: Record<string, unknown>, finish: string | null) =>
        `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      const body = `${chunk({ role: "assistant", content: "Shipping takes 3 days." }, null)}${chunk({}, "stop")}data: [DONE]\n\n`;
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    },
  });
  return requests;
}

useOfflineNetwork();

const prompt = { system: "Answer from the sources.", messages: [{ role: "user" as const, content: "How long does shipping take?" }] };

async function ask(workspaceId: string, ai: { provider: "openai_compatible" | "anthropic"; model: string; base_url?: string | null }) {
  const choice = await chooseModel(env, workspaceId, ai);
  if (choice.kind !== "llm") return { choice, text: null as string | null, error: null as string | null };
  try {
    const out = await generateWithModel(choice.model, prompt, { temperature: 0, maxTokens: 100, timeoutMs: 5000 });
    return { choice, text: out.text, error: null };
  } catch (err) {
    return { choice, text: null, error: err instanceof Error ? err.message : String(err) };
  }
}

describe("provider endpoints are workspace settings bound to the key", () => {
  it("refuses a chatbot base_url from an agent (and from anyone: it is no longer a chatbot setting)", async () => {
    const ws = await seedWorkspace();
    const bot = await api("/api/v1/chatbots", { token: ws.owner.token, body: { name: "Shop bot" } });
    expect(bot.status).toBe(201);
    const agent = await api(`/api/v1/chatbots/${bot.json.id}`, { method: "PATCH", token: ws.agent.token, body: { ai_settings: { provider: "openai_compatible", base_url: "http://127.0.0.1:8080/v1" } } });
    expect(agent.status).toBe(400);
    const owner = await api(`/api/v1/chatbots/${bot.json.id}`, { method: "PATCH", token: ws.owner.token, body: { ai_settings: { base_url: "https://attacker.example/v1" } } });
    expect(owner.status).toBe(400);
    // choosing the provider and model stays open to chatbot editors
    const model = await api(`/api/v1/chatbots/${bot.json.id}`, { method: "PATCH", token: ws.agent.token, body: { ai_settings: { provider: "openai_compatible", model: "gpt-4o-mini", base_url: null } } });
    expect(model.status, model.text).toBe(200);
    expect(model.json.ai_settings).toMatchObject({ provider: "openai_compatible", model: "gpt-4o-mini", base_url: null });
  });

  it("sends the key only to the endpoint it was saved with, whatever an old chatbot row names", async () => {
    const ws = await seedWorkspace();
    const put = await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: ws.admin.token, body: { api_key: "sk-live-abcdef123456", base_url: "https://llm.example.com/v1" } });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toMatchObject({ configured: true, base_url: "https://llm.example.com/v1", allow_private_network: false });

    const requests = recordingNetwork();
    const out = await ask(ws.workspaceId, { provider: "openai_compatible", model: "m", base_url: "https://attacker.example/steal" });
    expect(out.error).toBeNull();
    expect(out.text).toBe("Shipping takes 3 days.");
    expect(requests.map((r) => new URL(r.url).host)).toEqual(["llm.example.com"]);
    expect(requests[0]!.url).toBe("https://llm.example.com/v1/chat/completions");
    expect(requests[0]!.authorization).toBe("Bearer sk-live-abcdef123456");
  });

  it("needs the key again to move a stored key to another endpoint, and audits key and endpoint changes", async () => {
    const ws = await seedWorkspace();
    await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: ws.owner.token, body: { api_key: "sk-live-abcdef123456", base_url: "https://llm.example.com/v1" } });
    const move = await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: ws.admin.token, body: { base_url: "https://elsewhere.example.com/v1" } });
    expect(move.status).toBe(400);
    expect(move.json.error.code).toBe("API_KEY_REQUIRED");
    const withKey = await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: ws.admin.token, body: { api_key: "sk-live-zzzzzz999999", base_url: "https://elsewhere.example.com/v1" } });
    expect(withKey.status).toBe(200);
    expect((await api("/api/v1/ai/providers/openai_compatible", { method: "DELETE", token: ws.owner.token })).status).toBe(204);

    const log = await api("/api/v1/audit-logs?limit=50", { token: ws.owner.token });
    const actions = (log.json.data as { action: string; changes: unknown }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["ai_provider.key_saved", "ai_provider.base_url_changed", "ai_provider.key_deleted"]));
    expect(JSON.stringify(log.json)).not.toContain("sk-live");
    const moved = (log.json.data as { action: string; changes: { before: { base_url: string }; after: { base_url: string } } }[]).find((e) => e.action === "ai_provider.base_url_changed" && e.changes.after.base_url.includes("elsewhere"));
    expect(moved?.changes.before.base_url).toBe("https://llm.example.com/v1");
  });

  it("refuses internal endpoints when saved and when called, unless an owner allows a private network (audited)", async () => {
    const ws = await seedWorkspace();
    for (const base_url of ["http://127.0.0.1:11434/v1", "http://169.254.169.254/latest", "http://[::ffff:10.0.0.1]/v1", "http://[2002:7f00:1::]/v1", "http://[2001:0:4136:e378::1]/v1", "http://ollama.lan/v1"]) {
      const res = await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: ws.owner.token, body: { api_key: "sk-live-abcdef123456", base_url } });
      expect(res.status, base_url).toBe(400);
      expect(res.json.error.code).toBe("BLOCKED_ENDPOINT");
    }
    // a public-looking name that resolves inside the network is refused at call time, before the key leaves
    await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: ws.owner.token, body: { api_key: "sk-live-abcdef123456", base_url: "https://rebind.example.com/v1" } });
    const requests = recordingNetwork({ "rebind.example.com": ["10.1.2.3"] });
    const refused = await ask(ws.workspaceId, { provider: "openai_compatible", model: "m" });
    expect(refused.text).toBeNull();
    expect(refused.error).not.toBeNull();
    expect(requests).toHaveLength(0);

    // an admin cannot allow a private network; an owner can, and it is audited
    const adminTry = await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: ws.admin.token, body: { allow_private_network: true } });
    expect(adminTry.status).toBe(403);
    const allow = await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: ws.owner.token, body: { api_key: "sk-live-abcdef123456", base_url: "http://ollama.lan:11434/v1", allow_private_network: true } });
    expect(allow.status, allow.text).toBe(200);
    expect(allow.json.allow_private_network).toBe(true);
    const lan = recordingNetwork({ "ollama.lan": ["192.168.1.20"] });
    const ok = await ask(ws.workspaceId, { provider: "openai_compatible", model: "m" });
    expect(ok.error).toBeNull();
    expect(lan.map((r) => r.url)).toEqual(["http://ollama.lan:11434/v1/chat/completions"]);
    // metadata stays out of reach even then
    const meta = await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: ws.owner.token, body: { api_key: "sk-live-abcdef123456", base_url: "http://169.254.169.254/v1" } });
    expect(meta.status).toBe(400);
    const log = await api("/api/v1/audit-logs?limit=50", { token: ws.owner.token });
    expect((log.json.data as { action: string }[]).map((e) => e.action)).toContain("ai_provider.private_network_allowed");
  });

  it("does not open a sealed key copied into another workspace or provider", async () => {
    const a = await seedWorkspace();
    const b = await seedWorkspace();
    await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: a.owner.token, body: { api_key: "sk-live-abcdef123456", base_url: "https://llm.example.com/v1" } });
    await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: b.owner.token, body: { api_key: "sk-b-own-key-000000" } });
    const sealed = await env.DB.prepare(`select encrypted_key from ai_secrets where workspace_id = ?1 and provider = 'openai_compatible'`).bind(a.workspaceId).first<string>("encrypted_key");
    await env.DB.prepare(`update ai_secrets set encrypted_key = ?1 where workspace_id = ?2 and provider = 'openai_compatible'`).bind(sealed, b.workspaceId).run();
    await env.DB.prepare(`insert into ai_secrets (workspace_id, provider, encrypted_key, base_url, created_at, updated_at) values (?1, 'anthropic', ?2, null, 'x', 'x')`).bind(a.workspaceId, sealed).run();

    const requests = recordingNetwork();
    const inB = await ask(b.workspaceId, { provider: "openai_compatible", model: "m" });
    expect(inB.choice).toMatchObject({ kind: "offline", reason: expect.stringContaining("cannot be opened") });
    const asAnthropic = await ask(a.workspaceId, { provider: "anthropic", model: "claude" });
    expect(asAnthropic.choice).toMatchObject({ kind: "offline" });
    expect(requests).toHaveLength(0);
    expect((await api("/api/v1/ai/providers/openai_compatible", { token: b.owner.token })).json.configured).toBe(false);
  });

  it("blocks the IPv6 transition ranges that reach internal IPv4 addresses", () => {
    expect(isBlockedAddress("2002:7f00:0001::1")).toBe(true); // 6to4 of 127.0.0.1
    expect(isBlockedAddress("2002:a9fe:a9fe::")).toBe(true); // 6to4 of 169.254.169.254
    expect(isBlockedAddress("2002:5db8:d822::1")).toBe(false); // 6to4 of a public address
    expect(isBlockedAddress("2001:0:4136:e378:8000:63bf:3fff:fdd2")).toBe(true); // Teredo
    expect(classifyHost("[2001::1]")).toBe("blocked");
    expect(isBlockedAddress("2001:4860:4860::8888")).toBe(false);
  });
});
