import { newId, nowIso } from "../../lib/ids";
import { estimateTokens } from "../text/segment";
import { analyzePassage, sourceStats, TEXT_VERSION } from "./fields";
import type { IndexSourceInput, SourceRef } from "./types";
import { scheduleLatent } from "./latent";
import { embedChunks, vectorToBlob } from "./vectors";

export type { IndexSourceInput, SourceChunkInput, SourceRef, SourceType } from "./types";

/** Statements per D1 batch (each batch is one transaction). */
const BATCH = 90;

/**
 * Replaces every chunk (rows, FTS entries, vectors) of one knowledge source.
 * Idempotent: a re-delivered ingestion job leaves exactly one copy.
 */
export async function indexSourceChunks(env: Env, input: IndexSourceInput): Promise<{ chunkIds: string[] }> {
  const chunks = input.chunks.filter((c) => c.text.trim().length > 0);
  const oldIds = await sourceChunkIds(env, input);
  // offline there is no embedding model: vectors is empty and retrieval is lexical
  const { vectors } = await embedChunks(
    env,
    chunks.map((c) => [input.title, c.headings ?? c.section ?? "", c.text].filter(Boolean).join("\n")),
  );
  const titleText = input.summary ? `${input.title}\n${input.summary}` : input.title;
  const passages = chunks.map((c) => analyzePassage(titleText, c.headings ?? c.section, c.text));
  const now = nowIso();
  const ids = chunks.map(() => newId("chk"));

  const statements: D1PreparedStatement[] = [...deleteStatements(env, input)];
  chunks.forEach((c, i) => {
    const id = ids[i]!;
    statements.push(
      env.DB.prepare(
        `insert into chunks (id, workspace_id, chatbot_id, source_type, source_id, title, url, page, section, position, text, token_count, created_at)
         values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)`,
      ).bind(id, input.workspaceId, input.chatbotId, input.sourceType, input.sourceId, input.title, input.url ?? null, c.page ?? null, c.section ?? null, c.position, c.text, estimateTokens(c.text), now),
      ftsInsert(env, id, input.chatbotId, passages[i]!.fields),
    );
    const v = vectors[i];
    if (!env.VECTORS && v) {
      statements.push(
        env.DB.prepare(`insert into chunk_vectors (chunk_id, chatbot_id, dims, vector) values (?1, ?2, ?3, ?4)`).bind(id, input.chatbotId, v.length, vectorToBlob(v)),
      );
    }
  });
  statements.push(statsUpsert(env, input, sourceStats(passages)), bumpVersion(env, input.chatbotId));
  await runBatches(env, statements);
  await scheduleLatent(env, input);

  if (env.VECTORS && vectors.length) {
    if (oldIds.length) await env.VECTORS.deleteByIds(oldIds);
    if (ids.length) {
      await env.VECTORS.upsert(
        ids.map((id, i) => ({
          id,
          values: Array.from(vectors[i]!),
          namespace: input.chatbotId,
          metadata: { workspaceId: input.workspaceId, chatbotId: input.chatbotId, sourceType: input.sourceType, sourceId: input.sourceId, chunkId: id },
        })),
      );
    }
  }
  return { chunkIds: ids };
}

/** Removes every chunk, FTS entry and vector of one source (no-op if none). */
export async function removeSourceChunks(env: Env, ref: SourceRef): Promise<{ removed: number }> {
  const oldIds = await sourceChunkIds(env, ref);
  if (oldIds.length === 0) return { removed: 0 };
  await runBatches(env, [...deleteStatements(env, ref), bumpVersion(env, ref.chatbotId)]);
  await scheduleLatent(env, ref);
  if (env.VECTORS) await env.VECTORS.deleteByIds(oldIds);
  return { removed: oldIds.length };
}

async function sourceChunkIds(env: Env, ref: SourceRef): Promise<string[]> {
  const rows = await env.DB.prepare(
    `select id from chunks where chatbot_id = ?1 and source_type = ?2 and source_id = ?3 and workspace_id = ?4`,
  )
    .bind(ref.chatbotId, ref.sourceType, ref.sourceId, ref.workspaceId)
    .all<{ id: string }>();
  return rows.results.map((r) => r.id);
}

/** The chunks_fts row of one passage (rowid = chunks.rowid); `chatbot_id` is the partition every MATCH is scoped to. */
export function ftsInsert(env: Env, chunkId: string, chatbotId: string, f: { title: string; headings: string; body: string }): D1PreparedStatement {
  return env.DB.prepare(
    `insert into chunks_fts (rowid, chatbot_id, title, headings, body) values ((select rowid from chunks where id = ?1), ?2, ?3, ?4, ?5)`,
  ).bind(chunkId, chatbotId, f.title, f.headings, f.body);
}

export function statsUpsert(env: Env, ref: Omit<SourceRef, "workspaceId">, stats: ReturnType<typeof sourceStats>): D1PreparedStatement {
  return env.DB.prepare(
    `insert into knowledge_source_terms (chatbot_id, source_type, source_id, stamp, stats) values (?1, ?2, ?3, ?4, ?5)
     on conflict (chatbot_id, source_type, source_id) do update set stamp = excluded.stamp, stats = excluded.stats`,
  ).bind(ref.chatbotId, ref.sourceType, ref.sourceId, newId("kst"), JSON.stringify(stats));
}

function deleteStatements(env: Env, ref: SourceRef): D1PreparedStatement[] {
  const where = `chatbot_id = ?1 and source_type = ?2 and source_id = ?3 and workspace_id = ?4`;
  const args = [ref.chatbotId, ref.sourceType, ref.sourceId, ref.workspaceId] as const;
  return [
    env.DB.prepare(`delete from chunks_fts where rowid in (select rowid from chunks where ${where})`).bind(...args),
    env.DB.prepare(`delete from knowledge_source_terms where chatbot_id = ?1 and source_type = ?2 and source_id = ?3`).bind(ref.chatbotId, ref.sourceType, ref.sourceId),
    env.DB.prepare(`delete from chunk_vectors where chunk_id in (select id from chunks where ${where})`).bind(...args),
    env.DB.prepare(`delete from chunks where ${where}`).bind(...args),
  ];
}

export function bumpVersion(env: Env, chatbotId: string): D1PreparedStatement {
  return env.DB.prepare(
    // a chatbot's first index change writes the current text format; an older
    // format stays marked until search/rebuild.ts rewrites it
    `insert into chunk_index_versions (chatbot_id, version, updated_at, text_version) values (?1, 1, ?2, ?3)
     on conflict (chatbot_id) do update set version = version + 1, updated_at = excluded.updated_at`,
  ).bind(chatbotId, nowIso(), TEXT_VERSION);
}

/**
 * Runs statements in D1 batches. The first batch holds the deletes, so a
 * failure part-way leaves either the old or a partial new copy, and the next
 * delivery of the same job replaces it completely.
 */
export async function runBatches(env: Env, statements: D1PreparedStatement[]) {
  for (let i = 0; i < statements.length; i += BATCH) await env.DB.batch(statements.slice(i, i + BATCH));
}
