/**
 * HTML to markdown-ish text (headings as `#` lines, paragraphs separated by
 * blank lines), its title and its links. A small tolerant parser: script,
 * style, nav, footer and similar chrome are dropped; text is entity-decoded.
 */
export interface HtmlText {
  title: string | null;
  text: string;
  links: string[];
  /** <base href>, if the page declares one */
  base: string | null;
}

const NAMED: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", ndash: "–", mdash: "—", hellip: "…",
  copy: "©", reg: "®", trade: "™", rsquo: "’", lsquo: "‘", ldquo: "“", rdquo: "”", bull: "•", middot: "·", times: "×", euro: "€", pound: "£",
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[body.toLowerCase()] ?? m;
  });
}

const stripTags = (s: string) => s.replace(/<[^>]*>/g, " ");
const DROP = /<(script|style|noscript|template|svg|nav|iframe|footer|select|button|form|object|canvas)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const BLOCK_END = /<\/(p|div|section|article|main|aside|header|table|tr|ul|ol|dl|blockquote|pre|figure|figcaption|address|details|summary)\s*>/gi;
const BLOCK_START = /<(p|div|section|article|main|aside|header|table|tr|ul|ol|dl|blockquote|pre|figure|hr)\b[^>]*>/gi;

export function htmlToText(html: string): HtmlText {
  let s = html.replace(/<!--[\s\S]*?-->/g, " ");
  s = s.replace(/<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ");
  const titleMatch = s.match(/<title\b[^>]*>([\s\S]*?)<\/title\s*>/i);
  const title = titleMatch ? decodeEntities(stripTags(titleMatch[1]!)).replace(/\s+/g, " ").trim() || null : null;
  const { links, base } = extractLinks(s);

  s = s.replace(/<head\b[^>]*>[\s\S]*?<\/head\s*>/i, " ");
  s = s.replace(DROP, " ");
  s = s.replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_m, level: string, inner: string) => {
    const text = decodeEntities(stripTags(inner)).replace(/\s+/g, " ").trim();
    return text ? `\n\n${"#".repeat(Number(level))} ${text}\n\n` : "\n\n";
  });
  s = s.replace(/<li\b[^>]*>/gi, "\n- ");
  s = s.replace(/<br\s*\/?>/gi, "\n");
  s = s.replace(/<\/(td|th)\s*>/gi, " \t ");
  s = s.replace(BLOCK_END, "\n\n").replace(BLOCK_START, "\n\n");
  s = decodeEntities(s.replace(/<[^>]*>/g, ""));
  const text = s
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { title, text, links, base };
}

/** href values of <a>/<area> in document order and the <base> href; entity-decoded, unresolved. */
export function extractLinks(html: string): { links: string[]; base: string | null } {
  const out: string[] = [];
  let base: string | null = null;
  const re = /<(a|area|base)\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/gi;
  for (const m of html.matchAll(re)) {
    const href = decodeEntities((m[2] ?? m[3] ?? m[4] ?? "").trim());
    if (!href) continue;
    if (m[1]!.toLowerCase() === "base") base ??= href;
    else out.push(href);
  }
  return { links: out, base };
}
