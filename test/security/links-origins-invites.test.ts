import { env } from "cloudflare:test";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { linkPolicy } from "../../worker/ai/link-policy";
import { generateWithModel } from "../../worker/ai/providers/generate";
import { setCrawlNetwork } from "../../worker/lib/safe-fetch";
import { useOfflineNetwork } from "./offline-network";
import { api, registerOwner, uniqueEmail } from "../helpers";

useOfflineNetwork();

/** A provider endpoint that answers every chat completion with `text`, streamed in the given pieces. */
function llmAnswering(pieces: string[]) {
  setCrawlNetwork({
    resolveHost: async () => ["93.184.216.34"],
    fetch: async () => {
      const chunk = (delta: Record<string, unknown>, finish: string | null) =>
        `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      const body = pieces.map((p) => chunk({ content: p }, null)).join("") + chunk({}, "stop") + "data: [DONE]\n\n";
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    },
  });
}

describe("wildcard allowed origins on public suffixes", () => {
  it("refuses *.github.io, *.co.uk and *.com, and accepts a wildcard under a registrable domain", async () => {
    const owner = await registerOwner();
    for (const [i, origin] of ["https://*.github.io", "https://*.co.uk", "https://*.pages.dev", "https://*.com"].entries()) {
      const res = await api("/api/v1/chatbots", { token: owner.token, body: { name: `Suffix bot ${i}`, allowed_origins: [origin] } });
      expect(res.status, origin).toBe(400);
      expect(res.json.error.details?.[0]?.path ?? JSON.stringify(res.json)).toContain("allowed_origins");
    }
    const ok = await api("/api/v1/chatbots", { token: owner.token, body: { name: "Registrable", allowed_origins: ["https://*.myshop.github.io", "https://*.example.co.uk"] } });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.allowed_origins).toEqual(["https://*.myshop.github.io", "https://*.example.co.uk"]);
    const patch = await api(`/api/v1/chatbots/${ok.json.id}`, { method: "PATCH", token: owner.token, body: { allowed_origins: ["https://*.github.io"] } });
    expect(patch.status).toBe(400);
    expect(JSON.stringify(patch.json)).toContain("allowed_origins.0");
    const kept = await api(`/api/v1/chatbots/${ok.json.id}`, { token: owner.token });
    expect(kept.json.allowed_origins).toEqual(["https://*.myshop.github.io", "https://*.example.co.uk"]);
  });
});

describe("the invitation token never travels in a URL query", () => {
  it("mails the token in the link's fragment and looks it up by POST only", async () => {
    const owner = await registerOwner({ workspace_name: "Fragment Shop" });
    const email = uniqueEmail("inv");
    expect((await api("/api/v1/invitations", { token: owner.token, body: { email, role: "agent" } })).status).toBe(201);
    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(email)}`);
    const text: string = mail.json.data[0].text;
    expect(text).not.toMatch(/accept-invite\?token=/);
    const token = text.match(/accept-invite#token=([A-Za-z0-9]+)/)?.[1];
    expect(token).toBeTruthy();

    const looked = await api("/api/v1/invitations/lookup", { method: "POST", body: { token } });
    expect(looked.status).toBe(200);
    expect(looked.json).toMatchObject({ workspace_name: "Fragment Shop", email, role: "agent" });
    const viaQuery = await api(`/api/v1/invitations/lookup?token=${token}`);
    expect(viaQuery.status).not.toBe(200);
    expect(viaQuery.text).not.toContain("Fragment Shop");
  });
});

describe("links in bot answers", () => {
  it("drops the target of a link to a host outside the knowledge and allowed origins, in the answer a visitor gets", async () => {
    const owner = await registerOwner();
    const bot = await api("/api/v1/chatbots", {
      token: owner.token,
      body: {
        name: "Refund bot",
        allowed_origins: ["https://shop.example.com"],
        ai_settings: { provider: "openai_compatible", model: "m", enable_escalation: false },
      },
    });
    expect(bot.status, bot.text).toBe(201);
    const faq = await api("/api/v1/knowledge-base/faqs", {
      token: owner.token,
      body: { chatbot_id: bot.json.id, question: "How do refunds work?", answer: "Refunds take 5 days. Details: https://help.myshop-docs.example/refunds" },
    });
    expect(faq.status, faq.text).toBe(201);
    await api("/api/v1/ai/providers/openai_compatible", { method: "PUT", token: owner.token, body: { api_key: "sk-live-abcdef123456", base_url: "https://llm.example.com/v1" } });

    llmAnswering([
      "Refunds take 5 days. [claim your ref",
      "und](https://evil.example/?q=card-4242) now, read [the policy](https://help.myshop-docs.example/refunds) ",
      "or [your account](https://shop.example.com/account). Also https://evil.example/x?d=secret.",
    ]);
    const res = await api("/api/v1/knowledge-base/test", { token: owner.token, body: { chatbot_id: bot.json.id, question: "How do refunds work?" } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.model).toBe("openai_compatible:m");
    const answer: string = res.json.suggested_answer;
    expect(answer).toContain("claim your refund now");
    expect(answer).not.toMatch(/\]\(https:\/\/evil\.example/);
    expect(answer).toContain("[the policy](https://help.myshop-docs.example/refunds)");
    expect(answer).toContain("[your account](https://shop.example.com/account)");
    expect(answer).toContain("`https://evil.example/x?d=secret`.");
  });

  it("never streams a clickable link to an outside host, even when the model splits it across tokens", async () => {
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: [
            { type: "text-start", id: "t" },
            { type: "text-delta", id: "t", delta: "You can [claim your refund](https://ev" },
            { type: "text-delta", id: "t", delta: "il.example/?q=secret) or see [docs](https://docs.shop.example.com/a)\nDone." },
            { type: "text-end", id: "t" },
            { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } } },
          ],
        }),
      }),
    });
    const deltas: string[] = [];
    const out = await generateWithModel(model, { system: "s", messages: [{ role: "user", content: "q" }] }, { temperature: 0, maxTokens: 100, links: linkPolicy([], ["https://*.shop.example.com"]) }, (d) => {
      deltas.push(d);
    });
    const streamed = deltas.join("");
    expect(streamed).not.toContain("evil.example");
    expect(streamed).toContain("You can claim your refund or see [docs](https://docs.shop.example.com/a)");
    expect(out.text).toBe("You can claim your refund or see [docs](https://docs.shop.example.com/a)\nDone.");
    expect(env).toBeDefined();
  });
});
