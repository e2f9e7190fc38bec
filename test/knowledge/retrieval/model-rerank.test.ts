import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { indexSourceChunks } from "../../../worker/knowledge/index";
import { searchKnowledge } from "../../../worker/knowledge/search/hybrid";
import { WORKERS_AI_RERANK_MODEL } from "../../../worker/knowledge/search/rerank";

// Workers AI has no local simulator: these tests stand in for the binding with
// a small object that answers the two models the search asks (embedding and reranker).
type Contexts = { query: string; contexts: { text: string }[] };

function modelBinding(rerank: (input: Contexts) => { id: number; score: number }[]) {
  const calls: Contexts[] = [];
  const ai = {
    async run(model: string, input: Record<string, unknown>) {
      if (model === "@cf/baai/bge-m3") return { data: (input.text as string[]).map(() => Array.from({ length: 1024 }, (_, i) => (i === 0 ? 1 : 0))) };
      if (model === WORKERS_AI_RERANK_MODEL) {
        calls.push(input as unknown as Contexts);
        return { response: rerank(input as unknown as Contexts) };
      }
      throw new Error(`unexpected model ${model}`);
    },
  } as unknown as Ai;
  return { ai, calls };
}

const ws = "ws_model_rerank";
let n = 0;
async function knowledge() {
  const chatbotId = `cb_model_rerank_${++n}_${Math.random().toString(36).slice(2, 7)}`;
  const docs = [
    ["doc_export", "Export your data", "Download your data as CSV files from the site settings."],
    ["doc_csv", "CSV imports", "Import data from CSV files that another tool exported."],
    ["doc_delete", "Delete your data", "Deleting a site removes its data for good; download a CSV export first."],
  ] as const;
  for (const [id, title, text] of docs) await indexSourceChunks(env, { workspaceId: ws, chatbotId, sourceType: "document", sourceId: id, title, chunks: [{ text, position: 0 }] });
  return chatbotId;
}
const query = "how do I get all my data out as csv files?";

describe("the reranker model (Workers AI)", () => {
  it("puts the passages it reads in its order, and the first hit's score is the model's", async () => {
    const chatbotId = await knowledge();
    const offline = await searchKnowledge(env, { workspaceId: ws, chatbotId, query });
    // the model prefers the passage about deleting (any choice other than the lexical first one shows whose order wins)
    const { ai, calls } = modelBinding(({ contexts }) => contexts.map((c, id) => ({ id, score: c.text.includes("for good") ? 0.97 : c.text.includes("exported") ? 0.4 : 0.1 })));
    const res = await searchKnowledge({ ...env, AI: ai } as Env, { workspaceId: ws, chatbotId, query });
    expect(offline.hits[0]!.sourceId).not.toBe("doc_delete");
    expect(res.hits.map((h) => h.sourceId)).toEqual(["doc_delete", "doc_csv", "doc_export"]);
    expect(res.hits.map((h) => h.rerank)).toEqual([0.97, 0.4, 0.1]);
    expect(res.hits.map((h) => h.fused)).toEqual([0.97, 0.4, 0.1]);
    // it read the question and each passage with its title
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query).toBe(query);
    expect(calls[0]!.contexts.map((c) => c.text.split("\n")[0]).sort()).toEqual(["CSV imports", "Delete your data", "Export your data"]);
  });

  it("reads raw scores (logits) through a sigmoid, all of one response the same way", async () => {
    const chatbotId = await knowledge();
    // 0.5 is a logit here too: the response holds scores outside 0..1
    const { ai } = modelBinding(({ contexts }) => contexts.map((c, id) => ({ id, score: c.text.includes("for good") ? 3.2 : c.text.includes("exported") ? 0.5 : -1 })));
    const res = await searchKnowledge({ ...env, AI: ai } as Env, { workspaceId: ws, chatbotId, query });
    expect(res.hits.map((h) => h.sourceId)).toEqual(["doc_delete", "doc_csv", "doc_export"]);
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    expect(res.hits.map((h) => h.fused)).toEqual([sigmoid(3.2), sigmoid(0.5), sigmoid(-1)]);
  });

  it("a failing reranker leaves the order retrieval found", async () => {
    const chatbotId = await knowledge();
    const offline = await searchKnowledge(env, { workspaceId: ws, chatbotId, query });
    const { ai } = modelBinding(() => {
      throw new Error("model unavailable");
    });
    const res = await searchKnowledge({ ...env, AI: ai } as Env, { workspaceId: ws, chatbotId, query });
    expect(res.hits.map((h) => h.sourceId)).toEqual(offline.hits.map((h) => h.sourceId));
    expect(res.hits.every((h) => h.rerank === undefined)).toBe(true);
  });
});
