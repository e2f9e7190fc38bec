import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEMO_FAQS, seedDemoFaqs } from "../../../worker/knowledge/faqs/demo";
import { api } from "./helpers";

describe("demo knowledge", () => {
  it("seeds the demo chatbot with indexed FAQs, once", async () => {
    const seed = await api("/api/v1/dev/seed", { method: "POST" });
    expect(seed.status).toBeLessThan(300);
    const chatbotId = seed.json.chatbot.id as string;
    const count = async () => (await env.DB.prepare(`select count(*) as n from faqs where chatbot_id = ?1`).bind(chatbotId).first<{ n: number }>())?.n;
    expect(await count()).toBe(DEMO_FAQS.length);
    const promptpay = await env.DB.prepare(`select count(*) as n from chunks where chatbot_id = ?1 and source_type = 'faq' and text like '%PromptPay%'`)
      .bind(chatbotId)
      .first<{ n: number }>();
    expect(promptpay?.n).toBeGreaterThanOrEqual(2);
    await seedDemoFaqs(env, { workspaceId: seed.json.workspace_id, chatbotId, ownerUserId: "usr_none" });
    expect(await count()).toBe(DEMO_FAQS.length);
  });
});
