import { latentStampStatement, loadLatent } from "../index/latent";
import { indexVersionStatement, type IndexVersionRow, resolveIndexVersion } from "../index/rebuild";
import type { SourceType } from "../index/types";
import { contentWords, hasThai, terms } from "../text/segment";
import { stem } from "../text/stem";
import { englishStems, type Related, relatedWords } from "../text/related";
import { englishThai, thaiEnglish, translateThai } from "../text/translate";
import { corrections } from "../text/typo";
import { modelEmbedder } from "./embed";
import { type CandidateRow, type ChunkRow, ftsCandidates, ftsCandidatesStatement, ftsFields, toCandidates } from "./fts";
import { idf, loadLexicon, type Lexicon } from "./lexicon";
import { bm25f, feedbackTerms, has, lexicalCosine, type Passage, proximity, queryLikelihood, toPassage, weightedCoverage } from "./score";
import { localVectorSearch } from "./vector-local";
import { rerankByModel } from "./rerank";
import { cosine, foldPassage, foldQuery } from "./latent";

export interface SearchHit {
  chunkId: string;
  sourceType: SourceType;
  sourceId: string;
  title: string;
  url: string | null;
  page: number | null;
  section: string | null;
  text: string;
  /** final ranking score (higher is better): the reranked lexical score, fused by rank with the embedding list when a model is configured; for the passages the reranker model read, its score */
  fused: number;
  /** field-weighted BM25 (title, headings, body) with the tenant's statistics, incl. feedback terms; 0 when not matched */
  bm25: number;
  /** cosine similarity: of the model embeddings when a model is configured (0 when not among its hits); offline, of tf-idf term vectors */
  vector: number;
  /** the reranker model's score, when a model read this passage (Workers AI); absent offline */
  rerank?: number;
  /** fraction of the query's terms (spelling-corrected) found in this chunk's title + headings + text */
  coverage: number;
  /** idf-weighted share of the query found in the passage */
  weightedCoverage?: number;
  /** idf-weighted share of the query found in the page title or the passage's headings */
  headingCoverage?: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** stemmed terms of the question as asked */
  queryTerms: string[];
  /** question words the knowledge base never uses, with the indexed words they were read as */
  corrections: { word: string; as: string[] }[];
  /** terms added by pseudo-relevance feedback, with their weight (0..1] */
  expansion: { term: string; weight: number }[];
  /** whether a meaning-based list (embedding model) took part; offline retrieval is lexical only */
  semantic: boolean;
  /** share of the question's terms (after correction) that the knowledge base uses at all; 0 for a Thai question over English-only knowledge offline */
  vocabularyMatch: number;
  /** whether the knowledge base has any word in the question's script (Thai or not); false for a Thai question over English-only knowledge */
  scriptKnown: boolean;
}

/**
 * Retrieval parameters (chosen on the own dev question set; the evaluation can
 * override them with `--knobs` to measure alternatives).
 */
export const RETRIEVAL = {
  /** passages taken from each full-text pass */
  firstPass: 60,
  feedbackPass: 30,
  /** pseudo-relevance feedback: top passages read, terms added, weight relative to a question term */
  feedbackDocs: 5,
  feedbackTerms: 10,
  feedbackWeight: 0.4,
  /** feedback terms in more than this share of the chatbot's passages (and more passages than the pass takes) score, but do not fetch candidates (at 10,000 passages the pass took 20–30 ms with every term, 11–19 ms without the common ones; the dev set's figures are unchanged) */
  feedbackPassDf: 0.05,
  /** feedback terms the pass fetches with, strongest first (every feedback term still scores; at 10,000 passages the pass took p50 14 / p95 18 ms with ten, 8 / 13 with five; on the dev set three cost recall@3, five changed nothing) */
  feedbackFetch: 5,
  /**
   * when the first pass came back full (many passages use the question's words) and one of its top passages (feedbackDocs)
   * covers at least this idf-weighted share of the question, the feedback pass does not fetch (its terms still score): at 10,000
   * passages it was a third of a question's time; the dev set's figures are unchanged. Above 1 it always fetches
   */
  feedbackPassCovered: 1,
  /** weight of a spelling correction relative to a correctly spelled term */
  correctionWeight: 0.9,
  /** reranker: BM25F (normalised to the best) plus cross features */
  rerankCoverage: 0.35,
  rerankHeadings: 0.15,
  rerankProximity: 0.1,
  /** reranker: weight of the query likelihood (Dirichlet, min-max normalised over the candidates); 0 leaves it out */
  rerankQl: 0.8,
  qlMu: 1000,
  /** a source's strength: best passage + this share of its second best */
  secondPassage: 0.3,
  /** rank fusion with the embedding list (model configured) */
  rrfK: 10,
  reranked: 40,
  /** related English words (WordNet) the knowledge uses, per question term: near (synonyms, derived forms) and broader (hypernyms) */
  relatedWeight: 0.3,
  broaderWeight: 0,
  /** related words (strongest by weight × idf) that also fetch candidates of their own */
  relatedPass: 0,
  /** how much of a question term a passage covers with one of its related words instead */
  standCoverage: 0.5,
  /** question words the knowledge never uses, read through the Thai ↔ English lexicon (Thai words over English knowledge, English words over Thai knowledge): weight of a translation (× its probability) */
  translationWeight: 0.6,
  /** translated terms (strongest by weight × idf) that fetch candidates of their own */
  translationPass: 12,
  /** reranker: weight of the cosine of question and passage in the chatbot's latent (LSA) space; 0 leaves it out */
  latentWeight: 0.15,
  /** weight of the related (WordNet) words in the question's latent vector, relative to their own weight */
  latentRelated: 1,
};

function strongest(terms: Map<string, number>, lex: Lexicon, count: number): string[] {
  return [...terms].map(([t, w]) => [t, w * idf(lex, t)] as const).sort((a, b) => b[1] - a[1]).slice(0, count).map(([t]) => t);
}


interface QueryAnalysis {
  original: string[];
  /** effective query: known terms and corrections, with weights */
  weights: Map<string, number>;
  corrections: { word: string; as: string[] }[];
  vocabularyMatch: number;
  /** related words the knowledge uses, with their weight; scored, but not counted in coverage */
  related: Map<string, number>;
  /** for a question term the knowledge never uses: the related words it does use (a passage with one of them half-covers the term) */
  stand: Map<string, string[]>;
  /** English terms read from the question's Thai words (offline cross-lingual), with their weight; also in `related` */
  translated: Map<string, number>;
}

export function analyzeQuery(
  query: string,
  lex: Lexicon,
  relations?: Map<string, Related>,
  english?: Set<string>,
  translations?: Map<string, [string, number][]>,
): QueryAnalysis {
  const weights = new Map<string, number>();
  const fixes: { word: string; as: string[] }[] = [];
  const original: string[] = [];
  let known = 0;
  const ws = contentWords(query);
  for (const w of ws) {
    const t = stem(w);
    original.push(t);
    if (lex.df.has(t)) {
      known++;
      weights.set(t, 1);
      continue;
    }
    const fixed = corrections(w, lex.vocab, 2, english ? (x) => english.has(stem(x)) : undefined);
    if (fixed.length) {
      known++;
      fixes.push({ word: w, as: fixed });
      for (const f of fixed) {
        const s = stem(f);
        if (!weights.has(s)) weights.set(s, RETRIEVAL.correctionWeight / fixed.length);
      }
    } else if (!weights.has(t)) weights.set(t, 1);
  }
  const related = new Map<string, number>();
  const stand = new Map<string, string[]>();
  if (relations && (RETRIEVAL.relatedWeight > 0 || RETRIEVAL.broaderWeight > 0)) {
    for (const [t, w] of weights) {
      const r = relations.get(t);
      if (!r) continue;
      const give = (list: string[], weight: number) => {
        const known = list.filter((x) => lex.df.has(x) && !weights.has(x));
        if (weight > 0 && known.length && !lex.df.has(t)) stand.set(t, [...(stand.get(t) ?? []), ...known]);
        for (const x of known) related.set(x, Math.max(related.get(x) ?? 0, (w * weight) / Math.sqrt(known.length)));
      };
      give(r.near, RETRIEVAL.relatedWeight);
      give(r.broader, RETRIEVAL.broaderWeight);
    }
  }
  const translated = new Map<string, number>();
  if (translations && RETRIEVAL.translationWeight > 0) {
    for (const [t, w] of weights) {
      if (lex.df.has(t)) continue;
      const known = (translations.get(t) ?? []).filter(([e]) => lex.df.has(e) && !weights.has(e));
      if (!known.length) continue;
      stand.set(t, [...(stand.get(t) ?? []), ...known.map(([e]) => e)]);
      for (const [e, p] of known) {
        const x = w * RETRIEVAL.translationWeight * p;
        if (x > (translated.get(e) ?? 0)) translated.set(e, x);
      }
    }
    for (const [e, x] of translated) related.set(e, Math.max(related.get(e) ?? 0, x));
  }
  return { original: [...new Set(original)], weights, corrections: fixes, vocabularyMatch: ws.length ? known / ws.length : 0, related, stand, translated };
}

/**
 * Retrieval restricted to one chatbot of one workspace. Lexical: a scoped
 * FTS5 pass for candidates, then field-weighted BM25 with the tenant's own
 * statistics, spelling correction against the tenant's vocabulary,
 * pseudo-relevance feedback (a second pass with the top passages' terms) and
 * a cross-feature reranker. With an embedding model (Workers AI bge-m3,
 * multilingual) its nearest passages are fused by rank, which is also what
 * carries a question in one language to knowledge written in another, and the
 * reranker model puts the top passages in its order (`rerank.ts`).
 */
export async function searchKnowledge(
  env: Env,
  args: { workspaceId: string; chatbotId: string; query: string; topK?: number; candidates?: number },
): Promise<SearchResult> {
  const topK = args.topK ?? 5;
  const { workspaceId, chatbotId } = args;
  const embedder = modelEmbedder(env);
  const vecPromise = embedder ? vectorSearch(env, args.chatbotId, args.query, 50) : Promise.resolve([]);
  // one round trip: the index version, the latent basis's stamp and the first full-text pass with the question's own terms
  const asked = [...new Set(terms(args.query))];
  const versionStmt = indexVersionStatement(env, chatbotId);
  const firstStmt = ftsCandidatesStatement(env, workspaceId, chatbotId, asked, RETRIEVAL.firstPass);
  const [versionRes, latentRes, firstRes] = await env.DB.batch<unknown>([versionStmt, latentStampStatement(env, chatbotId), ...(firstStmt ? [firstStmt] : [])]);
  const { version, rebuilt } = await resolveIndexVersion(env, chatbotId, (versionRes!.results[0] as IndexVersionRow | undefined) ?? null);
  const thaiQuestion = hasThai(args.query);
  const latentStamp = RETRIEVAL.latentWeight > 0 ? (latentRes!.results[0] as { built_at: string } | undefined)?.built_at : undefined;
  const [lex, relations, english, thaiLexicon, basis] = await Promise.all([
    loadLexicon(env, chatbotId, version),
    relatedWords(),
    englishStems(),
    thaiQuestion ? thaiEnglish() : null,
    loadLatent(env, chatbotId, latentStamp),
  ]);
  let translations = thaiLexicon ? translateThai(args.query, thaiLexicon) : undefined;
  // an English question over knowledge that speaks Thai: English words the knowledge never uses are read as Thai words too
  if (!thaiQuestion && knowsScript(lex, true) && asked.some((t) => !lex.df.has(t))) translations = await englishThai();
  const q = analyzeQuery(args.query, lex, relations, english, translations);
  const queryTerms = [...q.weights.keys()];
  let first = rebuilt || !firstRes ? [] : toCandidates(firstRes.results as CandidateRow[]);
  // spelling corrections (or a rebuilt index) need their own pass
  const extra = (rebuilt ? queryTerms : queryTerms.filter((t) => !asked.includes(t)))
    .concat(strongest(q.related, lex, RETRIEVAL.relatedPass))
    .concat(strongest(q.translated, lex, RETRIEVAL.translationPass));
  if (extra.length) {
    const seen = new Set(first.map((c) => c.id));
    first = [...first, ...(await ftsCandidates(env, workspaceId, chatbotId, extra, RETRIEVAL.firstPass)).filter((c) => !seen.has(c.id))];
  }
  const vecHits = await vecPromise;

  const passages = new Map<string, Passage>();
  const sourceOf = new Map<string, string>();
  const rowOf = new Map<string, ChunkRow>();
  for (const c of first) {
    passages.set(c.id, toPassage(c.id, c.fields));
    sourceOf.set(c.id, c.source);
    rowOf.set(c.id, c.row);
  }
  const asQuery = new Map([...q.related, ...q.weights]);
  const firstScores = [...passages.values()].map((p) => ({ p, score: bm25f(p, asQuery, lex) })).sort((a, b) => b.score - a.score);

  const feedback = feedbackTerms(firstScores.slice(0, RETRIEVAL.feedbackDocs), new Set(asQuery.keys()), lex, RETRIEVAL.feedbackTerms);
  const covered = first.length >= RETRIEVAL.firstPass && firstScores.slice(0, RETRIEVAL.feedbackDocs).some(({ p }) => weightedCoverage(p, queryTerms, lex) >= RETRIEVAL.feedbackPassCovered);
  if (feedback.size && !covered) {
    // the pass fetches with the feedback terms found in at most a share of the passages: a common term's postings cost the most to rank and bring the fewest new passages (every term still counts in the scores)
    const maxDf = Math.max(RETRIEVAL.feedbackPassDf * lex.n, RETRIEVAL.feedbackPass);
    const fetchWith = [...feedback.keys()].filter((t) => (lex.df.get(t) ?? 0) <= maxDf).slice(0, RETRIEVAL.feedbackFetch);
    for (const c of await ftsCandidates(env, workspaceId, chatbotId, fetchWith, RETRIEVAL.feedbackPass)) {
      if (passages.has(c.id)) continue;
      passages.set(c.id, toPassage(c.id, c.fields));
      sourceOf.set(c.id, c.source);
      rowOf.set(c.id, c.row);
    }
  }
  const finalQuery = new Map(asQuery);
  for (const [t, w] of feedback) finalQuery.set(t, RETRIEVAL.feedbackWeight * w);

  // passages only the embedding found: score them with their stored fields too
  const missing = vecHits.map((h) => h.id).filter((id) => !passages.has(id));
  for (const [id, f] of await ftsFields(env, chatbotId, missing)) {
    passages.set(id, toPassage(id, f.fields));
    sourceOf.set(id, f.source);
  }

  const scored = [...passages.values()].map((p) => ({ p, bm25: bm25f(p, finalQuery, lex) })).sort((a, b) => b.bm25 - a.bm25);
  const maxBm25 = scored[0]?.bm25 || 1;
  const pool = scored.slice(0, RETRIEVAL.reranked + missing.length);
  const ql = RETRIEVAL.rerankQl > 0 ? pool.map(({ p }) => queryLikelihood(p, finalQuery, lex, RETRIEVAL.qlMu)) : [];
  const qlMin = Math.min(...ql);
  const qlSpan = Math.max(...ql) - qlMin || 1;
  // the question in the chatbot's latent space (its words and, lower, their related words)
  const latentQ = basis ? foldQuery(basis, new Map([...[...q.related].map(([t, w]): [string, number] => [t, w * RETRIEVAL.latentRelated]), ...q.weights])) : null;
  const reranked = pool.map(({ p, bm25 }, i) => {
    const cov = weightedCoverage(p, queryTerms, lex);
    const head = weightedCoverage(p, queryTerms, lex, [0, 1]);
    let score = bm25 / maxBm25 + RETRIEVAL.rerankCoverage * cov + RETRIEVAL.rerankHeadings * head + RETRIEVAL.rerankProximity * proximity(p, queryTerms);
    if (ql.length) score += (RETRIEVAL.rerankQl * (ql[i]! - qlMin)) / qlSpan;
    if (basis && latentQ) {
      const v = foldPassage(basis, passageTerms(p));
      if (v) score += RETRIEVAL.latentWeight * cosine(latentQ, v);
    }
    return { p, bm25, cov, head, score };
  });
  reranked.sort((a, b) => b.score - a.score);

  const vecScore = new Map(vecHits.map((h) => [h.id, h.score]));
  let ordered = reranked.map((r) => ({ ...r, fused: r.score, vector: embedder ? (vecScore.get(r.p.id) ?? 0) : lexicalCosine(r.p, queryTerms, lex) }));
  if (vecHits.length) {
    const vecRank = new Map(vecHits.map((h, i) => [h.id, i]));
    ordered = ordered
      .map((r, i) => {
        const vr = vecRank.get(r.p.id);
        return { ...r, fused: 1 / (RETRIEVAL.rrfK + i + 1) + (vr === undefined ? 0 : 1 / (RETRIEVAL.rrfK + vr + 1)) };
      })
      .sort((a, b) => b.fused - a.fused);
  }
  ordered = ordered.slice(0, RETRIEVAL.reranked);

  // group by source before reading texts, so only the passages returned are loaded
  const chosen = groupBySource(ordered, (r) => sourceOf.get(r.p.id) ?? r.p.id).slice(0, Math.max(topK, 20));
  // rows came with the full-text passes; only passages found by the embedding alone are read here
  const rows = await loadChunks(env, workspaceId, chatbotId, chosen.map((r) => r.p.id).filter((id) => !rowOf.has(id)));
  for (const [id, row] of rowOf) rows.set(id, row);
  const hits: SearchHit[] = [];
  for (const r of chosen) {
    const row = rows.get(r.p.id);
    if (!row) continue; // a vector whose chunk is gone (eventual consistency)
    hits.push({
      chunkId: row.id,
      sourceType: row.source_type,
      sourceId: row.source_id,
      title: row.title,
      url: row.url,
      page: row.page,
      section: row.section,
      text: row.text,
      fused: r.fused,
      bm25: r.bm25,
      vector: r.vector,
      coverage: queryTerms.length ? queryTerms.reduce((n, t) => n + (has(r.p, t) ? 1 : q.stand.get(t)?.some((x) => has(r.p, x)) ? RETRIEVAL.standCoverage : 0), 0) / queryTerms.length : 0,
      weightedCoverage: r.cov,
      headingCoverage: r.head,
    });
  }
  if (env.AI) await rerankByModel(env.AI, args.query, hits);
  return {
    hits,
    queryTerms: q.original,
    corrections: q.corrections,
    expansion: [...feedback].map(([term, weight]) => ({ term, weight: Math.round(weight * 1000) / 1000 })),
    semantic: vecHits.length > 0,
    vocabularyMatch: hasThai(args.query) || q.original.length ? q.vocabularyMatch : 0,
    scriptKnown: knowsScript(lex, hasThai(args.query)),
  };
}

/** A passage's term frequencies over its three fields. */
function passageTerms(p: Passage): Map<string, number> {
  const tf = new Map(p.tf[2]);
  for (const f of [p.tf[0], p.tf[1]]) for (const [t, n] of f) tf.set(t, (tf.get(t) ?? 0) + n);
  return tf;
}

const scripts = new WeakMap<Lexicon, { version: number; thai: boolean; other: boolean }>();
/** Whether the knowledge uses any word written in Thai script (or, for `thai: false`, in another script); computed once per lexicon version. */
function knowsScript(lex: Lexicon, thai: boolean): boolean {
  let seen = scripts.get(lex);
  if (!seen || seen.version !== lex.version) {
    seen = { version: lex.version, thai: false, other: false };
    for (const term of lex.df.keys()) {
      if (hasThai(term)) seen.thai = true;
      else seen.other = true;
      if (seen.thai && seen.other) break;
    }
    scripts.set(lex, seen);
  }
  return thai ? seen.thai : seen.other;
}

/**
 * Orders passages by the strength of their source: a source with several
 * relevant passages outranks one lucky passage (best + a third of the second
 * best), and passages of one source stay in their own order.
 */
function groupBySource<T extends { fused: number }>(hits: T[], sourceKey: (h: T) => string): T[] {
  const bySource = new Map<string, T[]>();
  for (const h of hits) {
    const key = sourceKey(h);
    const list = bySource.get(key) ?? [];
    list.push(h);
    bySource.set(key, list);
  }
  const strength = (list: T[]) => list[0]!.fused + RETRIEVAL.secondPassage * (list[1]?.fused ?? 0);
  // at most two passages per source, so the list spans several sources
  return [...bySource.values()].sort((a, b) => strength(b) - strength(a)).flatMap((list) => list.slice(0, 2));
}

export function coverage(queryTerms: string[], text: string): number {
  if (queryTerms.length === 0) return 0;
  const have = new Set(terms(text));
  return queryTerms.filter((t) => have.has(t)).length / queryTerms.length;
}

/** Passages matching any of the terms in the chatbot's partition, best field-weighted FTS5 bm25 first (positive, higher better). */
export async function ftsSearch(env: Env, workspaceId: string, chatbotId: string, queryTerms: string[], limit: number) {
  return (await ftsCandidates(env, workspaceId, chatbotId, queryTerms, limit)).map((c) => ({ id: c.id, score: c.score }));
}

/** Nearest passages by the configured embedding model; empty offline. */
export async function vectorSearch(env: Env, chatbotId: string, query: string, limit: number) {
  const embedder = modelEmbedder(env);
  if (!embedder) return [];
  const [q] = await embedder.embed([query]);
  if (!q) return [];
  if (env.VECTORS) {
    const res = await env.VECTORS.query(Array.from(q), { topK: Math.min(limit, 50), namespace: chatbotId });
    return res.matches.map((m) => ({ id: m.id, score: m.score }));
  }
  return localVectorSearch(env, chatbotId, q, limit);
}

export async function loadChunks(env: Env, workspaceId: string, chatbotId: string, ids: string[]): Promise<Map<string, ChunkRow>> {
  const out = new Map<string, ChunkRow>();
  if (ids.length === 0) return out;
  const placeholders = ids.map((_, i) => `?${i + 3}`).join(",");
  const res = await env.DB.prepare(
    `select id, source_type, source_id, title, url, page, section, text from chunks
     where workspace_id = ?1 and chatbot_id = ?2 and id in (${placeholders})`,
  )
    .bind(workspaceId, chatbotId, ...ids)
    .all<ChunkRow>();
  for (const r of res.results) out.set(r.id, r);
  return out;
}
