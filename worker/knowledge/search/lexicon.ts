import type { SourceStats } from "../index/fields";
import { buildVocabulary, type Vocabulary } from "../text/typo";

/**
 * One chatbot's term statistics, summed from its sources: passage count,
 * average field lengths and document frequencies (BM25 scoped to the tenant),
 * plus the surface-word vocabulary spelling correction draws from. Cached per
 * isolate and index version.
 */
export interface Lexicon {
  version: number;
  n: number;
  avgLen: [number, number, number];
  df: Map<string, number>;
  vocab: Vocabulary;
}

const cache = new Map<string, Lexicon>();
const MAX_CACHED = 16;

export async function loadLexicon(env: Env, chatbotId: string, version: number): Promise<Lexicon> {
  const hit = cache.get(chatbotId);
  if (hit && hit.version === version) return hit;
  const rows = await env.DB.prepare(`select stats from knowledge_source_terms where chatbot_id = ?1`).bind(chatbotId).all<{ stats: string }>();
  let n = 0;
  const len: [number, number, number] = [0, 0, 0];
  const df = new Map<string, number>();
  const words = new Map<string, number>();
  for (const r of rows.results) {
    const s = JSON.parse(r.stats) as SourceStats;
    n += s.n;
    for (let i = 0; i < 3; i++) len[i]! += s.len[i]!;
    for (const t in s.df) df.set(t, (df.get(t) ?? 0) + s.df[t]!);
    for (const w in s.words) words.set(w, (words.get(w) ?? 0) + s.words[w]!);
  }
  const lex: Lexicon = {
    version,
    n,
    avgLen: [len[0] / Math.max(n, 1) || 1, len[1] / Math.max(n, 1) || 1, len[2] / Math.max(n, 1) || 1],
    df,
    vocab: buildVocabulary(words),
  };
  if (cache.size >= MAX_CACHED && !cache.has(chatbotId)) cache.delete(cache.keys().next().value!);
  cache.set(chatbotId, lex);
  return lex;
}

export function idf(lex: Lexicon, term: string): number {
  const df = lex.df.get(term) ?? 0;
  return Math.log(1 + (lex.n - df + 0.5) / (df + 0.5));
}
