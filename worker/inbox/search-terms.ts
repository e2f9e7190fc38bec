/**
 * Tenant-keyed terms of the message search index. Every word of a message's
 * index row carries its workspace's key in front (`k7q2x9a1refund`) and every
 * query word is keyed the same way, so a MATCH reads only its own workspace's
 * postings — the prefix of the last word too: `"k7q2x9a1refun"*` expands over
 * the terms of one workspace, not over every tenant's "refun…" terms (FTS5
 * merges the postings of all terms a prefix matches before any filter applies).
 *
 * The key is the last KEY_LENGTH characters of the workspace id (random
 * base62/base36), lowercased as the unicode61 tokenizer folds it. Two
 * workspaces with the same key would share postings (slower, never wrong: a
 * search also filters on the row's workspace_id). Migration 0033 writes the
 * same keying in SQL for the rows its triggers index (exact for ASCII and Thai
 * text; test/inbox/search-terms.test.ts checks both agree).
 */
export const KEY_LENGTH = 8;

/** A run of characters unicode61 keeps in one token: letters, digits, private use, and the Latin diacritics it folds away. */
const TOKEN_RUN = /[\p{L}\p{N}\p{Co}\u0300-\u036f]+/gu;

export const tenantKey = (workspaceId: string) => workspaceId.slice(-KEY_LENGTH).toLowerCase();

/** The text with the key in front of every token (what the index row stores). */
export const keyTerms = (text: string, key: string) => text.replace(TOKEN_RUN, (run) => key + run);

/** The stored row's text as it was before keying (for ranking and snippets). */
export const unkeyTerms = (body: string, key: string) => body.split(key).join("");

/** The runs of token characters of a text, as unicode61 splits it into words (before case folding). */
export const tokenRuns = (text: string): string[] => text.match(TOKEN_RUN) ?? [];

/** Whether the word has anything the index can match. */
export const hasTerms = (word: string) => new RegExp(TOKEN_RUN.source, "u").test(word);

/** Text the triggers of migration 0033 key exactly as keyTerms does: letters, digits, whitespace and common punctuation (ASCII). */
export const keyedBySql = (text: string) => /^[A-Za-z0-9\t\n\r .,!?'":;()/-]*$/.test(text);
