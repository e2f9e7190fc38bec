import { modelEmbedder } from "../search/embed";

/** Serialises a float32 vector for the D1 BLOB column. */
export function vectorToBlob(v: Float32Array): ArrayBuffer {
  return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) as ArrayBuffer;
}

export function blobToVector(b: ArrayBuffer | Uint8Array | number[]): Float32Array {
  if (Array.isArray(b)) return new Float32Array(Uint8Array.from(b).buffer);
  if (b instanceof Uint8Array) return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  return new Float32Array(b);
}

/** Embeds passages with the configured model; offline there is none and `vectors` is empty. */
export async function embedChunks(env: Pick<Env, "AI">, texts: string[]) {
  const embedder = modelEmbedder(env);
  return { embedder, vectors: embedder ? await embedder.embed(texts) : [] };
}
