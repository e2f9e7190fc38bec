import type { SourceStats } from "../index/fields";
import { buildVocabulary, type Vocabulary } from "../text/typo";

/**
 * One chatbot's term statistics, summed from its sources: passage count,
 * average field lengths and document frequencies (BM25 scoped to the tenant),
 * plus the surface-word vocabulary spelling correction draws from. Cached per
 * isolate; after an index change only the sources whose stamp changed are
 * read again and their old figures subtracted (incremental, so the first
 * question after an upload does not reload the whole knowledge base).
 */
export interface Lexicon {
  version: number;
  n: number;
  avgLen: [number, number, number];
  df: Map<string, number>;
  vocab: Vocabulary;
}

interface Entry {
  lex: Lexicon;
  len: [number, number, number];
  words: Map<string, number>;
  /** source key → stamp and stats */
  sources: Map<string, { stamp: string; stats: SourceStats }>;
}

const cache = new Map<string, Entry>();
const MAX_CACHED = 16;
const FETCH = 50;

/** One update per chatbot at a time: concurrent questions wait for it instead of applying the same change twice. */
const pending = new Map<string, Promise<Lexicon>>();

export async function loadLexicon(env: Env, chatbotId: string, version: number): Promise<Lexicon> {
  const hit = cache.get(chatbotId);
  if (hit && hit.lex.version === version) return hit.lex;
  const running = pending.get(chatbotId);
  if (running) {
    const lex = await running;
    if (lex.version === version) return lex;
  }
  const job = update(env, chatbotId, version).finally(() => pending.delete(chatbotId));
  pending.set(chatbotId, job);
  return job;
}

async function update(env: Env, chatbotId: string, version: number): Promise<Lexicon> {
  const hit = cache.get(chatbotId);
  if (hit && hit.lex.version === version) return hit.lex;
  const entry = hit ?? { lex: { version: -1, n: 0, avgLen: [1, 1, 1], df: new Map(), vocab: buildVocabulary(new Map()) }, len: [0, 0, 0], words: new Map(), sources: new Map() };
  const stamps = await env.DB.prepare(`select source_type || ':' || source_id as key, stamp from knowledge_source_terms where chatbot_id = ?1`)
    .bind(chatbotId)
    .all<{ key: string; stamp: string }>();
  const current = new Map(stamps.results.map((r) => [r.key, r.stamp]));
  const lex = entry.lex;
  let wordsChanged = false;
  const apply = (s: SourceStats, sign: 1 | -1) => {
    lex.n += sign * s.n;
    for (let i = 0; i < 3; i++) entry.len[i]! += sign * s.len[i]!;
    for (const t in s.df) {
      const v = (lex.df.get(t) ?? 0) + sign * s.df[t]!;
      if (v > 0) lex.df.set(t, v);
      else lex.df.delete(t);
    }
    for (const w in s.words) {
      const v = (entry.words.get(w) ?? 0) + sign * s.words[w]!;
      if (v > 0) entry.words.set(w, v);
      else entry.words.delete(w);
      wordsChanged = true;
    }
  };
  for (const [key, old] of entry.sources) {
    if (current.get(key) === old.stamp) continue;
    apply(old.stats, -1);
    entry.sources.delete(key);
  }
  const wanted = [...current].filter(([key]) => !entry.sources.has(key)).map(([, stamp]) => stamp);
  for (let i = 0; i < wanted.length; i += FETCH) {
    const part = wanted.slice(i, i + FETCH);
    const rows = await env.DB.prepare(
      `select source_type || ':' || source_id as key, stamp, stats from knowledge_source_terms
       where chatbot_id = ?1 and stamp in (${part.map((_, j) => `?${j + 2}`).join(",")})`,
    )
      .bind(chatbotId, ...part)
      .all<{ key: string; stamp: string; stats: string }>();
    for (const r of rows.results) {
      const stats = JSON.parse(r.stats) as SourceStats;
      entry.sources.set(r.key, { stamp: r.stamp, stats });
      apply(stats, 1);
    }
  }
  const n = Math.max(lex.n, 1);
  lex.avgLen = [entry.len[0] / n || 1, entry.len[1] / n || 1, entry.len[2] / n || 1];
  if (wordsChanged || lex.version === -1) lex.vocab = buildVocabulary(entry.words);
  lex.version = version;
  if (cache.size >= MAX_CACHED && !cache.has(chatbotId)) cache.delete(cache.keys().next().value!);
  cache.set(chatbotId, entry);
  return lex;
}

export function idf(lex: Lexicon, term: string): number {
  const df = lex.df.get(term) ?? 0;
  return Math.log(1 + (lex.n - df + 0.5) / (df + 0.5));
}
