import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { indexSourceChunks, removeSourceChunks } from "../../../worker/knowledge/index";
import { searchKnowledge } from "../../../worker/knowledge/search/hybrid";
import { segmentForIndex, terms } from "../../../worker/knowledge/text/segment";

const ws = "ws_retrieval";
let n = 0;
const bot = () => `cb_retrieval_${++n}_${Math.random().toString(36).slice(2, 7)}`;

async function count(sql: string, ...args: unknown[]) {
  return (await env.DB.prepare(sql).bind(...args).first<{ n: number }>())!.n;
}

describe("knowledge index", () => {
  it("replaces a source's chunks on re-delivery instead of duplicating them", async () => {
    const chatbotId = bot();
    const input = { workspaceId: ws, chatbotId, sourceType: "document" as const, sourceId: "doc_1", title: "Shipping guide", chunks: [{ text: "We ship worldwide within 5 days.", position: 0 }, { text: "Express shipping costs 10 USD.", position: 1 }] };
    await indexSourceChunks(env, input);
    await indexSourceChunks(env, input);
    expect(await count(`select count(*) as n from chunks where chatbot_id = ?1`, chatbotId)).toBe(2);
    expect(await count(`select count(*) as n from chunk_vectors where chatbot_id = ?1`, chatbotId)).toBe(2);
    expect(await count(`select count(*) as n from chunks_fts where chatbot_id = ?1`, chatbotId)).toBe(2);

    await indexSourceChunks(env, { ...input, chunks: [{ text: "We now ship in 2 days.", position: 0 }] });
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "express shipping cost" });
    expect(res.hits.map((h) => h.text)).toEqual(["We now ship in 2 days."]);
  });

  it("removes every chunk, FTS entry and vector of a source, and removing twice is harmless", async () => {
    const chatbotId = bot();
    const ref = { workspaceId: ws, chatbotId, sourceType: "faq" as const, sourceId: "faq_1" };
    await indexSourceChunks(env, { ...ref, title: "Refunds", chunks: [{ text: "Q: Refunds?\nA: Within 30 days.", position: 0 }] });
    expect((await removeSourceChunks(env, ref)).removed).toBe(1);
    expect((await removeSourceChunks(env, ref)).removed).toBe(0);
    expect(await count(`select count(*) as n from chunks_fts where chatbot_id = ?1`, chatbotId)).toBe(0);
    expect(await count(`select count(*) as n from chunk_vectors where chatbot_id = ?1`, chatbotId)).toBe(0);
    expect((await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "refunds" })).hits).toHaveLength(0);
  });
});

describe("hybrid search", () => {
  it("finds both the exact-term document and the paraphrased one, ranking the exact one first", async () => {
    const chatbotId = bot();
    const docs = [
      ["doc_invoice", "Download invoices", "You can download every invoice as a PDF from Settings > Billing."],
      ["doc_receipts", "Billing history", "Your past receipts and billing statements are listed in your account."],
      ["doc_api", "Stats API", "Query your statistics programmatically with an API key."],
      ["doc_team", "Team members", "Invite colleagues to your team and give them a role."],
    ] as const;
    for (const [id, title, text] of docs) await indexSourceChunks(env, { workspaceId: ws, chatbotId, sourceType: "document", sourceId: id, title, chunks: [{ text, position: 0 }] });
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "where can I download my invoices?" });
    const sources = res.hits.map((h) => h.sourceId);
    expect(sources[0]).toBe("doc_invoice");
    expect(sources.slice(0, 3)).toContain("doc_receipts");
    expect(res.hits[0]!.bm25).toBeGreaterThan(0);
    expect(res.hits[0]!.vector).toBeGreaterThan(0);
  });

  it("searches only the asked chatbot's knowledge", async () => {
    const a = bot();
    const b = bot();
    await indexSourceChunks(env, { workspaceId: ws, chatbotId: a, sourceType: "faq", sourceId: "faq_a", title: "Opening hours", chunks: [{ text: "We are open 9 to 5.", position: 0 }] });
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId: b, query: "opening hours" });
    expect(res.hits).toHaveLength(0);
    const other = await searchKnowledge(env, { workspaceId: "ws_other", chatbotId: a, query: "opening hours" });
    expect(other.hits).toHaveLength(0);
  });

  it("retrieves Thai FAQs for a Thai question written without spaces", async () => {
    const chatbotId = bot();
    const faqs = [
      ["faq_ship", "จัดส่งสินค้าใช้เวลากี่วัน", "Q: จัดส่งสินค้าใช้เวลากี่วัน\nA: เราจัดส่งสินค้าภายใน 3 วันทำการ"],
      ["faq_refund", "ขอคืนเงินได้อย่างไร", "Q: ขอคืนเงินได้อย่างไร\nA: คุณสามารถขอคืนเงินได้ภายใน 30 วัน"],
      ["faq_pay", "ชำระเงินด้วยบัตรเครดิตได้ไหม", "Q: ชำระเงินด้วยบัตรเครดิตได้ไหม\nA: รับบัตรเครดิตทุกประเภท"],
    ] as const;
    for (const [id, title, text] of faqs) await indexSourceChunks(env, { workspaceId: ws, chatbotId, sourceType: "faq", sourceId: id, title, chunks: [{ text, position: 0 }] });
    expect(terms("การจัดส่งสินค้า").length).toBeGreaterThan(1);
    expect(segmentForIndex("ขอคืนเงิน")).toContain(" ");
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "อยากขอคืนเงินค่ะ" });
    expect(res.hits[0]!.sourceId).toBe("faq_refund");
    const ship = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "ส่งสินค้ากี่วัน" });
    expect(ship.hits[0]!.sourceId).toBe("faq_ship");
  });
});
