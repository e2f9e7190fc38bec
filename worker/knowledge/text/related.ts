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

let table: Promise<Map<string, Related>> | null = null;

export function relatedWords(): Promise<Map<string, Related>> {
  table ??= loadRelatedWords().then(({ related }) => {
    const map = new Map<string, Related>();
    for (const line of related.entries.split("\n")) {
      const colon = line.indexOf(":");
      const [near, broader] = line.slice(colon + 1).split("|");
      map.set(line.slice(0, colon), { near: near ? near.split(",") : [], broader: broader ? broader.split(",") : [] });
    }
    return map;
  });
  return table;
}
