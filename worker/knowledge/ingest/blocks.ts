/** Extracted text as structure: headings and paragraphs, each with the page it came from. */
export type Block = { kind: "heading"; level: number; text: string; page?: number } | { kind: "paragraph"; text: string; page?: number };

export interface Extracted {
  blocks: Block[];
  pageCount: number | null;
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/** Markdown-ish text to blocks: `#` lines are headings, blank lines separate paragraphs. */
export function markdownToBlocks(text: string, page?: number): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    const t = para.join("\n").trim();
    if (t) blocks.push({ kind: "paragraph", text: t, ...(page ? { page } : {}) });
    para = [];
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, "");
    const h = line.match(HEADING);
    if (h) {
      flush();
      blocks.push({ kind: "heading", level: h[1]!.length, text: h[2]!, ...(page ? { page } : {}) });
    } else if (!line.trim()) flush();
    else para.push(line);
  }
  flush();
  return blocks;
}
