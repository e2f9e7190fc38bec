import type { SearchHit } from "./hybrid";

/**
 * The model reranker: with a Workers AI binding, the best passages of a search
 * are read again by a cross-encoder (`@cf/baai/bge-reranker-base`), which
 * scores how well each passage answers the question as a whole (meaning, not
 * shared words), and they are put in its order. Offline there is no model and
 * the cross-feature reranker's order stands (`hybrid.ts`).
 */
export const WORKERS_AI_RERANK_MODEL = "@cf/baai/bge-reranker-base";

/** Passages the model reads: the top of the list, where its order changes the answer. */
const MODEL_RERANK_TOP = 20;
/** Characters of a passage the model reads (its input is 512 tokens for question and passage together). */
const PASSAGE_CHARS = 1_500;

/**
 * The model's score for each text (same order as `texts`), or null when the
 * model could not be asked: a failing reranker never fails the search.
 */
async function modelRerankScores(ai: Ai, query: string, texts: string[]): Promise<number[] | null> {
  if (texts.length < 2) return null;
  try {
    const input = { query, top_k: texts.length, contexts: texts.map((text) => ({ text: text.slice(0, PASSAGE_CHARS) })) };
    const out = (await ai.run(WORKERS_AI_RERANK_MODEL, input as Ai_Cf_Baai_Bge_Reranker_Base_Input)) as Ai_Cf_Baai_Bge_Reranker_Base_Output;
    const scores = new Array<number>(texts.length).fill(Number.NEGATIVE_INFINITY);
    for (const r of out.response ?? []) {
      if (typeof r.id === "number" && r.id >= 0 && r.id < texts.length && typeof r.score === "number") scores[r.id] = r.score;
    }
    return scores.some(Number.isFinite) ? scores : null;
  } catch (err) {
    console.error("the reranker model failed; the lexical order stands", err instanceof Error ? err.message : err);
    return null;
  }
}

/**
 * With a model: the top passages in the reranker model's order, the rest after
 * them. `fused` becomes the model's score (a probability: how clearly the top
 * passage stands out is read from it, see worker/ai/confidence.ts), and the
 * passages it did not read score below the lowest it did.
 */
export async function rerankByModel(ai: Ai, query: string, hits: SearchHit[]): Promise<void> {
  const top = hits.slice(0, MODEL_RERANK_TOP);
  const scores = await modelRerankScores(ai, query, top.map((h) => [h.title, h.section, h.text].filter(Boolean).join("\n")));
  if (!scores) return;
  // probabilities as they come; raw logits (any score outside 0..1) all through a sigmoid, so one response is read one way
  const logits = scores.some((x) => Number.isFinite(x) && (x < 0 || x > 1));
  const probability = (x: number) => (!Number.isFinite(x) ? 0 : logits ? 1 / (1 + Math.exp(-x)) : x);
  const order = top.map((h, i) => ({ h, score: probability(scores[i]!), i })).sort((a, b) => b.score - a.score || a.i - b.i);
  for (const { h, score } of order) h.fused = h.rerank = score;
  const rest = hits.slice(top.length);
  const lowest = order[order.length - 1]!.score;
  rest.forEach((h, j) => (h.fused = (lowest * (rest.length - j)) / (rest.length + 1)));
  hits.splice(0, top.length, ...order.map((o) => o.h));
}
