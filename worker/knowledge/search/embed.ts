import { terms, words } from "../text/segment";

/**
 * Embeddings. With a Workers AI binding: the multilingual `@cf/baai/bge-m3`.
 * Without one, retrieval does not embed (see modelEmbedder); `localEmbedding`
 * (signed feature hashing of word terms, word pairs and character n-grams into
 * a fixed-size, L2-normalised vector) remains for callers that need a vector. Both sides of a search always use the same function,
 * chosen by configuration only (presence of `env.AI`).
 */
export const WORKERS_AI_EMBEDDING_MODEL = "@cf/baai/bge-m3";
export const LOCAL_DIMS = 384;

export interface Embedder {
  model: string;
  dims: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

/**
 * The embedding model used for retrieval, or null offline: without a model the
 * engine is lexical (field-weighted BM25 with spelling correction and
 * pseudo-relevance feedback); a hashed bag of words adds nothing a lexical
 * index does not already do and costs a full vector scan per question.
 */
export function modelEmbedder(env: Pick<Env, "AI">): Embedder | null {
  return env.AI ? embedderFor(env) : null;
}

export function embedderFor(env: Pick<Env, "AI">): Embedder {
  const ai = env.AI;
  if (ai) {
    return {
      model: WORKERS_AI_EMBEDDING_MODEL,
      dims: 1024,
      async embed(texts) {
        const out: Float32Array[] = [];
        for (let i = 0; i < texts.length; i += 50) {
          const batch = texts.slice(i, i + 50);
          const res = (await ai.run(WORKERS_AI_EMBEDDING_MODEL, { text: batch })) as { data?: number[][] };
          for (const v of res.data ?? []) out.push(normalize(Float32Array.from(v)));
        }
        return out;
      },
    };
  }
  return { model: "local-hash-384", dims: LOCAL_DIMS, embed: async (texts) => texts.map(localEmbedding) };
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function add(v: Float32Array, feature: string, weight: number) {
  const h = fnv1a(feature);
  const idx = h % v.length;
  v[idx]! += (h & 0x80000000 ? -1 : 1) * weight;
}

export function localEmbedding(text: string): Float32Array {
  const v = new Float32Array(LOCAL_DIMS);
  const ts = terms(text);
  const counts = new Map<string, number>();
  for (const t of ts) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const [t, n] of counts) {
    const w = 1 + Math.log(n);
    add(v, `w:${t}`, w);
    // character trigrams tolerate spelling variants and unstemmed forms
    const padded = `#${t}#`;
    if (padded.length > 4) {
      const grams = padded.length - 2;
      for (let i = 0; i < grams; i++) add(v, `g:${padded.slice(i, i + 3)}`, (0.5 * w) / Math.sqrt(grams));
    }
  }
  for (let i = 0; i + 1 < ts.length; i++) add(v, `b:${ts[i]}_${ts[i + 1]}`, 0.5);
  if (ts.length === 0) for (const w of words(text)) add(v, `w:${w}`, 1);
  return normalize(v);
}

export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const n = Math.sqrt(sum);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

export function dot(a: Float32Array, b: Float32Array, offset = 0): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[offset + i]!;
  return s;
}
