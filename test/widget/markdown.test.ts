import { describe, expect, it } from "vitest";
import type { VNode } from "preact";
import { markdownToHtml, renderMarkdown, safeHref } from "../../widget/src/lib/markdown";

const ALLOWED_TAGS = new Set(["p", "br", "strong", "em", "code", "ul", "ol", "li", "a"]);

/** Walks a VNode tree and returns every element it would create. */
function elements(nodes: unknown): { type: string; props: Record<string, unknown> }[] {
  const out: { type: string; props: Record<string, unknown> }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === "object" && "type" in n) {
      const v = n as VNode<Record<string, unknown>>;
      out.push({ type: String(v.type), props: v.props });
      walk(v.props.children);
    }
  };
  walk(nodes);
  return out;
}

function textOf(nodes: unknown): string {
  if (typeof nodes === "string") return nodes;
  if (Array.isArray(nodes)) return nodes.map(textOf).join("");
  if (nodes && typeof nodes === "object" && "props" in nodes) return textOf((nodes as VNode<{ children?: unknown }>).props.children);
  return "";
}

describe("strict markdown renderer", () => {
  it("renders the supported subset: paragraphs, breaks, bold, italic, code, lists and links", () => {
    const html = markdownToHtml(
      "Hello **world** and *you*\nsecond `a<b` line\n\n- one\n- [two](https://example.com/x)\n\n1. first\n2. second",
    );
    expect(html).toBe(
      '<p>Hello <strong>world</strong> and <em>you</em><br>second <code>a&lt;b</code> line</p>' +
        '<ul><li>one</li><li><a href="https://example.com/x" target="_blank" rel="noopener noreferrer nofollow">two</a></li></ul>' +
        "<ol><li>first</li><li>second</li></ol>",
    );
  });

  it("escapes raw HTML instead of interpreting it", () => {
    const html = markdownToHtml('<img src=x onerror=alert(1)> <script>alert("x")</script>');
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    const nodes = renderMarkdown("<img src=x onerror=alert(1)>");
    expect(elements(nodes).map((e) => e.type)).toEqual(["p"]);
    expect(textOf(nodes)).toBe("<img src=x onerror=alert(1)>");
  });

  it("refuses javascript:, data: and vbscript: links in any spelling", () => {
    for (const payload of [
      "[x](javascript:alert(1))",
      "[x](JaVaScRiPt:alert(1))",
      "[x]( javascript:alert(1))",
      "[x](java\tscript:alert(1))",
      "[x](&#106;avascript:alert(1))",
      "[x](data:text/html,<script>alert(1)</script>)",
      "[x](vbscript:msgbox(1))",
      "[x](//evil.example/path)",
      "[x](/relative)",
    ]) {
      const all = elements(renderMarkdown(payload));
      expect(all.filter((e) => e.type === "a"), payload).toEqual([]);
      expect(markdownToHtml(payload), payload).not.toMatch(/href=/);
    }
  });

  it("never produces an image from markdown image syntax", () => {
    const nodes = renderMarkdown("look ![x](https://evil.example/?q=secret) here");
    const all = elements(nodes);
    expect(all.some((e) => e.type === "img")).toBe(false);
    const link = all.find((e) => e.type === "a");
    expect(link?.props.href).toBe("https://evil.example/?q=secret");
    expect(markdownToHtml("![x](https://evil.example/?q=secret)")).not.toContain("<img");
  });

  it("opens safe links in a new tab without referrer or opener", () => {
    const [a] = elements(renderMarkdown("mail [us](mailto:help@example.com) or see https://example.com/faq.")).filter((e) => e.type === "a");
    expect(a.props).toMatchObject({ href: "mailto:help@example.com", target: "_blank", rel: "noopener noreferrer nofollow" });
    const links = elements(renderMarkdown("see https://example.com/faq.")).filter((e) => e.type === "a");
    expect(links[0].props.href).toBe("https://example.com/faq");
  });

  it("keeps attribute-breaking characters inside hrefs escaped", () => {
    const html = markdownToHtml('[x](https://example.com/"onmouseover="alert(1))');
    expect(html).not.toContain('"onmouseover');
    expect(safeHref('https://example.com/"a')).toBe("https://example.com/%22a");
  });

  it("handles nested and broken markup without creating unexpected elements", () => {
    for (const payload of [
      "**bold *italic* `code`**",
      "**unclosed bold",
      "*a **b* c**",
      "[unclosed](https://x.example",
      "[[[[nested](https://a.example)]]]",
      "`` ` ``",
      "<a href='javascript:alert(1)'>x</a>",
      "[**bold link**](https://example.com)",
      "[a [b](https://x.example) c](https://y.example)",
      "snake_case_words stay _plain_ text",
    ]) {
      const all = elements(renderMarkdown(payload));
      for (const e of all) expect(ALLOWED_TAGS.has(e.type), `${payload} → ${e.type}`).toBe(true);
      for (const a of all.filter((e) => e.type === "a")) expect(String(a.props.href)).toMatch(/^(https?:|mailto:)/);
      expect(all.filter((e) => e.type === "a").every((a) => elements(a.props.children).every((c) => c.type !== "a"))).toBe(true);
    }
    expect(markdownToHtml("**bold *italic* `code`**")).toBe("<p><strong>bold <em>italic</em> <code>code</code></strong></p>");
    expect(markdownToHtml("snake_case_words")).toBe("<p>snake_case_words</p>");
  });

  it("renders very long and pathological input quickly and completely", () => {
    const inputs = ["[".repeat(100_000), "**a".repeat(30_000), "`".repeat(50_001), "x ".repeat(200_000), "*_".repeat(40_000)];
    for (const input of inputs) {
      const started = Date.now();
      const nodes = renderMarkdown(input);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(textOf(nodes).length).toBeGreaterThan(0);
    }
    expect(textOf(renderMarkdown("[".repeat(100_000))).length).toBe(100_000);
  });

  it("renders empty and whitespace-only input as nothing", () => {
    expect(renderMarkdown("")).toEqual([]);
    expect(markdownToHtml("  \n\n ")).toBe("");
  });
});
