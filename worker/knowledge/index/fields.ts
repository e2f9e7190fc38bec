import { contentWords } from "../text/segment";
import { stem } from "../text/stem";

/**
 * What the full-text index stores for a passage, and the term statistics of a
 * source. Bump TEXT_VERSION whenever segmentation or the stored fields change:
 * chatbots indexed with an older format are rebuilt on their next search.
 */
export const TEXT_VERSION = 1;

/** Segmented (stemmed, space-joined) fields of one passage, as chunks_fts stores them. */
export interface PassageFields {
  title: string;
  headings: string;
  body: string;
}

/** Term statistics of one source; summed over sources they give a chatbot's BM25 statistics. */
export interface SourceStats {
  /** passages */
  n: number;
  /** summed field lengths in terms: title, headings, body */
  len: [number, number, number];
  /** stem → passages containing it (any field) */
  df: Record<string, number>;
  /** Latin surface word → passages containing it (the spelling-correction vocabulary) */
  words: Record<string, number>;
}

export interface AnalyzedPassage {
  fields: PassageFields;
  stems: Set<string>;
  words: Set<string>;
  lengths: [number, number, number];
}

export function analyzePassage(title: string, headings: string | null | undefined, body: string): AnalyzedPassage {
  const stems = new Set<string>();
  const surface = new Set<string>();
  const parts = [title, headings ?? "", body].map((text) => {
    const ws = contentWords(text);
    const ts = ws.map(stem);
    for (const w of ws) if (/^[a-z]{4,}$/.test(w)) surface.add(w);
    for (const t of ts) stems.add(t);
    return ts;
  });
  return {
    fields: { title: parts[0]!.join(" "), headings: parts[1]!.join(" "), body: parts[2]!.join(" ") },
    stems,
    words: surface,
    lengths: [parts[0]!.length, parts[1]!.length, parts[2]!.length],
  };
}

export function sourceStats(passages: AnalyzedPassage[]): SourceStats {
  const stats: SourceStats = { n: passages.length, len: [0, 0, 0], df: {}, words: {} };
  for (const p of passages) {
    for (let i = 0; i < 3; i++) stats.len[i]! += p.lengths[i]!;
    for (const t of p.stems) stats.df[t] = (stats.df[t] ?? 0) + 1;
    for (const w of p.words) stats.words[w] = (stats.words[w] ?? 0) + 1;
  }
  return stats;
}
