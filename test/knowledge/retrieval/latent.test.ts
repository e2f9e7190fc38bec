import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { indexSourceChunks, removeSourceChunks } from "../../../worker/knowledge/index";
import { deliver } from "../sources/helpers";
import { buildLatent, cosine, decodeBasis, encodeBasis, foldPassage, foldQuery } from "../../../worker/knowledge/search/latent";
import { searchKnowledge } from "../../../worker/knowledge/search/hybrid";

const ws = "ws_latent";
let seq = 0;
const bot = () => `cb_latent_${Date.now()}_${seq++}`;
const tf = (words: string) => new Map(words.split(" ").map((w) => [w, 1] as [string, number]));

/** A small knowledge about billing and about traffic: words of one topic share passages. */
function corpus(): string[] {
  const billing = ["invoic", "receipt", "payment", "card", "billing", "vat"];
  const traffic = ["visitor", "chart", "pageview", "referr", "bounc", "scroll"];
  const out: string[] = [];
  for (let i = 0; i < 150; i++) {
    const topic = i % 2 ? billing : traffic;
    out.push([topic[i % 6], topic[(i + 1) % 6], topic[(i + 3) % 6], `filler${i % 7}`].join(" "));
  }
  return out;
}

describe("latent space of the chatbot's own passages", () => {
  it("puts a passage near a question word it never uses when the knowledge uses them together", () => {
    const basis = buildLatent(corpus().map((p) => ({ terms: p.split(" ") })), 8);
    const q = foldQuery(basis, new Map([["invoic", 1]]))!;
    // neither passage says "invoice"; the one about receipts and card payments is about the same thing
    const near = cosine(q, foldPassage(basis, tf("receipt card"))!);
    const far = cosine(q, foldPassage(basis, tf("chart visitor"))!);
    expect(near).toBeGreaterThan(far + 0.2);
    // the stored (int8) form gives the same reading
    const { terms, blob } = encodeBasis(basis);
    const back = decodeBasis(basis.dims, terms, blob);
    expect(cosine(foldQuery(back, new Map([["invoic", 1]]))!, foldPassage(back, tf("receipt card"))!)).toBeCloseTo(near, 1);
  });

  it("is built by the ingestion queue once a chatbot has enough passages, and dropped with the index change that leaves too few", async () => {
    const chatbotId = bot();
    const row = () => env.DB.prepare(`select passages, dims from knowledge_latent where chatbot_id = ?1`).bind(chatbotId).first<{ passages: number; dims: number }>();
    const texts = corpus().map((t) => t.replace("invoic", "invoice").replace("referr", "referrer").replace("bounc", "bounce"));
    const chunks = (list: string[]) => list.map((text, position) => ({ text, position }));
    await indexSourceChunks(env, { workspaceId: ws, chatbotId, sourceType: "document", sourceId: "doc_a", title: "Notes", chunks: chunks(texts) });
    expect(await row()).toBeNull();
    await indexSourceChunks(env, { workspaceId: ws, chatbotId, sourceType: "document", sourceId: "doc_b", title: "More notes", chunks: chunks(texts) });
    // the rebuild is the ingestion queue's job: the index change returned before it
    await vi.waitFor(async () => expect(await row()).toMatchObject({ passages: 300 }), { timeout: 15_000, interval: 100 });
    // questions are answered with it
    const res = await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "invoice receipt" });
    expect(res.hits.length).toBeGreaterThan(0);
    expect(res.hits[0]!.text).toMatch(/invoice|receipt/);
    await removeSourceChunks(env, { workspaceId: ws, chatbotId, sourceType: "document", sourceId: "doc_b" });
    expect(await row()).toBeNull();
  });

  it("answers an index change without waiting for the rebuild, and a repeated rebuild job changes nothing", async () => {
    const chatbotId = bot();
    const stamp = () => env.DB.prepare(`select built_at from knowledge_latent where chatbot_id = ?1`).bind(chatbotId).first<{ built_at: string }>();
    // the queue holds the job until the test delivers it, so nothing races the assertions
    const sent: unknown[] = [];
    const held = { ...env, INGEST: { send: async (body: unknown) => void sent.push(body) } } as unknown as Env;
    const chunks = [...corpus(), ...corpus()].map((text, position) => ({ text, position }));
    await indexSourceChunks(held, { workspaceId: ws, chatbotId, sourceType: "document", sourceId: "doc_a", title: "Notes", chunks });
    // the change is indexed and searchable before any basis exists
    expect(await stamp()).toBeNull();
    expect((await searchKnowledge(env, { workspaceId: ws, chatbotId, query: "receipt card" })).hits.length).toBeGreaterThan(0);
    expect(sent).toEqual([{ type: "latent_basis", workspace_id: ws, chatbot_id: chatbotId }]);
    expect((await deliver(sent[0])).explicitAcks).toHaveLength(1);
    const first = (await stamp())!.built_at;
    // a late or repeated delivery of the job finds the basis current
    expect((await deliver(sent[0])).explicitAcks).toHaveLength(1);
    expect((await stamp())!.built_at).toBe(first);
  });
});
