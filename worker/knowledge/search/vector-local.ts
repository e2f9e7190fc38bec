/** Decodes SQLite hex() of a little-endian float32 BLOB. */
function hexToVector(hex: string): Float32Array {
  const bytes = new Uint8Array(hex.length >>> 1);
  for (let i = 0, j = 0; j < bytes.length; i += 2, j++) {
    const hi = hex.charCodeAt(i);
    const lo = hex.charCodeAt(i + 1);
    bytes[j] = (((hi & 0xf) + (hi > 64 ? 9 : 0)) << 4) | ((lo & 0xf) + (lo > 64 ? 9 : 0));
  }
  return new Float32Array(bytes.buffer);
}

/**
 * Brute-force cosine search over one chatbot's model vectors stored in D1
 * (an embedding model is configured but no Vectorize index). Decoded vectors
 * are cached per isolate, keyed by chatbot and the index version counter.
 * After an index change only the ids are read again and just the vectors not
 * yet cached are fetched (incremental), so the first question after an upload
 * costs the changed passages, not the whole knowledge base.
 */
interface CacheEntry {
  version: number;
  ids: string[];
  dims: number;
  matrix: Float32Array;
}
const cache = new Map<string, CacheEntry>();
const pending = new Map<string, Promise<CacheEntry>>();
const MAX_CACHED_CHATBOTS = 8;
const PAGE = 2000;
const FETCH = 100;

type VectorRow = { chunk_id: string; dims: number; vector: string };

async function load(env: Env, chatbotId: string): Promise<CacheEntry> {
  const row = await env.DB.prepare(`select version from chunk_index_versions where chatbot_id = ?1`).bind(chatbotId).first<{ version: number }>();
  const version = row?.version ?? 0;
  const hit = cache.get(chatbotId);
  if (hit && hit.version === version) return hit;
  const running = pending.get(chatbotId);
  if (running) {
    const entry = await running;
    if (entry.version === version) return entry;
  }
  const job = (hit ? refresh(env, chatbotId, version, hit) : loadAll(env, chatbotId, version)).finally(() => pending.delete(chatbotId));
  pending.set(chatbotId, job);
  const entry = await job;
  if (cache.size >= MAX_CACHED_CHATBOTS && !cache.has(chatbotId)) cache.delete(cache.keys().next().value!);
  cache.set(chatbotId, entry);
  return entry;
}

function pack(version: number, rows: { id: string; v: Float32Array }[]): CacheEntry {
  const dims = rows[0]?.v.length ?? 0;
  const kept = rows.filter((r) => r.v.length === dims);
  const matrix = new Float32Array(kept.length * dims);
  kept.forEach((r, i) => matrix.set(r.v, i * dims));
  return { version, ids: kept.map((r) => r.id), dims, matrix };
}

async function loadAll(env: Env, chatbotId: string, version: number): Promise<CacheEntry> {
  const rows: { id: string; v: Float32Array }[] = [];
  // page through the vectors so a large knowledge base never hits D1 result limits
  let after = "";
  for (;;) {
    const page = await env.DB.prepare(
      // hex() is much cheaper to move out of D1 than a BLOB returned as an array of numbers
      `select chunk_id, dims, hex(vector) as vector from chunk_vectors where chatbot_id = ?1 and chunk_id > ?2 order by chunk_id limit ${PAGE}`,
    )
      .bind(chatbotId, after)
      .all<VectorRow>();
    for (const r of page.results) rows.push({ id: r.chunk_id, v: hexToVector(r.vector) });
    if (page.results.length < PAGE) break;
    after = page.results[page.results.length - 1]!.chunk_id;
  }
  return pack(version, rows);
}

async function refresh(env: Env, chatbotId: string, version: number, old: CacheEntry): Promise<CacheEntry> {
  const ids = await env.DB.prepare(`select chunk_id from chunk_vectors where chatbot_id = ?1`).bind(chatbotId).all<{ chunk_id: string }>();
  const slot = new Map(old.ids.map((id, i) => [id, i]));
  const rows: { id: string; v: Float32Array }[] = [];
  const missing: string[] = [];
  for (const { chunk_id } of ids.results) {
    const i = slot.get(chunk_id);
    if (i === undefined) missing.push(chunk_id);
    else rows.push({ id: chunk_id, v: old.matrix.subarray(i * old.dims, (i + 1) * old.dims) });
  }
  for (let i = 0; i < missing.length; i += FETCH) {
    const part = missing.slice(i, i + FETCH);
    const page = await env.DB.prepare(
      `select chunk_id, dims, hex(vector) as vector from chunk_vectors where chatbot_id = ?1 and chunk_id in (${part.map((_, j) => `?${j + 2}`).join(",")})`,
    )
      .bind(chatbotId, ...part)
      .all<VectorRow>();
    for (const r of page.results) rows.push({ id: r.chunk_id, v: hexToVector(r.vector) });
  }
  return pack(version, rows);
}

export async function localVectorSearch(env: Env, chatbotId: string, query: Float32Array, topK: number): Promise<{ id: string; score: number }[]> {
  const entry = await load(env, chatbotId);
  if (entry.ids.length === 0 || entry.dims !== query.length) return [];
  const { matrix, dims, ids } = entry;
  const scores = new Float32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    let s = 0;
    const off = i * dims;
    for (let d = 0; d < dims; d++) s += query[d]! * matrix[off + d]!;
    scores[i] = s;
  }
  // partial selection of the best topK
  const best: { id: string; score: number }[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (best.length < topK) {
      best.push({ id: ids[i]!, score: s });
      if (best.length === topK) best.sort((a, b) => b.score - a.score);
    } else if (s > best[topK - 1]!.score) {
      best[topK - 1] = { id: ids[i]!, score: s };
      best.sort((a, b) => b.score - a.score);
    }
  }
  return best.sort((a, b) => b.score - a.score);
}
