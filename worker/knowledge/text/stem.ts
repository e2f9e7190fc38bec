/**
 * A light English stemmer: enough to match "cancelled"/"cancellation"/"cancel",
 * "invoices"/"invoice", "tracking"/"tracked". Only ASCII words are stemmed;
 * Thai and other scripts pass through unchanged.
 */
const SUFFIXES: [string, string][] = [
  ["ational", "ate"],
  ["ization", "ize"],
  ["fulness", "ful"],
  ["iveness", "ive"],
  ["ations", ""],
  ["ation", ""],
  ["ments", ""],
  ["ment", ""],
  ["ingly", ""],
  ["ings", ""],
  ["ing", ""],
  ["edly", ""],
  ["ied", "y"],
  ["ies", "y"],
  ["ed", ""],
  ["ers", ""],
  ["er", ""],
  ["ly", ""],
  ["sses", "ss"],
  ["es", ""],
  ["s", ""],
];

const VOWEL = /[aeiouy]/;

/** Irregular English forms, mapped to the base word before stemming. */
const IRREGULAR: Record<string, string> = {
  paid: "pay", kept: "keep", sent: "send", went: "go", gone: "go", made: "make", bought: "buy", got: "get", gotten: "get",
  lost: "lose", left: "leave", found: "find", told: "tell", took: "take", taken: "take", gave: "give", given: "give",
  seen: "see", saw: "see", chosen: "choose", chose: "choose", written: "write", wrote: "write", ran: "run", began: "begin",
  begun: "begin", built: "build", spent: "spend", brought: "bring", thought: "think", forgot: "forget", forgotten: "forget",
  shown: "show", known: "know", knew: "know", met: "meet", held: "hold", said: "say", sold: "sell", broke: "break",
  broken: "break", stolen: "steal", children: "child", people: "person", data: "data", media: "media", analyses: "analysis",
};

export function stem(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular && irregular !== word) return stem(irregular);
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  for (const [suffix, repl] of SUFFIXES) {
    if (!w.endsWith(suffix)) continue;
    if (suffix === "s" && (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is"))) break;
    const base = w.slice(0, w.length - suffix.length) + repl;
    if (base.length >= 3 && VOWEL.test(base)) w = base;
    break;
  }
  // undouble a final consonant: "cancell" → "cancel", "stopp" → "stop"
  if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !/[aeiouls]/.test(w[w.length - 1]!)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith("ll")) w = w.slice(0, -1);
  // drop a final silent e: "serve"/"served"/"serving" → "serv"
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}
