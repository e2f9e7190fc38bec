import { loadRelatedWords } from "../../lazy";

/**
 * General English word relations (WordNet 3.1, built by
 * `scripts/lexicon/build-related.mjs`): for a stem, the stems of its synonyms,
 * derived forms and similar words (`near`), and of its direct hypernyms
 * (`broader`). Retrieval adds those the chatbot's knowledge uses to the
 * question at a low weight, so everyday phrasing can meet the documents'
 * words. Parsed once per isolate.
 */
export interface Related {
  near: string[];
  broader: string[];
}

let table: Promise<{ related: Map<string, Related>; english: Set<string> }> | null = null;

function load() {
  table ??= loadRelatedWords().then(({ related }) => {
    const map = new Map<string, Related>();
    for (const line of related.entries.split("\n")) {
      const colon = line.indexOf(":");
      const [near, broader] = line.slice(colon + 1).split("|");
      map.set(line.slice(0, colon), { near: near ? near.split(",") : [], broader: broader ? broader.split(",") : [] });
    }
    const english = new Set(related.english.split(" "));
    for (const key of map.keys()) english.add(key);
    return { related: map, english };
  });
  return table;
}

export async function relatedWords(): Promise<Map<string, Related>> {
  return (await load()).related;
}

/**
 * Stems of the English words WordNet knows (every single-word lemma): a
 * question word among them is a real word, not a misspelling, even when the
 * knowledge base never uses it.
 */
export async function englishStems(): Promise<Set<string>> {
  return (await load()).english;
}
