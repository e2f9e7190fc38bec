/**
 * Spelling tolerance from the knowledge base's own vocabulary: a query word
 * the tenant's documents never use is compared with the words they do use
 * (candidates share character trigrams, then a Damerau–Levenshtein distance
 * of 1, or 2 for long words), after an indexed word the question word extends
 * by a short suffix, and never for a word general English knows. Nothing here is a word list: the vocabulary is
 * whatever the tenant indexed.
 */
export interface Vocabulary {
  /** surface word → how many chunks use it */
  words: Map<string, number>;
  /** character trigram (of "#word#") → words containing it */
  grams: Map<string, string[]>;
}

export function trigrams(word: string): string[] {
  const padded = `#${word}#`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

export function buildVocabulary(counts: Map<string, number>): Vocabulary {
  const grams = new Map<string, string[]>();
  for (const w of counts.keys()) {
    if (!/^[a-z]{4,}$/.test(w)) continue;
    for (const g of new Set(trigrams(w))) {
      const list = grams.get(g);
      if (list) list.push(w);
      else grams.set(g, [w]);
    }
  }
  return { words: counts, grams };
}

/** Optimal-string-alignment distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j]!;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Corrections for one unknown word: an indexed word it derives from, or,
 * unless `isWord` says it is a real word, the vocabulary words at the
 * smallest distance (1 for words of 4–7 letters, up to 2 from 8), most used first.
 */
export function corrections(word: string, vocab: Vocabulary, limit = 2, isWord?: (word: string) => boolean): string[] {
  if (!/^[a-z]{4,}$/.test(word) || vocab.words.has(word)) return [];
  // a derivation of an indexed word ("darker" → "dark") before any misspelling
  const base = morphological(word, vocab);
  if (base.length) return base;
  // a real English word the knowledge does not use ("stack", "spring") is not a misspelling of one it does ("slack", "string")
  if (isWord?.(word)) return [];
  const max = word.length >= 8 ? 2 : 1;
  const shared = new Map<string, number>();
  const grams = new Set(trigrams(word));
  for (const g of grams) for (const w of vocab.grams.get(g) ?? []) shared.set(w, (shared.get(w) ?? 0) + 1);
  // a transposition or substitution in a 4-letter word leaves few shared trigrams
  const need = Math.max(1, Math.floor(grams.size / 3) - max);
  let best = max + 1;
  let found: string[] = [];
  for (const [w, n] of shared) {
    if (n < need || Math.abs(w.length - word.length) > max) continue;
    const d = editDistance(word, w, Math.min(max, best));
    if (d < best) {
      best = d;
      found = [w];
    } else if (d === best) found.push(w);
  }
  if (best > max) return [];
  return found.sort((a, b) => (vocab.words.get(b) ?? 0) - (vocab.words.get(a) ?? 0)).slice(0, limit);
}

/**
 * Derivations the stemmer does not undo ("darker" → "dark"): the longest
 * indexed word that the question word extends by at most three letters.
 */
function morphological(word: string, vocab: Vocabulary): string[] {
  for (let cut = 1; cut <= 3 && word.length - cut >= 4; cut++) {
    const base = word.slice(0, word.length - cut);
    if (vocab.words.has(base)) return [base];
  }
  return [];
}
