import type { Block } from "./blocks";

const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:page\s+|p\.\s*|หน้า\s*)?\d{1,4}(?:\s*(?:of|\/|จาก)\s*\d{1,4})?(?:\s*[-–—])?$/i;

/** A line that is only a page number ("12", "- 12 -", "Page 3 of 10"). */
export const isPageNumber = (line: string) => PAGE_NUMBER.test(line.trim());

const normalizeLine = (line: string) => line.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u00ad]/g, "").replace(/\s+/g, " ").trim();
/** Digits blanked so "Acme guide – page 3" and "… page 4" count as the same running header. */
const lineKey = (line: string) => line.replace(/\d+/g, "#").toLowerCase();

/**
 * Cleans the text lines of a paged document: normalises whitespace, drops
 * bare page numbers, and drops running headers/footers (a line among the
 * first or last three of a page that recurs on at least 60% of the pages,
 * when there are three pages or more).
 */
export function cleanPages(pages: string[][]): string[][] {
  const normalized = pages.map((lines) => lines.map(normalizeLine));
  const repeated = new Set<string>();
  if (normalized.length >= 3) {
    const counts = new Map<string, number>();
    for (const lines of normalized) {
      const nonEmpty = lines.filter(Boolean);
      const edges = new Set([...nonEmpty.slice(0, 3), ...nonEmpty.slice(-3)].map(lineKey));
      for (const k of edges) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const [k, n] of counts) if (n >= Math.ceil(normalized.length * 0.6)) repeated.add(k);
  }
  return normalized.map((lines) => {
    const nonEmpty = lines.filter(Boolean);
    const edges = new Set([...nonEmpty.slice(0, 3), ...nonEmpty.slice(-3)]);
    return lines.filter((l) => !(l && (isPageNumber(l) || (edges.has(l) && repeated.has(lineKey(l))))));
  });
}

/** Whitespace-normalised blocks without bare page numbers or empty text. */
export function cleanBlocks(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const text = b.text
      .split("\n")
      .map(normalizeLine)
      .filter((l) => l && !isPageNumber(l))
      .join("\n");
    if (text) out.push({ ...b, text });
  }
  return out;
}
