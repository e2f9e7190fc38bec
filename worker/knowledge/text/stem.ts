import porter2 from "wink-porter2-stemmer";

/**
 * English stemming with the Porter2 algorithm (`wink-porter2-stemmer`), so
 * "cancelled"/"cancellation"/"cancel" and "invoices"/"invoice" share a term.
 * Porter2 only strips suffixes, so common irregular verb forms are first
 * mapped to their base form (general English grammar, not domain words).
 * Only ASCII words are stemmed; Thai and other scripts pass through unchanged.
 */
const IRREGULAR: Record<string, string> = {
  paid: "pay", kept: "keep", sent: "send", went: "go", gone: "go", made: "make", bought: "buy", got: "get", gotten: "get",
  lost: "lose", left: "leave", found: "find", told: "tell", took: "take", taken: "take", gave: "give", given: "give",
  seen: "see", saw: "see", chosen: "choose", chose: "choose", written: "write", wrote: "write", ran: "run", began: "begin",
  begun: "begin", built: "build", spent: "spend", brought: "bring", thought: "think", forgot: "forget", forgotten: "forget",
  shown: "show", known: "know", knew: "know", met: "meet", held: "hold", said: "say", sold: "sell", broke: "break",
  broken: "break", stolen: "steal", children: "child", people: "person",
};

const cache = new Map<string, string>();

export function stem(word: string): string {
  const base = IRREGULAR[word] ?? word;
  if (base.length <= 2 || !/^[a-z]+$/.test(base)) return base;
  let s = cache.get(base);
  if (s === undefined) {
    s = porter2(base);
    if (cache.size > 50_000) cache.clear();
    cache.set(base, s);
  }
  return s;
}
