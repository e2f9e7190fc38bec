import type { PassageFields } from "../index/fields";
import { idf, type Lexicon } from "./lexicon";

/**
 * Lexical scoring of candidate passages, all with the tenant's own statistics:
 * field-weighted BM25 (BM25F: title, headings path, body), pseudo-relevance
 * feedback terms, and the cross features of the offline reranker.
 */
export interface Passage {
  id: string;
  fields: PassageFields;
  /** term → frequency, per field (title, headings, body) */
  tf: [Map<string, number>, Map<string, number>, Map<string, number>];
  len: [number, number, number];
  body: string[];
}

/** Field weights and length normalisation (BM25F). Titles repeat on every passage of a page, so they normalise little. */
export const BM25F = { weight: [2.5, 2.0, 1.0], b: [0.3, 0.5, 0.75], k1: 1.2 };

export function toPassage(id: string, fields: PassageFields): Passage {
  const split = (s: string) => (s ? s.split(" ") : []);
  const parts = [split(fields.title), split(fields.headings), split(fields.body)] as const;
  const tf = parts.map((ts) => {
    const m = new Map<string, number>();
    for (const t of ts) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  }) as Passage["tf"];
  return { id, fields, tf, len: [parts[0].length, parts[1].length, parts[2].length], body: parts[2] };
}

export function bm25f(p: Passage, query: Map<string, number>, lex: Lexicon): number {
  let score = 0;
  for (const [t, qw] of query) {
    let tf = 0;
    for (let f = 0; f < 3; f++) {
      const n = p.tf[f]!.get(t);
      if (!n) continue;
      tf += (BM25F.weight[f]! * n) / (1 - BM25F.b[f]! + (BM25F.b[f]! * p.len[f]!) / lex.avgLen[f]!);
    }
    if (tf > 0) score += qw * idf(lex, t) * (tf / (BM25F.k1 + tf));
  }
  return score;
}

export function has(p: Passage, t: string): boolean {
  return p.tf[0].has(t) || p.tf[1].has(t) || p.tf[2].has(t);
}

/** Share of the query's weight (idf) present in the passage; `fields` restricts where. */
export function weightedCoverage(p: Passage, query: string[], lex: Lexicon, fields: (0 | 1 | 2)[] = [0, 1, 2]): number {
  let total = 0;
  let found = 0;
  for (const t of query) {
    const w = idf(lex, t);
    total += w;
    if (fields.some((f) => p.tf[f].has(t))) found += w;
  }
  return total > 0 ? found / total : 0;
}

/** Query terms appearing close together in the body (pairs within 6 terms), 0..1. */
export function proximity(p: Passage, query: string[]): number {
  if (query.length < 2) return 0;
  const set = new Set(query);
  const last = new Map<string, number>();
  const pairs = new Set<string>();
  p.body.forEach((t, i) => {
    if (!set.has(t)) return;
    for (const [u, j] of last) if (u !== t && i - j <= 6) pairs.add(u < t ? `${u} ${t}` : `${t} ${u}`);
    last.set(t, i);
  });
  return Math.min(1, pairs.size / (query.length - 1));
}

/**
 * Pseudo-relevance feedback (RM3-like): terms that weigh most in the top
 * passages of the first pass, by their share of each passage times the
 * passage's relative score and the term's idf. Terms in more than a fifth of
 * the knowledge base (beyond two passages), or in a single passage, carry no topic or bring nothing new.
 */
export function feedbackTerms(top: { p: Passage; score: number }[], exclude: Set<string>, lex: Lexicon, count: number): Map<string, number> {
  const best = top[0]?.score ?? 0;
  if (best <= 0) return new Map();
  const weight = new Map<string, number>();
  for (const { p, score } of top) {
    const rel = score / best;
    const len = p.len[0] + p.len[1] + p.len[2] || 1;
    for (let f = 0; f < 3; f++) {
      for (const [t, n] of p.tf[f]!) weight.set(t, (weight.get(t) ?? 0) + (rel * n * BM25F.weight[f]!) / len);
    }
  }
  const scored: [string, number][] = [];
  for (const [t, w] of weight) {
    if (exclude.has(t) || t.length < 3 || /^\d+$/.test(t)) continue;
    const df = lex.df.get(t) ?? 0;
    if (df < 2 || df > Math.max(2, lex.n / 5)) continue;
    scored.push([t, w * idf(lex, t)]);
  }
  scored.sort((a, b) => b[1] - a[1]);
  const chosen = scored.slice(0, count);
  const max = chosen[0]?.[1] ?? 1;
  return new Map(chosen.map(([t, w]) => [t, w / max]));
}

/** Cosine of tf-idf vectors of the query and the passage (a sparse, lexical similarity). */
export function lexicalCosine(p: Passage, query: string[], lex: Lexicon): number {
  let dotp = 0;
  let qn = 0;
  for (const t of new Set(query)) {
    const w = idf(lex, t);
    qn += w * w;
    const n = (p.tf[0].get(t) ?? 0) + (p.tf[1].get(t) ?? 0) + (p.tf[2].get(t) ?? 0);
    if (n) dotp += w * (1 + Math.log(n)) * w;
  }
  let pn = 0;
  const all = new Map<string, number>();
  for (const m of p.tf) for (const [t, n] of m) all.set(t, (all.get(t) ?? 0) + n);
  for (const [t, n] of all) {
    const w = (1 + Math.log(n)) * idf(lex, t);
    pn += w * w;
  }
  return qn > 0 && pn > 0 ? dotp / Math.sqrt(qn * pn) : 0;
}

/**
 * Query likelihood with Dirichlet smoothing (a second, probabilistic view of
 * the same evidence as BM25F): log P(query | passage) with the fields weighted
 * as in BM25F and the collection model estimated from the tenant's document
 * frequencies. Higher is better; comparable across passages of one query only.
 */
export function queryLikelihood(p: Passage, query: Map<string, number>, lex: Lexicon, mu: number): number {
  const len = BM25F.weight[0]! * p.len[0] + BM25F.weight[1]! * p.len[1] + BM25F.weight[2]! * p.len[2];
  const total = Math.max(1, lex.n * (BM25F.weight[0]! * lex.avgLen[0] + BM25F.weight[1]! * lex.avgLen[1] + BM25F.weight[2]! * lex.avgLen[2]));
  let score = 0;
  for (const [t, qw] of query) {
    const background = ((lex.df.get(t) ?? 0) + 0.5) / total;
    let tf = 0;
    for (let f = 0; f < 3; f++) tf += BM25F.weight[f]! * (p.tf[f]!.get(t) ?? 0);
    score += qw * Math.log((tf + mu * background) / (len + mu) / background);
  }
  return score;
}
