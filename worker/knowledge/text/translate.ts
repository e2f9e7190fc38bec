import { loadThaiEnglish } from "../../lazy";
import { hasThai, words } from "./segment";
import { STOPWORDS } from "./stopwords";

/**
 * Offline cross-lingual path for Thai questions over English knowledge: a
 * general Thai → English word lexicon (learned by word alignment from software
 * interface translations, `scripts/lexicon/build-thai-english.ts`), read as
 * English index terms with their translation probability. It carries words,
 * not meaning: loanwords written in Thai letters, idioms and words outside
 * software vocabulary stay untranslated, so retrieval reads such a question
 * only partly and its confidence says so (a translated word counts as half
 * covered). Parsed once per isolate.
 */
export type Translations = Map<string, [string, number][]>;

let table: Promise<Translations> | null = null;
let reverse: Promise<Translations> | null = null;

export function thaiEnglish(): Promise<Translations> {
  table ??= loadThaiEnglish().then(({ thaiEnglish }) => {
    const map: Translations = new Map();
    for (const line of thaiEnglish.entries.split("\n")) {
      const colon = line.indexOf(":");
      map.set(
        line.slice(0, colon),
        line
          .slice(colon + 1)
          .split(",")
          .map((x) => {
            const eq = x.lastIndexOf("=");
            return [x.slice(0, eq), Number(x.slice(eq + 1))] as [string, number];
          }),
      );
    }
    return map;
  });
  return table;
}

/**
 * English terms for the Thai words of a question: per Thai content word, the
 * translations of the word itself and of the compound it forms with its
 * neighbour (the segmenter splits many compounds), strongest first.
 */
export function translateThai(text: string, lexicon: Translations): Map<string, [string, number][]> {
  const out = new Map<string, [string, number][]>();
  if (!hasThai(text)) return out;
  const ws = words(text);
  const add = (word: string, list: [string, number][] | undefined) => {
    if (!list || STOPWORDS.has(word)) return;
    const have = out.get(word) ?? [];
    for (const [e, p] of list) {
      const i = have.findIndex(([x]) => x === e);
      if (i < 0) have.push([e, p]);
      else if (have[i]![1] < p) have[i] = [e, p];
    }
    out.set(word, have.sort((a, b) => b[1] - a[1]));
  };
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (!hasThai(w)) continue;
    add(w, lexicon.get(w));
    const next = ws[i + 1];
    if (next && hasThai(next)) {
      const pair = lexicon.get(w + next);
      add(w, pair);
      add(next, pair);
    }
  }
  return out;
}

/** The same lexicon read the other way: English term → Thai words, by the alignment probability, strongest first. */
export function englishThai(): Promise<Translations> {
  reverse ??= thaiEnglish().then((forward) => {
    const map: Translations = new Map();
    for (const [th, list] of forward) {
      for (const [e, p] of list) {
        const have = map.get(e) ?? [];
        have.push([th, p]);
        map.set(e, have);
      }
    }
    for (const [e, list] of map) map.set(e, list.sort((a, b) => b[1] - a[1]).slice(0, 8));
    return map;
  });
  return reverse;
}
