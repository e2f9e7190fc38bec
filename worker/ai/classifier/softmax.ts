import { BUCKETS } from "./features";

/**
 * Multinomial logistic regression over hashed features: one weight row per
 * label. Used by the runtime (quantised rows from weights.json) and by the
 * training script (float rows).
 */
export interface WeightRows {
  rows: ArrayLike<number>[];
  scales: number[];
}

export function scores(features: Map<number, number>, w: WeightRows): number[] {
  return w.rows.map((row, k) => {
    let z = 0;
    for (const [f, v] of features) z += row[f]! * v;
    return z * w.scales[k]!;
  });
}

export function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Float rows → int8 rows with one scale per label, base64 for JSON. */
export function quantize(rows: Float32Array[]): { scales: number[]; rows: string[] } {
  const scales: number[] = [];
  const out: string[] = [];
  for (const row of rows) {
    let max = 0;
    for (let i = 0; i < row.length; i++) max = Math.max(max, Math.abs(row[i]!));
    const scale = max / 127 || 1;
    const q = new Int8Array(row.length);
    for (let i = 0; i < row.length; i++) q[i] = Math.round(row[i]! / scale);
    scales.push(scale);
    out.push(toBase64(new Uint8Array(q.buffer)));
  }
  return { scales, rows: out };
}

export function dequantizedRows(encoded: { scales: number[]; rows: string[] }): WeightRows {
  return { scales: encoded.scales, rows: encoded.rows.map((r) => new Int8Array(fromBase64(r).buffer)) };
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  if (out.length !== BUCKETS) throw new Error("classifier weights do not match the feature size");
  return out;
}
