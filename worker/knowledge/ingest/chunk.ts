import type { Block } from "./blocks";

export interface Chunk {
  text: string;
  page: number | null;
  section: string | null;
  position: number;
}

export interface ChunkOptions {
  /** a chunk is closed once it would exceed this many tokens */
  maxTokens: number;
  /** tokens of the previous chunk repeated at the start of its continuation */
  overlapTokens: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { maxTokens: 1000, overlapTokens: 100 };

/** Token estimate used for chunk sizes: ~4 characters per token. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * Splits structured text into chunks by structure: every heading starts a new
 * chunk (its section), paragraphs are packed up to `maxTokens`, and a section
 * that spills over continues in a new chunk that repeats the last
 * ~`overlapTokens` of the previous one. A chunk already half full ends at a
 * page break, so page citations stay precise. Each chunk keeps its (first)
 * page and its section.
 */
export function chunkBlocks(blocks: Block[], opts: ChunkOptions = DEFAULT_CHUNKING): Chunk[] {
  const maxChars = opts.maxTokens * 4;
  const overlapChars = opts.overlapTokens * 4;
  const chunks: Chunk[] = [];
  const headings: string[] = [];
  let parts: string[] = [];
  let size = 0;
  let page: number | null = null;
  let hasBody = false;

  const section = () => (headings.length ? headings.filter(Boolean).slice(-2).join(" > ") : null);
  const flush = (continuation: boolean) => {
    if (hasBody) chunks.push({ text: parts.join("\n\n"), page, section: section(), position: chunks.length });
    const tail = continuation && hasBody ? overlapTail(parts.join("\n\n"), overlapChars) : "";
    parts = tail ? [tail] : [];
    size = tail.length;
    hasBody = false;
    if (!continuation) page = null;
  };
  const add = (text: string, p: number | null) => {
    const pageTurn = p !== null && page !== null && p !== page && size >= maxChars / 2;
    if (hasBody && (size + text.length + 2 > maxChars || pageTurn)) flush(true);
    if (!hasBody && p !== null) page = p;
    parts.push(text);
    size += text.length + 2;
    hasBody = true;
  };

  for (const block of blocks) {
    const p = block.page ?? null;
    if (block.kind === "heading") {
      flush(false);
      headings.length = Math.min(headings.length, block.level - 1);
      while (headings.length < block.level - 1) headings.push("");
      headings.push(block.text);
      parts = [`${"#".repeat(block.level)} ${block.text}`];
      size = parts[0]!.length;
      page = p;
      continue;
    }
    for (const piece of splitLong(block.text, maxChars - overlapChars - 2)) add(piece, p);
  }
  flush(false);
  return chunks;
}

/** The last ~`chars` characters of `text`, starting at a sentence or word boundary. */
function overlapTail(text: string, chars: number): string {
  if (chars <= 0 || text.length <= chars) return chars > 0 ? text : "";
  const tail = text.slice(-chars);
  const sentence = tail.search(/[.!?。]\s+\S/);
  if (sentence >= 0 && sentence < tail.length / 2) return tail.slice(sentence + 1).trim();
  const space = tail.indexOf(" ");
  return (space >= 0 ? tail.slice(space + 1) : tail).trim();
}

/** Splits a paragraph longer than `max` characters at sentence, then word, boundaries. */
function splitLong(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf(". "), window.lastIndexOf("\n"), window.lastIndexOf("? "), window.lastIndexOf("! "));
    if (cut < max / 2) cut = window.lastIndexOf(" ");
    if (cut < max / 2) cut = max - 1;
    out.push(rest.slice(0, cut + 1).trim());
    rest = rest.slice(cut + 1).trimStart();
  }
  if (rest.trim()) out.push(rest.trim());
  return out;
}
