import type { PassageFields } from "../index/fields";

/** bm25() weights of chunks_fts columns: chatbot_id (the partition, never scored), title, headings, body. */
const COLUMN_WEIGHTS = "0, 2.5, 2.0, 1.0";

/**
 * A MATCH scoped to one chatbot's partition: the chatbot id as a phrase on
 * its own column AND any of the terms in the text columns.
 */
export function scopedMatch(chatbotId: string, terms: string[]): string | null {
  const unique = [...new Set(terms)].map((t) => t.replace(/"/g, "")).filter((t) => t.length > 0);
  if (unique.length === 0) return null;
  return `chatbot_id : "${chatbotId.replace(/"/g, "")}" AND {title headings body} : (${unique.map((t) => `"${t}"`).join(" OR ")})`;
}

export interface FtsCandidate {
  id: string;
  fields: PassageFields;
  /** SQLite bm25 with column weights (positive, higher is better) */
  score: number;
}

/** Candidate passages for any of the terms, best FTS5 bm25 first, with their stored (segmented) fields. */
export async function ftsCandidates(env: Env, workspaceId: string, chatbotId: string, terms: string[], limit: number): Promise<FtsCandidate[]> {
  const match = scopedMatch(chatbotId, terms);
  if (!match) return [];
  const res = await env.DB.prepare(
    `select c.id as id, chunks_fts.title as title, chunks_fts.headings as headings, chunks_fts.body as body,
            bm25(chunks_fts, ${COLUMN_WEIGHTS}) as score
     from chunks_fts join chunks c on c.rowid = chunks_fts.rowid
     where chunks_fts match ?1 and c.workspace_id = ?2 and c.chatbot_id = ?3
     order by score limit ?4`,
  )
    .bind(match, workspaceId, chatbotId, limit)
    .all<{ id: string; title: string; headings: string; body: string; score: number }>();
  return res.results.map((r) => ({ id: r.id, fields: { title: r.title, headings: r.headings, body: r.body }, score: -r.score }));
}

/** Stored fields of given passages (for passages found only by the embedding). */
export async function ftsFields(env: Env, chatbotId: string, ids: string[]): Promise<Map<string, PassageFields>> {
  const out = new Map<string, PassageFields>();
  if (ids.length === 0) return out;
  const res = await env.DB.prepare(
    `select c.id as id, f.title as title, f.headings as headings, f.body as body
     from chunks c join chunks_fts f on f.rowid = c.rowid
     where c.chatbot_id = ?1 and c.id in (${ids.map((_, i) => `?${i + 2}`).join(",")})`,
  )
    .bind(chatbotId, ...ids)
    .all<{ id: string; title: string; headings: string; body: string }>();
  for (const r of res.results) out.set(r.id, { title: r.title, headings: r.headings, body: r.body });
  return out;
}
