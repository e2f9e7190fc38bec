import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { indexSourceChunks, removeSourceChunks } from "../../../worker/knowledge/index";
import { scopedMatch } from "../../../worker/knowledge/search/fts";
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
    // offline there is no embedding model, so no vectors are stored (retrieval is lexical)
    expect(await count(`select count(*) as n from chunk_vectors where chatbot_id = ?1`, chatbotId)).toBe(0);
    expect(await count(`select count(*) as n from chunks_fts where chunks_fts match ?1`, `chatbot_id : "${chatbotId}"`)).toBe(2);
    expect(await count(`select count(*) as n from knowledge_source_terms where chatbot_id = ?1`, chatbotId)).toBe(1);

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
    expect(await count(`select count(*) as n from chunks_fts where chunks_fts match ?1`, `chatbot_id : "${chatbotId}"`)).toBe(0);
    expect(await count(`select count(*) as n from chunk_vectors where chatbot_id = ?1`, chatbotId)).toBe(0);
    expect(await count(`select count(*) as n from knowledge_source_terms where chatbot_id = ?1`, chatbotId)).toBe(0);
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

  it("keeps each chatbot's passages apart when another chatbot of the platform matches the same words many times over", async () => {
    const busy = `cb_${crypto.randomUUID().replace(/-/g, "")}`;
    const quiet = `cb_${crypto.randomUUID().replace(/-/g, "")}`;
    const many = Array.from({ length: 80 }, (_, i) => ({ text: `Opening hours of branch ${i}: we are open 9 to 5.`, position: i }));
    await indexSourceChunks(env, { workspaceId: ws, chatbotId: busy, sourceType: "document", sourceId: "branches", title: "Opening hours", chunks: many });
    await indexSourceChunks(env, { workspaceId: "ws_quiet", chatbotId: quiet, sourceType: "faq", sourceId: "faq_q", title: "Opening hours", chunks: [{ text: "The shop opens at 10.", position: 0 }] });
    const res = await searchKnowledge(env, { workspaceId: "ws_quiet", chatbotId: quiet, query: "opening hours" });
    expect(res.hits.map((h) => h.text)).toEqual(["The shop opens at 10."]);
    expect((await searchKnowledge(env, { workspaceId: ws, chatbotId: busy, query: "opening hours" })).hits.length).toBeGreaterThan(0);
    // the partition is matched by the id's own part, not by the "cb" every chatbot's id starts with
    expect(scopedMatch(quiet, ["open"])).not.toContain('"cb');
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

describe("retrieval that generalises", () => {
  const index = (chatbotId: string, sourceId: string, title: string, chunks: { text: string; section?: string; headings?: string }[]) =>
    indexSourceChunks(env, { workspaceId: ws, chatbotId, sourceType: "document", sourceId, title, chunks: chunks.map((c, i) => ({ ...c, position: i })) });

  it("reads a misspelled question word as the knowledge base's own word", async () => {
    const chatbotId = bot();
    await index(chatbotId, "doc_revenue", "Revenue tracking", [{ text: "Track the revenue amount and currency with each purchase event." }]);
    await index(chatbotId, "doc_team", "Team members", [{ text: "Invite colleagues and give them a role." }]);
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "how to tarck revnue per purchse" });
    expect(res.hits[0]!.sourceId).toBe("doc_revenue");
    expect(res.corrections.map((c) => c.word)).toEqual(expect.arrayContaining(["tarck", "revnue", "purchse"]));
    expect(res.corrections.find((c) => c.word === "revnue")!.as).toEqual(["revenue"]);
  });

  it("leaves a real English word the knowledge never uses alone instead of reading it as a misspelling", async () => {
    const chatbotId = bot();
    await index(chatbotId, "doc_compare", "Compare your stats over time", [{ text: "Compare this month with the same month of the previous year." }]);
    await index(chatbotId, "doc_slack", "Slack reports", [{ text: "Send monthly reports to a Slack channel." }]);
    await index(chatbotId, "doc_theme", "Dark theme", [{ text: "Choose the dark theme in your account settings." }]);
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "how does this month stack up against last year" });
    // "stack" is an English word, not a typo of "slack"
    expect(res.corrections.map((c) => c.word)).not.toContain("stack");
    expect(res.hits[0]!.sourceId).toBe("doc_compare");
    // a derivation the stemmer leaves ("darker") is read as the indexed word it extends, not as a look-alike
    const dark = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "can the screen go darker" });
    expect(dark.corrections).toEqual([{ word: "darker", as: ["dark"] }]);
    expect(dark.hits[0]!.sourceId).toBe("doc_theme");
  });

  it("counts a passage that uses a synonym of a question word the knowledge never uses as half covering it", async () => {
    const chatbotId = bot();
    await index(chatbotId, "doc_purchase", "Purchases", [{ text: "Every purchase sends a receipt to the buyer." }]);
    // "automobile" is nowhere in the knowledge; WordNet relates it to "car", which the passage uses
    await index(chatbotId, "doc_parking", "Parking", [{ text: "Customers can park their car behind the shop." }]);
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "where can I leave my automobile near the shop" });
    const top = res.hits[0]!;
    expect(top.sourceId).toBe("doc_parking");
    // terms leav, automobil, near, shop: "shop" is in the passage, "automobile" half (through "car"), the others not
    expect(res.queryTerms).toEqual(["leav", "automobil", "near", "shop"]);
    expect(top.coverage).toBeCloseTo(1.5 / 4, 5);
  });

  it("stops suggesting a word once the only source using it is removed", async () => {
    const chatbotId = bot();
    await index(chatbotId, "doc_invoice", "Invoices", [{ text: "Download every invoice from the subscription page." }]);
    expect((await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "invioce" })).hits[0]!.sourceId).toBe("doc_invoice");
    await removeSourceChunks(env, { workspaceId: ws, chatbotId, sourceType: "document", sourceId: "doc_invoice" });
    await index(chatbotId, "doc_other", "Other", [{ text: "Something unrelated about dashboards." }]);
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "invioce" });
    expect(res.hits).toHaveLength(0);
    expect(res.corrections).toEqual([]);
  });

  it("surfaces the sub-section of a long page that answers the question", async () => {
    const chatbotId = bot();
    const filler = (topic: string) => `${topic} `.repeat(3) + "This part of the guide explains general setup steps and options in detail.";
    await index(chatbotId, "doc_troubleshoot", "Troubleshooting", [
      { text: filler("Snippet placement"), section: "Have you added the snippet?", headings: "No data recorded yet > Have you added the snippet?" },
      { text: filler("Cache clearing"), section: "Have you cleared your cache?", headings: "No data recorded yet > Have you cleared your cache?" },
      { text: "If it does, add the domain to the allowed list.", section: "Does your site use a Content Security Policy?", headings: "No data recorded yet > Does your site use a Content Security Policy?" },
      { text: filler("Proxy files"), section: "Stats stopped after migrating", headings: "WordPress plugin issues > Stats stopped after migrating" },
    ]);
    await index(chatbotId, "doc_security", "Security overview", [{ text: "We publish our security policy and data processing documents." }]);
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "my site has a content security policy and nothing is recorded" });
    expect(res.hits[0]!.sourceId).toBe("doc_troubleshoot");
    expect(res.hits[0]!.section).toBe("Does your site use a Content Security Policy?");
  });

  it("ranks a page whose title names the topic above one that only mentions it", async () => {
    const chatbotId = bot();
    await index(chatbotId, "doc_mention", "Dashboard overview", [{ text: "The chart, the sources list, the pages list and the annotations menu are described here along with many other parts of the dashboard." }]);
    await index(chatbotId, "doc_annotations", "Annotations", [{ text: "Pin notes to dates on your chart." }]);
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "annotations" });
    expect(res.hits.map((h) => h.sourceId).slice(0, 2)).toEqual(["doc_annotations", "doc_mention"]);
  });

  it("reads a Thai question over English-only knowledge through the Thai → English lexicon offline, at most half sure of each word", async () => {
    const chatbotId = bot();
    await index(chatbotId, "doc_reset", "Reset your password", [{ text: "Use the forgot password link on the login page." }]);
    await index(chatbotId, "doc_export", "Export your stats", [{ text: "Download all stats as CSV files from site settings." }]);
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "ลืมรหัสผ่าน เข้าสู่ระบบไม่ได้" });
    expect(res.semantic).toBe(false);
    // none of the question's own words is in the knowledge, and the knowledge has no Thai: the match is a translation
    expect(res.vocabularyMatch).toBe(0);
    expect(res.scriptKnown).toBe(false);
    expect(res.hits[0]!.sourceId).toBe("doc_reset");
    expect(res.hits[0]!.coverage).toBeGreaterThan(0);
    expect(res.hits[0]!.coverage).toBeLessThanOrEqual(0.5);
    // a Thai question outside the lexicon's (software) vocabulary still finds nothing
    expect((await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "มีเรือดำน้ำขายไหม" })).hits).toHaveLength(0);
    const mixed = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "ลืม password ทำยังไง" });
    expect(mixed.hits[0]!.sourceId).toBe("doc_reset");
    // once the knowledge has Thai words, an unmatched Thai question is a real miss, not an unjudgeable one
    await index(chatbotId, "doc_hours", "เวลาเปิดร้าน", [{ text: "ร้านเปิดทุกวัน เวลา 9 โมงเช้า ถึง 6 โมงเย็น" }]);
    expect((await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "มีเรือดำน้ำขายไหม" })).scriptKnown).toBe(true);
  });

  it("reads an English question over Thai-only knowledge through the same lexicon the other way", async () => {
    const chatbotId = bot();
    await index(chatbotId, "faq_hours", "ร้านเปิดให้บริการกี่โมง", [{ text: "ร้านเปิดทุกวัน เวลา 7:30 ถึง 18:00 น." }]);
    await index(chatbotId, "faq_pay", "รับชำระเงินผ่านพร้อมเพย์ไหม", [{ text: "รับค่ะ สแกน QR พร้อมเพย์ที่หน้าร้านได้เลย" }]);
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "what time do you open?" });
    expect(res.hits[0]!.sourceId).toBe("faq_hours");
    expect(res.hits[0]!.coverage).toBeLessThanOrEqual(0.5);
  });

  it("rebuilds a chatbot indexed in an older text format on its next search", async () => {
    const chatbotId = bot();
    await index(chatbotId, "doc_export", "Export your stats", [{ text: "Download all stats as CSV files from site settings." }]);
    // as after migration 0016: full-text rows and term statistics not yet written in the current format
    await env.DB.prepare(`delete from chunks_fts where rowid in (select rowid from chunks where chatbot_id = ?1)`).bind(chatbotId).run();
    await env.DB.prepare(`delete from knowledge_source_terms where chatbot_id = ?1`).bind(chatbotId).run();
    await env.DB.prepare(`update chunk_index_versions set text_version = 0 where chatbot_id = ?1`).bind(chatbotId).run();
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "export stats csv" });
    expect(res.hits[0]!.sourceId).toBe("doc_export");
    expect(await count(`select count(*) as n from chunks_fts where chunks_fts match ?1`, `chatbot_id : "${chatbotId}"`)).toBe(1);
    const again = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "export stats csv" });
    expect(again.hits).toHaveLength(1);
  });
});
