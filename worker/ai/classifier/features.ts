/**
 * Features of a visitor message for the turn classifier: word unigrams and
 * bigrams (Intl.Segmenter finds Thai word boundaries) plus character 2–4-grams
 * of each word with boundary marks, which carry typos ("refnd", "acount") and
 * Thai spelling variants. Every feature is hashed into a fixed number of
 * buckets (FNV-1a), so the model is a dense weight table and needs no
 * vocabulary. Shared by the runtime and the training script.
 */
export const BUCKETS = 1 << 15;

const THAI = /[\u0E00-\u0E7F]/;
const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) segmenters.set(locale, (s = new Intl.Segmenter(locale, { granularity: "word" })));
  return s;
}

export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/https?:\/\/\S+/g, " url ")
    .replace(/\S+@\S+\.\S+/g, " email ")
    .replace(/\d+/g, "0")
    .replace(/([a-z])\1{2,}/g, "$1$1")
    .replace(/([\u0E00-\u0E7F])\1{2,}/g, "$1");
}

export function tokens(text: string): string[] {
  const norm = normalizeText(text);
  const out: string[] = [];
  for (const seg of segmenter(THAI.test(norm) ? "th" : "en").segment(norm)) {
    if (!seg.isWordLike) continue;
    const w = seg.segment.replace(/^'+|'+$/g, "");
    if (w) out.push(w);
  }
  return out;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

/** Hashed feature indices with counts, scaled to unit length. */
export function featurize(text: string): Map<number, number> {
  const ws = tokens(text);
  const counts = new Map<number, number>();
  const add = (f: string, v = 1) => {
    const k = hash(f);
    counts.set(k, (counts.get(k) ?? 0) + v);
  };
  add("__bias__");
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    add(`w:${w}`);
    add(`b:${i === 0 ? "^" : ws[i - 1]}_${w}`);
    const padded = `<${w}>`;
    for (let n = 2; n <= 4; n++) {
      if (padded.length < n) continue;
      for (let j = 0; j + n <= padded.length; j++) add(`c${n}:${padded.slice(j, j + n)}`, 0.5);
    }
  }
  if (ws.length > 0) add(`b:${ws[ws.length - 1]}_$`);
  if (/[?？]\s*$/.test(text.trim())) add("__ends_q__");
  if (ws.length <= 3) add("__short__");
  let norm = 0;
  for (const v of counts.values()) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (const [k, v] of counts) counts.set(k, v / norm);
  return counts;
}
