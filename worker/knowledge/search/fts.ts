import type { PassageFields } from "../index/fields";
import type { SourceType } from "../index/types";

/** bm25() weights of chunks_fts columns: chatbot_id (the partition, never scored), title, headings, body. */
const COLUMN_WEIGHTS = "0, 2.5, 2.0, 1.0";

/**
 * A MATCH scoped to one chatbot's partition (see `partition`) AND any of the
 * terms in the text columns.
 */
export function scopedMatch(chatbotId: string, terms: string[]): string | null {
  const unique = [...new Set(terms)].map((t) => t.replace(/"/g, "")).filter((t) => t.length > 0);
  if (unique.length === 0) return null;
  return `${partition(chatbotId)} AND {title headings body} : (${unique.map((t) => `"${t}"`).join(" OR ")})`;
}

/**
 * The chatbot's partition as a MATCH on its own column: its id without the
 * type prefix (the random part of "cb_…"). The whole id is a phrase whose
 * first token ("cb") is in every chatbot's rows, so matching it would read the
 * postings of the whole platform's passages; the rest is the chatbot's own.
 * (The chunk row's chatbot and workspace are still checked on the join.)
 */
function partition(chatbotId: string): string {
  const tokens = chatbotId.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const key = tokens.length > 1 ? tokens.slice(1).join(" ") : chatbotId;
  return `chatbot_id : "${key.replace(/"/g, "")}"`;
}

/** A passage's stored row (what a search hit shows). */
export interface ChunkRow {
  id: string;
  source_type: SourceType;
  source_id: string;
  title: string;
  url: string | null;
  page: number | null;
  section: string | null;
  text: string;
}

export interface FtsCandidate {
  id: string;
  /** "source_type:source_id" of the passage */
  source: string;
  row: ChunkRow;
  fields: PassageFields;
  /** SQLite bm25 with column weights (positive, higher is better) */
  score: number;
}

/**
 * The statement for candidate passages matching any of the terms, best FTS5
 * bm25 first, with their stored (segmented) fields and their chunk row; null
 * when there is nothing to match. Ranking happens inside the partition first
 * (only rowid and score go through the sorter), then the rows of the best are read.
 */
export function ftsCandidatesStatement(env: Env, workspaceId: string, chatbotId: string, terms: string[], limit: number): D1PreparedStatement | null {
  const match = scopedMatch(chatbotId, terms);
  if (!match) return null;
  return env.DB.prepare(
    `select c.id as id, c.source_type as source_type, c.source_id as source_id, c.title as title, c.url as url, c.page as page,
            c.section as section, c.text as text, f.title as f_title, f.headings as f_headings, f.body as f_body, best.score as score
     from (select rowid, bm25(chunks_fts, ${COLUMN_WEIGHTS}) as score from chunks_fts where chunks_fts match ?1 order by score limit ?4) best
     join chunks_fts f on f.rowid = best.rowid
     join chunks c on c.rowid = best.rowid
     where c.workspace_id = ?2 and c.chatbot_id = ?3
     order by best.score`,
  ).bind(match, workspaceId, chatbotId, limit);
}

type CandidateRow = ChunkRow & { f_title: string; f_headings: string; f_body: string; score: number };

export function toCandidates(rows: CandidateRow[]): FtsCandidate[] {
  return rows.map((r) => ({
    id: r.id,
    source: `${r.source_type}:${r.source_id}`,
    row: { id: r.id, source_type: r.source_type, source_id: r.source_id, title: r.title, url: r.url, page: r.page, section: r.section, text: r.text },
    fields: { title: r.f_title, headings: r.f_headings, body: r.f_body },
    score: -r.score,
  }));
}

export async function ftsCandidates(env: Env, workspaceId: string, chatbotId: string, terms: string[], limit: number): Promise<FtsCandidate[]> {
  const stmt = ftsCandidatesStatement(env, workspaceId, chatbotId, terms, limit);
  return stmt ? toCandidates((await stmt.all<CandidateRow>()).results) : [];
}

export type { CandidateRow };

/** Stored fields of given passages (for passages found only by the embedding). */
export async function ftsFields(env: Env, chatbotId: string, ids: string[]): Promise<Map<string, { source: string; fields: PassageFields }>> {
  const out = new Map<string, { source: string; fields: PassageFields }>();
  if (ids.length === 0) return out;
  const res = await env.DB.prepare(
    `select c.id as id, c.source_type || ':' || c.source_id as source, f.title as title, f.headings as headings, f.body as body
     from chunks c join chunks_fts f on f.rowid = c.rowid
     where c.chatbot_id = ?1 and c.id in (${ids.map((_, i) => `?${i + 2}`).join(",")})`,
  )
    .bind(chatbotId, ...ids)
    .all<{ id: string; source: string; title: string; headings: string; body: string }>();
  for (const r of res.results) out.set(r.id, { source: r.source, fields: { title: r.title, headings: r.headings, body: r.body } });
  return out;
}
