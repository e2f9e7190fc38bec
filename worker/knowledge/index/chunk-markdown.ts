import type { SourceChunkInput } from "./types";

/**
 * Splits a Markdown document into retrievable chunks: front matter gives the
 * title (and a description prepended to the first chunk), headings give each
 * chunk its section, paragraphs are packed up to ~MAX_CHARS with a one
 * paragraph overlap. Markup (images, HTML/JSX, link targets, emphasis) is
 * reduced to plain text.
 */
const MAX_CHARS = 1100;

export interface MarkdownDoc {
  title: string;
  /** the front matter's description, if any (a page summary) */
  summary: string | null;
  chunks: SourceChunkInput[];
}

export function plainMarkdown(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/`{1,3}([^`]*)`{1,3}/g, "$1")
    .replace(/(\*\*|__)(.*?)\1/g, "$2")
    .replace(/^\s*>\s?/, "")
    .replace(/^\s*[-*+]\s+/, "- ")
    .replace(/\s+/g, " ")
    .trim();
}

export function chunkMarkdown(markdown: string, fallbackTitle = "Untitled"): MarkdownDoc {
  let body = markdown.replace(/\r\n/g, "\n");
  let title = "";
  let description = "";
  const fm = body.match(/^---\n([\s\S]*?)\n---\n?/);
  if (fm) {
    body = body.slice(fm[0].length);
    for (const line of fm[1]!.split("\n")) {
      const m = line.match(/^(\w+):\s*(.*)$/);
      if (!m) continue;
      const value = m[2]!.trim().replace(/^["']|["']$/g, "");
      if (m[1] === "title") title = value;
      if (m[1] === "description") description = value;
    }
  }
  // drop import/export lines (MDX) and fenced code markers but keep code text
  body = body.replace(/^(import|export) .*$/gm, "");

  const sections: { heading: string; path: string; paragraphs: string[] }[] = [{ heading: "", path: "", paragraphs: [] }];
  // open headings by level, so a passage knows its whole headings path
  const open: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    const text = paragraph.map(plainMarkdown).filter(Boolean).join(" ").trim();
    if (text) sections[sections.length - 1]!.paragraphs.push(text);
    paragraph = [];
  };
  for (const line of body.split("\n")) {
    const h = line.match(/^(#{1,4})\s+(.*)$/);
    if (h) {
      flush();
      const heading = plainMarkdown(h[2]!);
      if (!title && h[1] === "#") {
        title = heading;
        continue;
      }
      const level = h[1]!.length;
      open.length = Math.max(0, level - 1);
      open[level - 1] = heading;
      sections.push({ heading, path: open.filter(Boolean).join(" > "), paragraphs: [] });
      continue;
    }
    if (/^\s*$/.test(line) || /^\s*```/.test(line)) {
      flush();
      continue;
    }
    if (/^\s*[-*+]\s+|^\s*\d+\.\s+/.test(line)) flush();
    paragraph.push(line);
  }
  flush();
  if (!title) title = fallbackTitle;
  if (description) sections[0]!.paragraphs.unshift(description);

  const chunks: SourceChunkInput[] = [];
  for (const s of sections) {
    let current: string[] = [];
    let size = 0;
    const emit = () => {
      if (current.length === 0) return;
      chunks.push({ text: current.join("\n"), section: s.heading || null, headings: s.path || null, position: chunks.length });
    };
    for (const p of s.paragraphs) {
      if (size + p.length > MAX_CHARS && current.length > 0) {
        emit();
        const last = current[current.length - 1]!;
        current = last.length < MAX_CHARS / 3 ? [last] : [];
        size = current.reduce((n, x) => n + x.length, 0);
      }
      current.push(p);
      size += p.length;
    }
    emit();
  }
  return { title, summary: description || null, chunks };
}
