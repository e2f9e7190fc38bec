import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { createFaq } from "../../../worker/knowledge/faqs/faqs";
import { addMember, api, chunksOf, multipart, ownerWithBot } from "./helpers";

describe("FAQs", () => {
  it("creates an FAQ, indexes it as one Q/A chunk and lists it with filters", async () => {
    const o = await ownerWithBot();
    const res = await api("/api/v1/knowledge-base/faqs", {
      token: o.token,
      body: { chatbot_id: o.botId, question: "How long does shipping take?", answer: "2–3 business days in Bangkok.", category: "shipping", tags: ["Delivery", "delivery", " time "], priority: "high" },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ chatbot_id: o.botId, status: "active", priority: "high", tags: ["delivery", "time"], embedding_generated: true, usage_count: 0 });
    const chunks = await chunksOf("faq", res.json.id);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.text).toBe("Q: How long does shipping take?\nA: 2–3 business days in Bangkok.");
    expect(chunks[0]!.title).toBe("How long does shipping take?");

    await api("/api/v1/knowledge-base/faqs", { token: o.token, body: { chatbot_id: o.botId, question: "Do you accept PromptPay?", answer: "Yes.", category: "payment" } });
    const byCat = await api(`/api/v1/knowledge-base/faqs?chatbot_id=${o.botId}&category=shipping`, { token: o.token });
    expect(byCat.json.data.map((f: any) => f.question)).toEqual(["How long does shipping take?"]);
    const byQ = await api(`/api/v1/knowledge-base/faqs?q=promptpay`, { token: o.token });
    expect(byQ.json.data).toHaveLength(1);
    expect(byQ.json.pagination).toMatchObject({ page: 1, total: 1 });
  });

  it("refuses a duplicate question that differs only in case and punctuation", async () => {
    const o = await ownerWithBot();
    const body = { chatbot_id: o.botId, question: "What are your opening hours?", answer: "9–18 daily." };
    expect((await api("/api/v1/knowledge-base/faqs", { token: o.token, body })).status).toBe(201);
    const dup = await api("/api/v1/knowledge-base/faqs", { token: o.token, body: { ...body, question: "what are your OPENING hours" } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("DUPLICATE_FAQ");
  });

  it("takes an FAQ out of the index when it becomes inactive and puts it back when active", async () => {
    const o = await ownerWithBot();
    const faq = (await api("/api/v1/knowledge-base/faqs", { token: o.token, body: { chatbot_id: o.botId, question: "Where is my order?", answer: "Track it on the orders page." } })).json;
    const off = await api(`/api/v1/knowledge-base/faqs/${faq.id}`, { method: "PATCH", token: o.token, body: { status: "inactive" } });
    expect(off.status).toBe(200);
    expect(off.json.status).toBe("inactive");
    expect(await chunksOf("faq", faq.id)).toHaveLength(0);
    const on = await api(`/api/v1/knowledge-base/faqs/${faq.id}`, { method: "PATCH", token: o.token, body: { status: "active", answer: "Use the tracking link in your email." } });
    expect(on.json.answer).toBe("Use the tracking link in your email.");
    expect((await chunksOf("faq", faq.id))[0]!.text).toContain("tracking link");
    expect((await api(`/api/v1/knowledge-base/faqs/${faq.id}`, { method: "DELETE", token: o.token })).status).toBe(204);
    expect(await chunksOf("faq", faq.id)).toHaveLength(0);
    expect((await api(`/api/v1/knowledge-base/faqs/${faq.id}`, { token: o.token })).status).toBe(404);
  });

  it("rejects bad input, a viewer writing, and other workspaces' chatbots and FAQs", async () => {
    const o = await ownerWithBot();
    const other = await ownerWithBot();
    const bad = await api("/api/v1/knowledge-base/faqs", { token: o.token, body: { chatbot_id: o.botId, question: "", answer: "x", priority: "urgent" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("VALIDATION_ERROR");
    const foreignBot = await api("/api/v1/knowledge-base/faqs", { token: o.token, body: { chatbot_id: other.botId, question: "Is this mine?", answer: "No." } });
    expect(foreignBot.status).toBe(404);
    const theirs = (await api("/api/v1/knowledge-base/faqs", { token: other.token, body: { chatbot_id: other.botId, question: "Secret?", answer: "Yes." } })).json;
    expect((await api(`/api/v1/knowledge-base/faqs/${theirs.id}`, { token: o.token })).status).toBe(404);
    expect((await api(`/api/v1/knowledge-base/faqs/${theirs.id}`, { method: "PATCH", token: o.token, body: { answer: "mine now" } })).status).toBe(404);
    expect((await api(`/api/v1/knowledge-base/faqs/${theirs.id}`, { method: "DELETE", token: o.token })).status).toBe(404);
    expect((await api(`/api/v1/knowledge-base/faqs`, { token: o.token })).json.data).toHaveLength(0);
    const viewer = await addMember(o.workspaceId, "viewer");
    expect((await api("/api/v1/knowledge-base/faqs", { token: viewer.token, body: { chatbot_id: o.botId, question: "Can I?", answer: "No." } })).status).toBe(403);
    expect((await api("/api/v1/knowledge-base/faqs", { token: viewer.token })).status).toBe(200);
  });

  it("exports createFaq for other domains (saving a rewritten answer)", async () => {
    const o = await ownerWithBot();
    const faq = await createFaq(env, { workspaceId: o.workspaceId, userId: o.userId, role: "owner", apiKeyId: null, scopes: null }, { chatbot_id: o.botId, question: "Is gift wrapping available?", answer: "Yes, for 30 THB." });
    expect(faq.status).toBe("active");
    expect(await chunksOf("faq", faq.id)).toHaveLength(1);
  });
});

describe("FAQ CSV import", () => {
  const csv = [
    "question,answer,category,tags,priority",
    '"How do I return an item?","Within 30 days, unused.",returns,"returns,refund",high',
    '"Do you ship abroad?","Not yet.",shipping,,',
    '"","No question here",misc,,',
    '"how do I RETURN an item","Duplicate in file",returns,,',
    '"What sizes do you have?","S to XXL.",sizes,"size;fit",urgent',
  ].join("\n");

  it("imports rows and reports imported, skipped and per-row errors", async () => {
    const o = await ownerWithBot();
    const res = await api("/api/v1/knowledge-base/faqs/import", { token: o.token, body: { chatbot_id: o.botId, csv } });
    expect(res.status).toBe(200);
    expect(res.json.imported).toBe(2);
    expect(res.json.updated).toBe(0);
    expect(res.json.skipped).toBe(3);
    expect(res.json.errors).toEqual([
      { row: 4, message: expect.stringContaining("question") },
      { row: 5, message: expect.stringContaining("same as row 2") },
      { row: 6, message: expect.stringContaining("priority") },
    ]);
    const list = await api(`/api/v1/knowledge-base/faqs?chatbot_id=${o.botId}`, { token: o.token });
    const ret = list.json.data.find((f: any) => f.question === "How do I return an item?");
    expect(ret).toMatchObject({ category: "returns", tags: ["returns", "refund"], priority: "high" });
    expect(await chunksOf("faq", ret.id)).toHaveLength(1);
  });

  it("skips existing questions, or updates them with overwrite_existing (multipart upload)", async () => {
    const o = await ownerWithBot();
    await api("/api/v1/knowledge-base/faqs", { token: o.token, body: { chatbot_id: o.botId, question: "Do you ship abroad?", answer: "Old answer." } });
    const again = await api("/api/v1/knowledge-base/faqs/import", {
      token: o.token,
      body: multipart({ chatbot_id: o.botId, file: new File(['question,answer\n"Do you ship abroad?","Yes, to ASEAN countries."\n'], "faqs.csv", { type: "text/csv" }) }),
    });
    expect(again.json).toMatchObject({ imported: 0, updated: 0, skipped: 1, errors: [{ row: 2, message: "Duplicate question found" }] });
    const over = await api("/api/v1/knowledge-base/faqs/import", {
      token: o.token,
      body: multipart({
        chatbot_id: o.botId,
        overwrite_existing: "true",
        file: new File(['question,answer\n"Do you ship abroad?","Yes, to ASEAN countries."\n'], "faqs.csv", { type: "text/csv" }),
      }),
    });
    expect(over.json).toMatchObject({ imported: 0, updated: 1, skipped: 0, errors: [] });
    const list = await api(`/api/v1/knowledge-base/faqs?chatbot_id=${o.botId}`, { token: o.token });
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0].answer).toBe("Yes, to ASEAN countries.");
    expect((await chunksOf("faq", list.json.data[0].id))[0]!.text).toContain("ASEAN");
  });

  it("rejects a CSV without question and answer columns, and another workspace's chatbot", async () => {
    const o = await ownerWithBot();
    const other = await ownerWithBot();
    const noHeader = await api("/api/v1/knowledge-base/faqs/import", { token: o.token, body: { chatbot_id: o.botId, csv: "q,a\nx,y" } });
    expect(noHeader.status).toBe(400);
    expect(noHeader.json.error.code).toBe("INVALID_CSV");
    expect((await api("/api/v1/knowledge-base/faqs/import", { token: o.token, body: { chatbot_id: other.botId, csv } })).status).toBe(404);
    const viewer = await addMember(o.workspaceId, "viewer");
    expect((await api("/api/v1/knowledge-base/faqs/import", { token: viewer.token, body: { chatbot_id: o.botId, csv } })).status).toBe(403);
  });
});

describe("API reference", () => {
  it("documents the knowledge-source endpoints in the OpenAPI document", async () => {
    const doc = (await api("/api/v1/openapi.json")).json;
    for (const path of [
      "/api/v1/knowledge-base/faqs",
      "/api/v1/knowledge-base/faqs/import",
      "/api/v1/knowledge-base/faqs/{id}",
      "/api/v1/knowledge-base/documents",
      "/api/v1/knowledge-base/documents/{id}",
      "/api/v1/knowledge-base/documents/{id}/reprocess",
      "/api/v1/knowledge-base/urls",
      "/api/v1/knowledge-base/urls/{id}",
      "/api/v1/knowledge-base/urls/{id}/recrawl",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
