/**
 * A strict, small markdown subset for chat messages, shared by the widget and
 * the dashboard inbox.
 *
 * Supported: paragraphs, line breaks, **bold**, *italic* / _italic_, `code`,
 * "- " / "1. " lists, [links](https://…) and bare http(s) URLs.
 * Links are kept only for http:, https: and mailto: and always open in a new
 * tab with rel="noopener noreferrer nofollow". Raw HTML is never interpreted
 * (everything is text), and images are never produced: `![alt](url)` renders
 * as a "!" followed by an ordinary link.
 *
 * The parser produces a tiny tree of allow-listed nodes; `renderMarkdown`
 * turns it into Preact VNodes (text is escaped by Preact) and `markdownToHtml`
 * into an escaped HTML string.
 */
import { h } from "preact";
import type { VNode } from "preact";

export type Inline =
  | { t: "text"; v: string }
  | { t: "br" }
  | { t: "code"; v: string }
  | { t: "strong"; c: Inline[] }
  | { t: "em"; c: Inline[] }
  | { t: "a"; href: string; c: Inline[] };

export type Block =
  | { t: "p"; c: Inline[] }
  | { t: "ul"; items: Inline[][] }
  | { t: "ol"; items: Inline[][]; start: number };

/** Longer inputs are still rendered, but only the first part is parsed as markdown. */
export const MAX_MARKDOWN_CHARS = 20_000;
/** Closing delimiters are only looked for this far ahead (keeps parsing linear). */
const WINDOW = 2_000;
const MAX_DEPTH = 4;

const LINK_REL = "noopener noreferrer nofollow";

/** Returns a normalised href when the URL is http(s) or mailto, else null. */
export function safeHref(raw: string): string | null {
  // Browsers ignore ASCII control characters and whitespace inside schemes
  // ("java\tscript:"), so strip them before looking at the scheme.
  // eslint-disable-next-line no-control-regex
  const cleaned = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (!/^(https?:\/\/|mailto:)/i.test(cleaned)) return null;
  try {
    const url = new URL(cleaned);
    if (url.protocol !== "http:" && url.protocol !== "https:" && url.protocol !== "mailto:") return null;
    return url.href;
  } catch {
    return null;
  }
}

const UL_RE = /^\s{0,3}[-*+]\s+(.*)$/;
const OL_RE = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;

export function parseMarkdown(input: string): Block[] {
  const text = String(input ?? "").replace(/\r\n?/g, "\n");
  const head = text.length > MAX_MARKDOWN_CHARS ? text.slice(0, MAX_MARKDOWN_CHARS) : text;
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { t: "ul" | "ol"; items: string[]; start: number } | null = null;

  const flushPara = () => {
    if (para.length) blocks.push({ t: "p", c: parseLines(para) });
    para = [];
  };
  const flushList = () => {
    if (!list) return;
    const items = list.items.map((s) => parseInline(s, 0, false));
    blocks.push(list.t === "ul" ? { t: "ul", items } : { t: "ol", items, start: list.start });
    list = null;
  };

  for (const line of head.split("\n")) {
    if (!line.trim()) {
      flushPara();
      flushList();
      continue;
    }
    const ul = UL_RE.exec(line);
    const ol = ul ? null : OL_RE.exec(line);
    if (ul || ol) {
      const kind = ul ? "ul" : "ol";
      flushPara();
      if (list && list.t !== kind) flushList();
      if (!list) list = { t: kind, items: [], start: ol ? Number(ol[1]) : 1 };
      list.items.push(ul ? ul[1] : ol![2]);
      continue;
    }
    if (list && /^\s{2,}\S/.test(line)) {
      // An indented line continues the previous list item.
      list.items[list.items.length - 1] += " " + line.trim();
      continue;
    }
    flushList();
    para.push(line);
  }
  flushPara();
  flushList();
  if (head.length < text.length) blocks.push({ t: "p", c: [{ t: "text", v: text.slice(head.length) }] });
  return blocks;
}

function parseLines(lines: string[]): Inline[] {
  const out: Inline[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push({ t: "br" });
    out.push(...parseInline(line, 0, false));
  });
  return out;
}

const URL_RE = /^https?:\/\/[^\s<>"'`]+/i;

function parseInline(s: string, depth: number, inLink: boolean): Inline[] {
  const out: Inline[] = [];
  let buf = "";
  const push = (node: Inline) => {
    if (buf) out.push({ t: "text", v: buf });
    buf = "";
    out.push(node);
  };
  // Delimiters known to have no closer after some position: skip re-scanning.
  const noCloser = new Set<string>();
  const find = (needle: string, from: number): number => {
    if (noCloser.has(needle)) return -1;
    const end = Math.min(s.length, from + WINDOW);
    const idx = s.indexOf(needle, from);
    if (idx === -1) noCloser.add(needle);
    return idx !== -1 && idx + needle.length <= end ? idx : -1;
  };

  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === "\\" && i + 1 < s.length && /[\\`*_[\]()!#+\-.]/.test(s[i + 1])) {
      buf += s[i + 1];
      i += 2;
      continue;
    }
    if (ch === "`") {
      const close = find("`", i + 1);
      if (close > i + 1) {
        push({ t: "code", v: s.slice(i + 1, close) });
        i = close + 1;
        continue;
      }
    }
    if (depth < MAX_DEPTH && (ch === "*" || (ch === "_" && !/[\p{L}\p{N}]/u.test(s[i - 1] ?? "")))) {
      const strong = s[i + 1] === ch;
      const delim = strong ? ch + ch : ch;
      const start = i + delim.length;
      if (start < s.length && !/\s/.test(s[start])) {
        const close = find(delim, start + 1);
        if (close > start && !/\s/.test(s[close - 1]) && (strong || s[close + 1] !== ch)) {
          const inner = parseInline(s.slice(start, close), depth + 1, inLink);
          push(strong ? { t: "strong", c: inner } : { t: "em", c: inner });
          i = close + delim.length;
          continue;
        }
      }
    }
    if (!inLink && ch === "[" && depth < MAX_DEPTH) {
      const mid = find("](", i + 1);
      if (mid > i) {
        const close = find(")", mid + 2);
        if (close > mid + 2 && s.slice(i + 1, mid).indexOf("[") === -1) {
          const label = s.slice(i + 1, mid);
          const href = safeHref(s.slice(mid + 2, close).trim());
          if (href && label) push({ t: "a", href, c: parseInline(label, depth + 1, true) });
          else buf += label || s.slice(mid + 2, close);
          i = close + 1;
          continue;
        }
      }
    }
    if (!inLink && (ch === "h" || ch === "H") && (i === 0 || /[\s(]/.test(s[i - 1]))) {
      const m = URL_RE.exec(s.slice(i, i + WINDOW));
      if (m) {
        // Trailing punctuation usually belongs to the sentence, not the URL.
        const raw = m[0].replace(/[.,;:!?)]+$/, "");
        const href = safeHref(raw);
        if (href) {
          push({ t: "a", href, c: [{ t: "text", v: raw }] });
          i += raw.length;
          continue;
        }
      }
    }
    buf += ch;
    i++;
  }
  if (buf) out.push({ t: "text", v: buf });
  return out;
}

/* ---------- Preact output ---------- */

function inlineToVNodes(nodes: Inline[]): (VNode | string)[] {
  return nodes.map((n, key): VNode | string => {
    switch (n.t) {
      case "text":
        return n.v;
      case "br":
        return h("br", { key }) as VNode;
      case "code":
        return h("code", { key }, n.v) as VNode;
      case "strong":
        return h("strong", { key }, inlineToVNodes(n.c)) as VNode;
      case "em":
        return h("em", { key }, inlineToVNodes(n.c)) as VNode;
      case "a":
        return h("a", { key, href: n.href, target: "_blank", rel: LINK_REL }, inlineToVNodes(n.c)) as VNode;
    }
  });
}

/** Markdown → Preact VNodes. Text is escaped by Preact; only allow-listed tags are created. */
export function renderMarkdown(input: string): VNode[] {
  return parseMarkdown(input).map((b, key): VNode => {
    if (b.t === "p") return h("p", { key }, inlineToVNodes(b.c)) as VNode;
    const items = b.items.map((it, i) => h("li", { key: i }, inlineToVNodes(it)));
    return (b.t === "ul" ? h("ul", { key }, items) : h("ol", { key, start: b.start }, items)) as VNode;
  });
}

/* ---------- HTML string output ---------- */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function inlineToHtml(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case "text":
          return escapeHtml(n.v);
        case "br":
          return "<br>";
        case "code":
          return `<code>${escapeHtml(n.v)}</code>`;
        case "strong":
          return `<strong>${inlineToHtml(n.c)}</strong>`;
        case "em":
          return `<em>${inlineToHtml(n.c)}</em>`;
        case "a":
          return `<a href="${escapeHtml(n.href)}" target="_blank" rel="${LINK_REL}">${inlineToHtml(n.c)}</a>`;
      }
    })
    .join("");
}

/** Markdown → escaped HTML (for places that need a string, e.g. email or transcripts). */
export function markdownToHtml(input: string): string {
  return parseMarkdown(input)
    .map((b) => {
      if (b.t === "p") return `<p>${inlineToHtml(b.c)}</p>`;
      const items = b.items.map((it) => `<li>${inlineToHtml(it)}</li>`).join("");
      return b.t === "ul" ? `<ul>${items}</ul>` : `<ol${b.start !== 1 ? ` start="${b.start}"` : ""}>${items}</ol>`;
    })
    .join("");
}
