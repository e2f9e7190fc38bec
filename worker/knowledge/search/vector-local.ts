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
 * Brute-force cosine search over one chatbot's vectors stored in D1. Decoded
 * vectors are cached per isolate, keyed by chatbot and the index version
 * counter, so repeated questions cost one tiny version read plus a scan of a
 * packed Float32Array (10,000 × 384 floats ≈ 15 MB, a few ms).
 */
interface CacheEntry {
  version: number;
  ids: string[];
  dims: number;
  matrix: Float32Array;
}
const cache = new Map<string, CacheEntry>();
const MAX_CACHED_CHATBOTS = 8;

async function load(env: Env, chatbotId: string): Promise<CacheEntry> {
  const row = await env.DB.prepare(`select version from chunk_index_versions where chatbot_id = ?1`).bind(chatbotId).first<{ version: number }>();
  const version = row?.version ?? 0;
  const hit = cache.get(chatbotId);
  if (hit && hit.version === version) return hit;
  const ids: string[] = [];
  let dims = 0;
  const parts: Float32Array[] = [];
  // page through the vectors so a large knowledge base never hits D1 result limits
  let after = "";
  for (;;) {
    const page = await env.DB.prepare(
      // hex() is much cheaper to move out of D1 than a BLOB returned as an array of numbers
      `select chunk_id, dims, hex(vector) as vector from chunk_vectors where chatbot_id = ?1 and chunk_id > ?2 order by chunk_id limit 2000`,
    )
      .bind(chatbotId, after)
      .all<{ chunk_id: string; dims: number; vector: string }>();
    for (const r of page.results) {
      const v = hexToVector(r.vector);
      if (dims === 0) dims = v.length;
      if (v.length !== dims) continue;
      ids.push(r.chunk_id);
      parts.push(v);
    }
    if (page.results.length < 2000) break;
    after = page.results[page.results.length - 1]!.chunk_id;
  }
  const matrix = new Float32Array(ids.length * dims);
  parts.forEach((v, i) => matrix.set(v, i * dims));
  const entry = { version, ids, dims, matrix };
  if (cache.size >= MAX_CACHED_CHATBOTS && !cache.has(chatbotId)) cache.delete(cache.keys().next().value!);
  cache.set(chatbotId, entry);
  return entry;
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
