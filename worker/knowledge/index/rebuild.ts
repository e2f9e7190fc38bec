import { nowIso } from "../../lib/ids";
import { analyzePassage, type SourceStats, TEXT_VERSION } from "./fields";
import { ftsInsert, runBatches, statsUpsert } from "./index";
import type { SourceType } from "./types";

/** A rebuild claimed longer ago than this is taken to have died and may be claimed again. */
const STALE_CLAIM_MS = 2 * 60_000;
const PAGE = 500;

/**
 * The chatbot's index version, after rewriting its full-text rows and term
 * statistics when they were written in an older text format (stems cannot be
 * recomputed in SQL, so migration 0016 leaves them for this). One caller
 * claims the rebuild; concurrent callers search what is there meanwhile.
 */
export interface IndexVersionRow {
  version: number;
  text_version: number;
  updated_at: string;
}

/** The statement reading a chatbot's index version (to batch it with other reads). */
export function indexVersionStatement(env: Env, chatbotId: string): D1PreparedStatement {
  return env.DB.prepare(`select version, text_version, updated_at from chunk_index_versions where chatbot_id = ?1`).bind(chatbotId);
}

export async function currentIndexVersion(env: Env, chatbotId: string): Promise<number> {
  const row = await indexVersionStatement(env, chatbotId).first<IndexVersionRow>();
  return (await resolveIndexVersion(env, chatbotId, row)).version;
}

/** The usable version from a version row, rebuilding an older text format first (`rebuilt` says the index changed under the caller). */
export async function resolveIndexVersion(env: Env, chatbotId: string, row: IndexVersionRow | null): Promise<{ version: number; rebuilt: boolean }> {
  if (!row) return { version: 0, rebuilt: false };
  if (row.text_version === TEXT_VERSION) return { version: row.version, rebuilt: false };
  const stale = row.text_version < 0 && Date.now() - Date.parse(row.updated_at) > STALE_CLAIM_MS;
  if (row.text_version >= 0 || stale) {
    const claim = await env.DB.prepare(
      `update chunk_index_versions set text_version = -1, updated_at = ?3 where chatbot_id = ?1 and text_version = ?2`,
    )
      .bind(chatbotId, row.text_version, nowIso())
      .run();
    if (claim.meta.changes === 1) {
      try {
        return { version: await rebuildChatbotText(env, chatbotId), rebuilt: true };
      } catch (err) {
        await env.DB.prepare(`update chunk_index_versions set text_version = ?2 where chatbot_id = ?1`).bind(chatbotId, row.text_version).run();
        throw err;
      }
    }
  }
  return { version: row.version, rebuilt: false };
}

async function rebuildChatbotText(env: Env, chatbotId: string): Promise<number> {
  await runBatches(env, [
    env.DB.prepare(`delete from chunks_fts where rowid in (select rowid from chunks where chatbot_id = ?1)`).bind(chatbotId),
    env.DB.prepare(`delete from knowledge_source_terms where chatbot_id = ?1`).bind(chatbotId),
    // vectors of the weight-free local embedding; offline retrieval no longer uses them
    ...(env.AI ? [] : [env.DB.prepare(`delete from chunk_vectors where chatbot_id = ?1`).bind(chatbotId)]),
  ]);
  const stats = new Map<string, { type: SourceType; id: string; stats: SourceStats }>();
  let after = 0;
  for (;;) {
    const page = await env.DB.prepare(
      `select rowid, id, source_type, source_id, title, section, text from chunks where chatbot_id = ?1 and rowid > ?2 order by rowid limit ${PAGE}`,
    )
      .bind(chatbotId, after)
      .all<{ rowid: number; id: string; source_type: SourceType; source_id: string; title: string; section: string | null; text: string }>();
    const statements: D1PreparedStatement[] = [];
    for (const r of page.results) {
      const p = analyzePassage(r.title, r.section, r.text);
      statements.push(ftsInsert(env, r.id, chatbotId, p.fields));
      const key = `${r.source_type}:${r.source_id}`;
      const entry = stats.get(key) ?? { type: r.source_type, id: r.source_id, stats: { n: 0, len: [0, 0, 0], df: {}, words: {} } };
      entry.stats.n++;
      for (let i = 0; i < 3; i++) entry.stats.len[i]! += p.lengths[i]!;
      for (const t of p.stems) entry.stats.df[t] = (entry.stats.df[t] ?? 0) + 1;
      for (const w of p.words) entry.stats.words[w] = (entry.stats.words[w] ?? 0) + 1;
      stats.set(key, entry);
    }
    await runBatches(env, statements);
    if (page.results.length < PAGE) break;
    after = page.results[page.results.length - 1]!.rowid;
  }
  await runBatches(env, [...stats.values()].map((s) => statsUpsert(env, { chatbotId, sourceType: s.type, sourceId: s.id }, s.stats)));
  const row = await env.DB.prepare(
    `update chunk_index_versions set text_version = ?2, version = version + 1, updated_at = ?3 where chatbot_id = ?1 returning version`,
  )
    .bind(chatbotId, TEXT_VERSION, nowIso())
    .first<{ version: number }>();
  return row?.version ?? 0;
}
