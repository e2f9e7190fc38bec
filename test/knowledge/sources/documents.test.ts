import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { extractDocument } from "../../../worker/knowledge/ingest/extract";
import { buildDocx, buildPdf } from "./fixtures";
import { addMember, api, chunksOf, deliver, documentMessage, ftsHits, insertDocument, upload, indexedCount, ownerWithBot } from "./helpers";

async function ingest(o: { token: string; workspaceId: string; botId: string }, name: string, content: string | Uint8Array) {
  const res = await upload(o, name, content);
  expect(res.status, res.text).toBe(202);
  const result = await deliver(documentMessage(o, res.json.id));
  const doc = (await api(`/api/v1/knowledge-base/documents/${res.json.id}`, { token: o.token })).json;
  return { upload: res.json, result, doc };
}

describe("document ingestion", () => {
  // The PDF engine is large; load it once before the timed tests.
  beforeAll(async () => {
    await extractDocument("pdf", buildPdf([["warm up"]]));
  }, 120_000);

  it("stores an upload in R2, answers 202 pending, and the queue turns a PDF into page-tagged chunks", async () => {
    const o = await ownerWithBot();
    const pdf = buildPdf([
      ["Acme Store Handbook", "Returns are accepted within 30 days of delivery.", "Items must be unused and in original packaging.", "1"],
      ["Acme Store Handbook", "Shipping to Chiang Mai takes three business days.", "Express delivery costs 120 THB.", "2"],
      ["Acme Store Handbook", "Warranty covers manufacturing defects for one year.", "3"],
    ]);
    const res = await upload(o, "handbook.pdf", pdf);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: "pending", progress: 0, filename: "handbook.pdf", file_type: "pdf", mime_type: "application/pdf", size_bytes: pdf.byteLength, replaced: false });
    const stored = await env.FILES.get(`ws/${o.workspaceId}/kb/${res.json.id}/handbook.pdf`);
    expect(stored?.size).toBe(pdf.byteLength);

    const result = await deliver(documentMessage(o, res.json.id));
    expect(result.explicitAcks).toHaveLength(1);
    const doc = (await api(`/api/v1/knowledge-base/documents/${res.json.id}`, { token: o.token })).json;
    expect(doc).toMatchObject({ status: "completed", progress: 100, page_count: 3, error_code: null });
    expect(doc.chunk_count).toBeGreaterThan(0);
    const chunks = await chunksOf("document", res.json.id);
    const all = chunks.map((c) => c.text).join("\n");
    expect(all).toContain("Returns are accepted within 30 days");
    expect(all).toContain("Warranty covers manufacturing defects");
    expect(all).not.toContain("Acme Store Handbook"); // running header dropped
    expect(all).not.toMatch(/^\d$/m); // bare page numbers dropped
    expect(chunks[0]!.page).toBe(1);
    expect(await ftsHits(o.botId, "warranty")).toBeGreaterThan(0);
  });

  it("ingests DOCX with its headings as sections", async () => {
    const o = await ownerWithBot();
    const { doc } = await ingest(o, "policy.docx", buildDocx(["# Payment", "We accept PromptPay and credit cards.", "## Refunds", "Refunds go back to the original payment method."]));
    expect(doc.status).toBe("completed");
    const chunks = await chunksOf("document", doc.id);
    expect(chunks.find((c) => c.text.includes("PromptPay"))?.section).toBe("Payment");
    expect(chunks.find((c) => c.text.includes("original payment method"))?.section).toBe("Payment > Refunds");
  });

  it("ingests Markdown, plain text, CSV and HTML", async () => {
    const o = await ownerWithBot();
    const md = await ingest(o, "faq.md", "# Opening hours\n\nWe are open 9:00–18:00 every day.\n\n## Holidays\n\nClosed on Songkran.");
    expect(md.doc.status).toBe("completed");
    expect((await chunksOf("document", md.doc.id)).map((c) => c.section)).toEqual(["Opening hours", "Opening hours > Holidays"]);

    const txt = await ingest(o, "notes.txt", "Our store is in Bangkok.\n\nParking is free for customers.");
    expect((await chunksOf("document", txt.doc.id))[0]!.text).toContain("Parking is free");

    const csv = await ingest(o, "sizes.csv", "size,chest_cm\nS,86\nM,94\n");
    const csvText = (await chunksOf("document", csv.doc.id)).map((c) => c.text).join("\n");
    expect(csvText).toContain("size: S\nchest_cm: 86");

    const html = await ingest(
      o,
      "about.html",
      "<html><head><title>About</title><style>.x{color:red}</style></head><body><nav><a href='/'>Home</a> Menu</nav><h1>About us</h1><p>Family run since 1999 &amp; proud.</p><script>alert('x')</script></body></html>",
    );
    const htmlChunks = await chunksOf("document", html.doc.id);
    expect(htmlChunks[0]!.section).toBe("About us");
    expect(htmlChunks[0]!.text).toContain("Family run since 1999 & proud.");
    expect(htmlChunks.map((c) => c.text).join(" ")).not.toMatch(/alert|color:red|Menu/);
  });

  it("keeps the page of each chunk of a long PDF", async () => {
    const o = await ownerWithBot();
    const page = (n: number, topic: string) => Array.from({ length: 40 }, (_, i) => `Page ${n} line ${i} is about ${topic} and nothing else at all.`);
    const { doc } = await ingest(o, "long.pdf", buildPdf([page(1, "apples"), page(2, "bananas"), page(3, "cherries")]));
    expect(doc).toMatchObject({ status: "completed", page_count: 3 });
    const chunks = await chunksOf("document", doc.id);
    expect(chunks.find((c) => c.text.startsWith("Page 2 line 0") || c.text.includes("Page 2 line 1 "))?.page).toBe(2);
    expect(chunks.find((c) => c.text.includes("cherries"))?.page).toBe(3);
  });

  it("splits a long document into overlapping chunks of at most ~1,000 tokens", async () => {
    const o = await ownerWithBot();
    const sentences = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} explains one more detail about the loyalty program.`);
    const text = `# Loyalty program\n\n${sentences.slice(0, 200).join(" ")}\n\n${sentences.slice(200).join(" ")}`;
    const { doc } = await ingest(o, "loyalty.md", text);
    const chunks = await chunksOf("document", doc.id);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (const c of chunks) expect(c.text.length / 4).toBeLessThanOrEqual(1000);
    for (const c of chunks) expect(c.section).toBe("Loyalty program");
    // consecutive chunks share an overlap
    const tail = chunks[0]!.text.slice(-200).split(". ").pop()!.slice(0, 40);
    expect(chunks[1]!.text).toContain(tail);
  });

  it("fails a corrupt PDF with EXTRACTION_FAILED and acks it (no retry)", async () => {
    const o = await ownerWithBot();
    const { result, doc } = await ingest(o, "broken.pdf", "%PDF-1.7\nthis is not really a pdf at all\n%%EOF");
    expect(result.retryMessages).toHaveLength(0);
    expect(result.explicitAcks).toHaveLength(1);
    expect(doc).toMatchObject({ status: "failed", error_code: "EXTRACTION_FAILED", error: { code: "EXTRACTION_FAILED" } });
  });

  it("fails a password-protected PDF with ENCRYPTED", async () => {
    const o = await ownerWithBot();
    const { doc } = await ingest(o, "secret.pdf", buildPdf([["Top secret pricing"]], { encrypt: true }));
    expect(doc).toMatchObject({ status: "failed", error_code: "ENCRYPTED" });
  });

  it("fails an empty file, and a PDF without text, with EMPTY_DOCUMENT", async () => {
    const o = await ownerWithBot();
    expect((await ingest(o, "empty.txt", "")).doc).toMatchObject({ status: "failed", error_code: "EMPTY_DOCUMENT" });
    expect((await ingest(o, "blank.md", "\n\n   \n")).doc).toMatchObject({ status: "failed", error_code: "EMPTY_DOCUMENT" });
    expect((await ingest(o, "scan.pdf", buildPdf([[]]))).doc).toMatchObject({ status: "failed", error_code: "EMPTY_DOCUMENT" });
  });

  it("rejects unsupported types with 415 and oversize files with 413", async () => {
    const o = await ownerWithBot();
    const exe = await upload(o, "setup.exe", new Uint8Array([0x4d, 0x5a, 0x90, 0]));
    expect(exe.status).toBe(415);
    expect(exe.json.error.code).toBe("UNSUPPORTED_TYPE");
    const fake = await upload(o, "photo.pdf", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]));
    expect(fake.status).toBe(415);
    const binaryTxt = await upload(o, "data.txt", new Uint8Array([0x00, 0x01, 0x02, 0xff]));
    expect(binaryTxt.status).toBe(415);
    const big = await upload(o, "huge.txt", "a".repeat(10 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe("TOO_LARGE");
    const list = await api(`/api/v1/knowledge-base/documents?chatbot_id=${o.botId}`, { token: o.token });
    expect(list.json.data).toHaveLength(0);
  });

  it("re-uploading the same file name replaces the old document's chunks, leaving none behind", async () => {
    const o = await ownerWithBot();
    const first = await ingest(o, "prices.md", "# Prices\n\nThe blue mug costs 250 THB.");
    expect(await ftsHits(o.botId, "mug")).toBe(1);
    const second = await upload(o, "prices.md", "# Prices\n\nThe red kettle costs 990 THB.");
    expect(second.status).toBe(202);
    expect(second.json).toMatchObject({ id: first.doc.id, replaced: true, status: "pending" });
    await deliver(documentMessage(o, first.doc.id));
    const chunks = await chunksOf("document", first.doc.id);
    expect(chunks.map((c) => c.text).join(" ")).toContain("red kettle");
    expect(await ftsHits(o.botId, "mug")).toBe(0);
    expect(await indexedCount(o.botId)).toBe(chunks.length);
    const list = await api(`/api/v1/knowledge-base/documents?chatbot_id=${o.botId}`, { token: o.token });
    expect(list.json.data).toHaveLength(1);
  });

  it("a message delivered twice creates no duplicate chunks", async () => {
    const o = await ownerWithBot();
    const { doc } = await ingest(o, "twice.md", "# Contact\n\nCall us at 02-123-4567.\n\n# Address\n\n99 Sukhumvit Road.");
    const before = await chunksOf("document", doc.id);
    const again = await deliver(documentMessage(o, doc.id));
    expect(again.explicitAcks).toHaveLength(1);
    expect(await chunksOf("document", doc.id)).toHaveLength(before.length);
    await api(`/api/v1/knowledge-base/documents/${doc.id}/reprocess`, { method: "POST", token: o.token });
    await deliver(documentMessage(o, doc.id));
    await deliver(documentMessage(o, doc.id));
    expect(await chunksOf("document", doc.id)).toHaveLength(before.length);
    expect(await indexedCount(o.botId)).toBe(before.length);
  });

  it("deleting a document removes the file, the row, its chunks and vectors", async () => {
    const o = await ownerWithBot();
    const { doc } = await ingest(o, "gone.md", "# Gone\n\nThe zeppelin tour is cancelled.");
    expect(await ftsHits(o.botId, "zeppelin")).toBe(1);
    expect((await api(`/api/v1/knowledge-base/documents/${doc.id}`, { method: "DELETE", token: o.token })).status).toBe(204);
    expect(await env.FILES.get(`ws/${o.workspaceId}/kb/${doc.id}/gone.md`)).toBeNull();
    expect(await chunksOf("document", doc.id)).toHaveLength(0);
    expect(await ftsHits(o.botId, "zeppelin")).toBe(0);
    expect(await indexedCount(o.botId)).toBe(0);
    expect((await api(`/api/v1/knowledge-base/documents/${doc.id}`, { token: o.token })).status).toBe(404);
    // a late message for the deleted document is acked and does nothing
    expect((await deliver(documentMessage(o, doc.id))).explicitAcks).toHaveLength(1);
    expect(await chunksOf("document", doc.id)).toHaveLength(0);
  });

  it("retries a transient storage error with backoff, and the dead-letter batch marks it PROCESSING_FAILED", async () => {
    const o = await ownerWithBot();
    const id = await insertDocument(o, "flaky.md", "# Flaky\n\nSometimes storage hiccups.");
    const res = { json: { id } };
    const flakyEnv = { ...env, FILES: { ...env.FILES, get: async () => { throw new Error("R2 hiccup"); } } } as unknown as Env;
    const result = await deliver(documentMessage(o, res.json.id), { env: flakyEnv, attempts: 2 });
    expect(result.retryMessages).toHaveLength(1);
    expect(result.explicitAcks).toHaveLength(0);
    const dead = await deliver(documentMessage(o, res.json.id), { queue: "minichat-ingest-dlq" });
    expect(dead.explicitAcks).toHaveLength(1);
    const doc = (await api(`/api/v1/knowledge-base/documents/${res.json.id}`, { token: o.token })).json;
    expect(doc).toMatchObject({ status: "failed", error_code: "PROCESSING_FAILED" });
  });

  it("acks and drops a malformed message", async () => {
    const result = await deliver({ type: "document", nope: true });
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(0);
  });

  it("rejects a viewer uploading, a missing file, and other workspaces' chatbots and documents", async () => {
    const o = await ownerWithBot();
    const other = await ownerWithBot();
    const viewer = await addMember(o.workspaceId, "viewer");
    expect((await upload({ token: viewer.token, botId: o.botId }, "a.txt", "hello")).status).toBe(403);
    expect((await api(`/api/v1/knowledge-base/documents`, { token: viewer.token })).status).toBe(200);
    expect((await upload({ token: o.token, botId: other.botId }, "a.txt", "hello")).status).toBe(404);
    const noFile = await api("/api/v1/knowledge-base/documents", { token: o.token, body: (() => { const f = new FormData(); f.append("chatbot_id", o.botId); return f; })() });
    expect(noFile.status).toBe(400);
    const theirs = await upload(other, "theirs.txt", "private");
    for (const [method, path] of [
      ["GET", `/api/v1/knowledge-base/documents/${theirs.json.id}`],
      ["DELETE", `/api/v1/knowledge-base/documents/${theirs.json.id}`],
      ["POST", `/api/v1/knowledge-base/documents/${theirs.json.id}/reprocess`],
    ] as const) {
      expect((await api(path, { method, token: o.token })).status).toBe(404);
    }
    expect((await api(`/api/v1/knowledge-base/documents`, { token: o.token })).json.data).toHaveLength(0);
  });
});
