/**
 * Ranking and snippets of message search, computed over the candidate rows
 * (the newest matches) instead of by FTS5's bm25() and snippet(). bm25() reads
 * how many rows of the whole index contain each phrase (the workspace's tenant
 * token and the words, across every tenant) before it scores the first row, and
 * snippet() needs the row as the current row of a second MATCH: both cost in
 * proportion to the index, not to the page. Every candidate contains every
 * query word (all words are required), so the inverse document frequencies are
 * the same for all of them and BM25's order among them depends only on how
 * often the words occur and how long the text is: that is what `rankCandidates`
 * computes, with the same k1 and b as FTS5.
 */

const K1 = 1.2;
const B = 0.75;
/** Tokens around the matches in a snippet (FTS5's snippet() was asked for 16). */
const SNIPPET_TOKENS = 16;

interface Token {
  text: string;
  start: number;
  end: number;
}

/** Text in which no character has a canonical decomposition (ASCII, Latin-1 punctuation, Thai): lowercasing is all folding does. */
const PLAIN = /^[\u0000-\u00bf\u0e00-\u0e7f]*$/;

/** Latin letters lose their accents, as the unicode61 tokenizer folds them; other scripts keep their marks. */
const fold = (s: string) => (PLAIN.test(s) ? s.toLowerCase() : s.normalize("NFD").replace(/([\u0000-\u024f])[\u0300-\u036f]+/g, "$1").toLowerCase());

/** The tokens of an indexed body as unicode61 splits them: runs of letters, marks and digits. */
function tokens(body: string): Token[] {
  const out: Token[] = [];
  for (const m of body.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) out.push({ text: fold(m[0]), start: m.index, end: m.index + m[0].length });
  return out;
}

/** The query's tokens; the last one matches as a prefix (as the MATCH expression's last word does). */
export function queryTokens(queryWords: string[]): { exact: Set<string>; prefix: string | null } {
  const all = queryWords.flatMap((w) => tokens(w).map((t) => t.text));
  const prefix = all.pop() ?? null;
  return { exact: new Set(all), prefix };
}

const matches = (q: ReturnType<typeof queryTokens>, t: string) => q.exact.has(t) || (q.prefix !== null && t.startsWith(q.prefix));

export interface Candidate {
  rid: number;
  body: string;
}

/**
 * Candidates best first (ties: the order given, newest first). Only the
 * page's rows need snippets (`snippetOf`): a search ranks up to a thousand
 * candidates and shows twenty.
 */
export function rankCandidates<T extends Candidate>(rows: T[], q: ReturnType<typeof queryTokens>): T[] {
  const tokenized = rows.map((r) => tokens(r.body));
  const avg = tokenized.reduce((n, t) => n + t.length, 0) / Math.max(1, tokenized.length) || 1;
  const scored = rows.map((row, i) => {
    const toks = tokenized[i]!;
    const tf = new Map<string, number>();
    for (const t of toks) {
      if (!matches(q, t.text)) continue;
      const key = q.exact.has(t.text) ? t.text : `*${q.prefix}`;
      tf.set(key, (tf.get(key) ?? 0) + 1);
    }
    let score = 0;
    const norm = K1 * (1 - B + (B * toks.length) / avg);
    for (const f of tf.values()) score += (f * (K1 + 1)) / (f + norm);
    return { row, score, i };
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.map((s) => s.row);
}

/**
 * The snippet around the body's matches of the query (see `snippet`), cut
 * from the message as it was written when its words are the indexed ones in
 * the same order (the index stores segmented, lowercased words); otherwise
 * (Thai written without spaces) from the indexed body.
 */
export function snippetOf(body: string, q: ReturnType<typeof queryTokens>, open: string, close: string, written?: string): string {
  const toks = tokens(body);
  const hits = toks.map((t) => matches(q, t.text));
  if (written !== undefined) {
    const shown = tokens(written);
    if (shown.length === toks.length && shown.every((t, i) => t.text === toks[i]!.text)) return snippet(written, shown, hits, open, close);
  }
  return snippet(body, toks, hits, open, close);
}

/** The SNIPPET_TOKENS-token window with the most matches, matches wrapped in `open`/`close`, "…" where text was cut. */
function snippet(body: string, toks: Token[], hits: boolean[], open: string, close: string): string {
  if (!toks.length) return body;
  const width = Math.min(SNIPPET_TOKENS, toks.length);
  let best = 0;
  let bestHits = -1;
  let inWindow = 0;
  for (let i = 0; i < toks.length; i++) {
    if (hits[i]) inWindow++;
    if (i >= width && hits[i - width]) inWindow--;
    const start = i - width + 1;
    if (start >= 0 && inWindow > bestHits) {
      bestHits = inWindow;
      best = start;
    }
  }
  // the window's matches in its middle, so the words around them show
  let first = best;
  let lastHit = best;
  for (let i = best; i < best + width; i++) {
    if (!hits[i]) continue;
    if (!hits[first]) first = i;
    lastHit = i;
  }
  if (hits[first]) best = Math.max(0, Math.min(toks.length - width, Math.floor((first + lastHit + 1 - width) / 2)));
  const last = best + width - 1;
  let out = best > 0 ? "…" : body.slice(0, toks[0]!.start);
  for (let i = best; i <= last; i++) {
    const t = toks[i]!;
    const word = body.slice(t.start, t.end);
    out += hits[i] ? `${open}${word}${close}` : word;
    out += i < last ? body.slice(t.end, toks[i + 1]!.start) : "";
  }
  out += last < toks.length - 1 ? "…" : body.slice(toks[last]!.end);
  return out;
}
