import { ftsMatch, terms } from "../text/segment";
import { relatedTerms } from "../text/synonyms";
import type { SourceType } from "../index/types";
import { embedderFor } from "./embed";
import { localVectorSearch } from "./vector-local";

export interface SearchHit {
  chunkId: string;
  sourceType: SourceType;
  sourceId: string;
  title: string;
  url: string | null;
  page: number | null;
  section: string | null;
  text: string;
  /** rank-fusion score (higher is better) */
  fused: number;
  /** raw FTS5 BM25 (lower is better in SQLite; reported positive, higher better); 0 when not matched */
  bm25: number;
  /** cosine similarity of the embeddings; 0 when not among the vector hits */
  vector: number;
  /** fraction of the query's terms found in this chunk's title + text */
  coverage: number;
}

export interface SearchResult {
  hits: SearchHit[];
  queryTerms: string[];
}

/** Small k: the first ranks of each list dominate (measured on the help-center eval). */
const RRF_K = 10;
/** Weight of each ranked list in the fusion. The synonym-expanded list counts as much as the literal one (visitors rarely use the help center's words); the local hashed embedding is mostly lexical, so it counts less than a real embedding model. */
const WEIGHTS = { fts: 1, expanded: 1, vectorModel: 1, vectorLocal: 0.3 };
/** title+section weigh more than body text in BM25 */
const TITLE_WEIGHT = 3.0;
const BODY_WEIGHT = 1.0;

interface ChunkRow {
  id: string;
  source_type: SourceType;
  source_id: string;
  title: string;
  url: string | null;
  page: number | null;
  section: string | null;
  text: string;
}

/**
 * Hybrid retrieval restricted to one chatbot of one workspace: FTS5 BM25 for
 * words and embeddings for meaning, fused by reciprocal rank.
 */
export async function searchKnowledge(
  env: Env,
  args: { workspaceId: string; chatbotId: string; query: string; topK?: number; candidates?: number },
): Promise<SearchResult> {
  const topK = args.topK ?? 5;
  const candidates = args.candidates ?? 100;
  const queryTerms = [...new Set(terms(args.query))];
  // general synonyms ("invoice" ~ "receipt") as a separate, lower-weighted list
  const expansion = [...new Set(queryTerms.flatMap(relatedTerms))].filter((t) => !queryTerms.includes(t));

  const [ftsHits, expHits, vecHits] = await Promise.all([
    ftsSearch(env, args.workspaceId, args.chatbotId, queryTerms, candidates),
    expansion.length ? ftsSearch(env, args.workspaceId, args.chatbotId, [...queryTerms, ...expansion], candidates) : Promise.resolve([]),
    vectorSearch(env, args.chatbotId, args.query, candidates),
  ]);
  const vectorWeight = env.AI ? WEIGHTS.vectorModel : WEIGHTS.vectorLocal;

  const fused = new Map<string, { fused: number; bm25: number; vector: number }>();
  const add = (list: { id: string; score: number }[], weight: number, field: "bm25" | "vector" | null) => {
    list.forEach((h, rank) => {
      const e = fused.get(h.id) ?? { fused: 0, bm25: 0, vector: 0 };
      e.fused += weight / (RRF_K + rank + 1);
      if (field) e[field] = h.score;
      fused.set(h.id, e);
    });
  };
  add(ftsHits, WEIGHTS.fts, "bm25");
  add(expHits, WEIGHTS.expanded, null);
  add(vecHits, vectorWeight, "vector");

  const ranked = [...fused.entries()].sort((a, b) => b[1].fused - a[1].fused).slice(0, Math.max(topK, 40));
  const rows = await loadChunks(env, args.workspaceId, args.chatbotId, ranked.map(([id]) => id));
  const hits: SearchHit[] = [];
  for (const [id, s] of ranked) {
    const row = rows.get(id);
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
      fused: s.fused,
      bm25: s.bm25,
      vector: s.vector,
      coverage: coverage(queryTerms, `${row.title} ${row.section ?? ""} ${row.text}`),
    });
  }
  return { hits: groupBySource(hits).slice(0, Math.max(topK, 20)), queryTerms };
}

/**
 * Orders passages by the strength of their source: a source with several
 * relevant passages outranks one lucky passage (best + half of the second
 * best), and passages of one source stay in their own order.
 */
function groupBySource(hits: SearchHit[]): SearchHit[] {
  const bySource = new Map<string, SearchHit[]>();
  for (const h of hits) {
    const key = `${h.sourceType}:${h.sourceId}`;
    const list = bySource.get(key) ?? [];
    list.push(h);
    bySource.set(key, list);
  }
  const strength = (list: SearchHit[]) => list[0]!.fused + 0.5 * (list[1]?.fused ?? 0);
  // at most two passages per source, so the list spans several sources
  return [...bySource.values()].sort((a, b) => strength(b) - strength(a)).flatMap((list) => list.slice(0, 2));
}

export function coverage(queryTerms: string[], text: string): number {
  if (queryTerms.length === 0) return 0;
  const have = new Set(terms(text));
  return queryTerms.filter((t) => have.has(t)).length / queryTerms.length;
}

export async function ftsSearch(env: Env, workspaceId: string, chatbotId: string, queryTerms: string[], limit: number) {
  const match = ftsMatch(queryTerms);
  if (!match) return [];
  const res = await env.DB.prepare(
    `select c.id as id, bm25(chunks_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}, 0) as score
     from chunks_fts join chunks c on c.rowid = chunks_fts.rowid
     where chunks_fts match ?1 and c.chatbot_id = ?2 and c.workspace_id = ?3
     order by score limit ?4`,
  )
    .bind(match, chatbotId, workspaceId, limit)
    .all<{ id: string; score: number }>();
  return res.results.map((r) => ({ id: r.id, score: -r.score }));
}

export async function vectorSearch(env: Env, chatbotId: string, query: string, limit: number) {
  const embedder = embedderFor(env);
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
