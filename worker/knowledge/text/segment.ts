import { stem } from "./stem";
import { STOPWORDS } from "./stopwords";

/**
 * Word segmentation shared by indexing and querying. `Intl.Segmenter` finds
 * word boundaries in every script, including Thai (written without spaces);
 * words are lowercased, punctuation is dropped and English words are stemmed
 * (Porter2) so "invoices" matches "invoice".
 */
const segmenters = new Map<string, Intl.Segmenter>();
function segmenterFor(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: "word" });
    segmenters.set(locale, s);
  }
  return s;
}

const THAI = /[\u0E00-\u0E7F]/;

export function hasThai(text: string): boolean {
  return THAI.test(text);
}

/** Raw lowercase words in reading order (no stemming, stopwords kept). */
export function words(text: string): string[] {
  const locale = hasThai(text) ? "th" : "en";
  const out: string[] = [];
  const normalized = text.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'");
  for (const seg of segmenterFor(locale).segment(normalized)) {
    if (!seg.isWordLike) continue;
    const w = seg.segment.replace(/^'+|'+$/g, "").replace(/'s$/, "");
    if (w) out.push(w);
  }
  return out;
}

/** Words that carry a topic: stopwords and single Latin letters dropped, apostrophes removed. */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOPWORDS.has(w)) continue;
    if (w.length === 1 && !hasThai(w) && !/\d/.test(w)) continue;
    out.push(w.replace(/'/g, ""));
  }
  return out;
}

/** Normalised index terms: words minus stopwords, English words stemmed (Porter2). */
export function terms(text: string): string[] {
  return contentWords(text).map(stem);
}

/** Space-joined terms: what the FTS5 table stores and is queried with. */
export function segmentForIndex(text: string): string {
  return terms(text).join(" ");
}

/** An FTS5 MATCH expression that ORs the distinct terms of a query (each quoted). */
export function ftsQuery(text: string): string | null {
  return ftsMatch([...new Set(terms(text))]);
}

export function ftsMatch(list: string[]): string | null {
  const unique = [...new Set(list)].map((t) => t.replace(/"/g, "")).filter((t) => t.length > 0);
  if (unique.length === 0) return null;
  return unique.map((t) => `"${t}"`).join(" OR ");
}

/** Rough token count for prompts and chunk metadata (~4 characters per token, Thai counted per word). */
export function estimateTokens(text: string): number {
  if (hasThai(text)) return words(text).length;
  return Math.ceil(text.length / 4);
}
