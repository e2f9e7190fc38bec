/**
 * Latent semantic analysis of one chatbot's own passages: a truncated SVD of
 * the term × passage matrix (log tf × idf), computed by a randomized range
 * finder with power iterations. Terms that share passages share directions,
 * so a question can reach a passage that uses related words of the same
 * knowledge. Data: only the tenant's passages.
 */
/** The term basis: what is stored per chatbot and what a question and a passage are folded in with. */
export interface LatentBasis {
  dims: number;
  /** term → row */
  terms: Map<string, number>;
  /** idf per row */
  idf: Float32Array;
  /** rows × dims: the left singular vectors (scaled per row when decoded from int8) */
  vecs: Float32Array;
}

export interface LatentInput {
  terms: string[];
}

/** Deterministic standard normal numbers (seeded), so two builds of the same passages agree. */
function gaussian(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Orthonormalises the columns of an m × l row-major matrix in place (modified Gram–Schmidt); returns the kept column count. */
function orthonormalize(y: Float64Array, m: number, l: number): void {
  for (let c = 0; c < l; c++) {
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += y[i * l + c]! * y[i * l + p]!;
      for (let i = 0; i < m; i++) y[i * l + c]! -= dot * y[i * l + p]!;
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += y[i * l + c]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < m; i++) y[i * l + c]! /= norm;
  }
}

/** Eigenvectors of a symmetric l × l matrix (cyclic Jacobi); returns [values, vectors as columns]. */
function symmetricEigen(a: Float64Array, l: number): [Float64Array, Float64Array] {
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  let total = 0;
  for (let i = 0; i < l * l; i++) total += a[i]! ** 2;
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += a[p * l + q]! ** 2;
    // off-diagonal mass negligible relative to the matrix
    if (off <= 1e-20 * total) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q]!;
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (a[q * l + q]! - a[p * l + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p]!;
          const akq = a[k * l + q]!;
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k]!;
          const aqk = a[q * l + k]!;
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p]!;
          const vkq = v[k * l + q]!;
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(l);
  for (let i = 0; i < l; i++) values[i] = a[i * l + i]!;
  return [values, v];
}

/**
 * The basis of `dims` dimensions from the passages' terms (log tf × idf; terms
 * in at least `minDf` passages and at most `maxDfShare` of them, at most
 * `maxTerms` of the most used).
 */
export function buildLatent(passages: LatentInput[], dims: number, opts: { minDf?: number; maxDfShare?: number; power?: number; maxTerms?: number } = {}): LatentBasis {
  const n = passages.length;
  const df = new Map<string, number>();
  for (const p of passages) for (const t of new Set(p.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const terms = new Map<string, number>();
  const minDf = opts.minDf ?? 2;
  const maxDf = Math.max(minDf, (opts.maxDfShare ?? 0.5) * n);
  const kept = [...df].filter(([, d]) => d >= minDf && d <= maxDf).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, opts.maxTerms ?? 15_000);
  for (const [t] of kept) terms.set(t, terms.size);
  const m = terms.size;
  const idf = new Float32Array(m);
  for (const [t, i] of terms) idf[i] = Math.log(n / df.get(t)!);
  // columns of A: per passage, (term row, log tf × idf)
  const cols: { rows: Int32Array; vals: Float64Array }[] = passages.map((p) => {
    const tf = new Map<number, number>();
    for (const t of p.terms) {
      const i = terms.get(t);
      if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    const rows = Int32Array.from(tf.keys());
    const vals = Float64Array.from(rows, (i) => (1 + Math.log(tf.get(i)!)) * idf[i]!);
    return { rows, vals };
  });
  const l = Math.max(1, Math.min(dims + 10, m, n));
  const k = Math.min(dims, l);
  if (m === 0) return { dims: k, terms, idf, vecs: new Float32Array(0) };
  const rnd = gaussian(0x5eed);
  // Y = A Ω (m × l), Ω a random n × l matrix
  let y = new Float64Array(m * l);
  for (let j = 0; j < n; j++) {
    const omega = Array.from({ length: l }, rnd);
    const { rows, vals } = cols[j]!;
    for (let r = 0; r < rows.length; r++) {
      const base = rows[r]! * l;
      const v = vals[r]!;
      for (let c = 0; c < l; c++) y[base + c]! += v * omega[c]!;
    }
  }
  orthonormalize(y, m, l);
  const bt = new Float64Array(n * l); // Bᵀ = Aᵀ Q (n × l)
  const project = () => {
    bt.fill(0);
    for (let j = 0; j < n; j++) {
      const { rows, vals } = cols[j]!;
      const out = j * l;
      for (let r = 0; r < rows.length; r++) {
        const base = rows[r]! * l;
        const v = vals[r]!;
        for (let c = 0; c < l; c++) bt[out + c]! += v * y[base + c]!;
      }
    }
  };
  // power iterations sharpen the range towards the leading singular vectors
  for (let it = 0; it < (opts.power ?? 2); it++) {
    project();
    const next = new Float64Array(m * l); // A (Aᵀ Q)
    for (let j = 0; j < n; j++) {
      const { rows, vals } = cols[j]!;
      for (let r = 0; r < rows.length; r++) {
        const base = rows[r]! * l;
        const v = vals[r]!;
        for (let c = 0; c < l; c++) next[base + c]! += v * bt[j * l + c]!;
      }
    }
    orthonormalize(next, m, l);
    y = next;
  }
  project();
  // B Bᵀ (l × l) = Σ_j bt_j bt_jᵀ; its eigenvectors W rotate Q onto the singular vectors
  const bb = new Float64Array(l * l);
  for (let j = 0; j < n; j++) {
    for (let a = 0; a < l; a++) {
      const va = bt[j * l + a]!;
      if (!va) continue;
      for (let b = 0; b < l; b++) bb[a * l + b]! += va * bt[j * l + b]!;
    }
  }
  const [values, vectors] = symmetricEigen(bb, l);
  const order = [...values.keys()].sort((a, b) => values[b]! - values[a]!).slice(0, k);
  // U = Q W (m × k)
  const vecs = new Float32Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < k; c++) {
      const w = order[c]!;
      let s = 0;
      for (let p = 0; p < l; p++) s += y[i * l + p]! * vectors[p * l + w]!;
      vecs[i * k + c] = s;
    }
  }
  return { dims: k, terms, idf, vecs };
}

/** Stored form: per term its idf and scale (float32) and its coordinates as int8 (a tenth of the float size). */
export function encodeBasis(basis: LatentBasis): { terms: string; blob: Uint8Array } {
  const m = basis.terms.size;
  const k = basis.dims;
  const stride = 8 + k;
  const buf = new ArrayBuffer(m * stride);
  const view = new DataView(buf);
  for (let i = 0; i < m; i++) {
    let max = 0;
    for (let c = 0; c < k; c++) max = Math.max(max, Math.abs(basis.vecs[i * k + c]!));
    const scale = max / 127 || 1;
    view.setFloat32(i * stride, basis.idf[i]!, true);
    view.setFloat32(i * stride + 4, scale, true);
    for (let c = 0; c < k; c++) view.setInt8(i * stride + 8 + c, Math.round(basis.vecs[i * k + c]! / scale));
  }
  return { terms: [...basis.terms.keys()].join(" "), blob: new Uint8Array(buf) };
}

export function decodeBasis(dims: number, terms: string, blob: ArrayBuffer | Uint8Array): LatentBasis {
  const list = terms ? terms.split(" ") : [];
  const bytes = blob instanceof Uint8Array ? blob : new Uint8Array(blob);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stride = 8 + dims;
  const idf = new Float32Array(list.length);
  const vecs = new Float32Array(list.length * dims);
  for (let i = 0; i < list.length; i++) {
    idf[i] = view.getFloat32(i * stride, true);
    const scale = view.getFloat32(i * stride + 4, true);
    for (let c = 0; c < dims; c++) vecs[i * dims + c] = view.getInt8(i * stride + 8 + c) * scale;
  }
  return { dims, terms: new Map(list.map((t, i) => [t, i])), idf, vecs };
}

function unit(v: Float64Array): Float64Array | null {
  let norm = 0;
  for (const x of v) norm += x * x;
  if (!norm) return null;
  norm = Math.sqrt(norm);
  for (let c = 0; c < v.length; c++) v[c]! /= norm;
  return v;
}

/** A question (term → weight) folded into the latent space, unit length; null when the basis knows none of its terms. */
export function foldQuery(basis: LatentBasis, query: Map<string, number>): Float64Array | null {
  const k = basis.dims;
  const q = new Float64Array(k);
  for (const [t, w] of query) {
    const i = basis.terms.get(t);
    if (i === undefined) continue;
    const x = w * basis.idf[i]!;
    for (let c = 0; c < k; c++) q[c]! += x * basis.vecs[i * k + c]!;
  }
  return unit(q);
}

/** A passage (term → frequency) folded in the way the basis was built (log tf × idf), unit length. */
export function foldPassage(basis: LatentBasis, tf: Map<string, number>): Float64Array | null {
  const k = basis.dims;
  const v = new Float64Array(k);
  for (const [t, n] of tf) {
    const i = basis.terms.get(t);
    if (i === undefined) continue;
    const x = (1 + Math.log(n)) * basis.idf[i]!;
    for (let c = 0; c < k; c++) v[c]! += x * basis.vecs[i * k + c]!;
  }
  return unit(v);
}

export function cosine(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let c = 0; c < a.length; c++) s += a[c]! * b[c]!;
  return s;
}
