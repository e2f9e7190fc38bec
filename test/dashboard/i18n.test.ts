/// <reference types="vite/client" />
/**
 * Every dashboard string lives in the message files: the Thai catalogue has
 * every English key (with the same placeholders), and no page or component
 * writes user-visible English directly (a heuristic over the source text:
 * JSX text, user-facing attributes, toasts, confirms and thrown messages).
 * A line that must keep a literal (a brand, a code sample) ends with
 * `// i18n-ignore`.
 */
import { describe, expect, it } from "vitest";
import { messages } from "../../dashboard/src/i18n/messages";
import { errorText, translate } from "../../dashboard/src/i18n";

const sources = import.meta.glob(["../../dashboard/src/pages/**/*.tsx", "../../dashboard/src/components/**/*.tsx", "../../dashboard/src/app.tsx"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/**
 * Settings tabs whose strings are not in the message files yet (known debt,
 * listed so the list can only shrink: a file that no longer has English must
 * leave it).
 */
const PENDING = new Set<string>([]);

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Words a string may contain without being English prose. */
const ALLOWED = /^(MiniChat|API|URL|CSV|PDF|JSON|ID|OK|TOTP|PromptPay|Stripe|Google|—|·|…|[#@/×←→●◐✓✕+\-:.,()|\d\s%]*)$/;

function englishIn(line: string): string[] {
  if (line.includes("i18n-ignore") || /^\s*(en|th):/.test(line)) return [];
  const found: string[] = [];
  const prose = (s: string) => {
    const text = s.trim();
    if (!/[A-Za-z]{2,}/.test(text) || ALLOWED.test(text)) return;
    // code, not words: identifiers, class lists, paths, expressions
    if (/^[\w.-]+$/.test(text) && !/^[A-Z][a-z]+$/.test(text)) return;
    if (/[=;&|]{1}|=>|\(\)|\$\{/.test(text) || /^\(\w+$/.test(text) || /\w\(|\b[a-z]\w*\.[a-z]\w+/.test(text)) return;
    found.push(text);
  };
  // JSX text between tags: >Some words<
  for (const m of line.matchAll(/(?<!=)>([^<>{}]+)</g)) prose(m[1]);
  // a line that is only JSX text (multi-line children)
  const bare = line.trim();
  if (/^[A-Za-z][^<>{}=;()"]*[.!?…:]?$/.test(bare) && !/[,:]$/.test(bare) && /\s/.test(bare) && !/^(import|export|return|const|let|if|else|case|type|interface|function)\b/.test(bare)) prose(bare);
  // user-facing attributes with a literal value
  for (const m of line.matchAll(/\b(placeholder|aria-label|title|label|alt|hint|sub)="([^"]+)"/g)) prose(m[2]);
  // toasts, confirmations, errors and prompts with a literal message
  for (const m of line.matchAll(/\b(notify|confirm|alert|prompt|set\w*|Error)\(\s*["'`]([^"'`]+)["'`]/g)) prose(m[2]);
  // literal words in expressions: cond ? "Sign in" : "Signing in…", { field: "Some message" }
  for (const m of line.matchAll(/[?:]\s*"([A-Z][^"]*)"/g)) prose(m[1]);
  return found;
}

describe("dashboard strings", () => {
  it("has every English key in Thai, with the same placeholders and a translation", () => {
    const missing: string[] = [];
    for (const [key, en] of Object.entries(messages.en)) {
      const th = (messages.th as Record<string, string | undefined>)[key];
      if (!th || !th.trim()) missing.push(`${key}: no Thai text`);
      else if (placeholders(en).join() !== placeholders(th).join()) missing.push(`${key}: placeholders ${placeholders(en)} vs ${placeholders(th)}`);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(messages.th).sort()).toEqual(Object.keys(messages.en).sort());
  });

  it("translates with the chosen language, fills placeholders and falls back to the server's message for unknown error codes", () => {
    expect(translate("th", "common.save")).toBe("บันทึก");
    expect(translate("en", "inbox.noMatches", { query: "refund" })).toBe("Nothing matches “refund”.");
    expect(errorText("RATE_LIMITED", "Too many requests", "th")).toBe(messages.th["errors.RATE_LIMITED"]);
    expect(errorText("SOMETHING_NEW", "The server's words", "th")).toBe("The server's words");
  });

  it("has no hard-coded English in pages and components", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(40);
    const offenders: string[] = [];
    const stillPending = new Set<string>();
    for (const [path, text] of Object.entries(sources)) {
      const file = path.replace("../../dashboard/src/", "");
      text.split("\n").forEach((line, i) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
        for (const s of englishIn(line)) {
          if (PENDING.has(file)) stillPending.add(file);
          else offenders.push(`${file}:${i + 1}: ${s}`);
        }
      });
    }
    expect(offenders).toEqual([]);
    // a file moved to the message files leaves the list
    expect([...PENDING].filter((f) => !stillPending.has(f))).toEqual([]);
  });

  it("catches the kinds of literal this guards against", () => {
    expect(englishIn(`<h1>Page not found</h1>`)).toEqual(["Page not found"]);
    expect(englishIn(`<input placeholder="Search messages…" />`)).toEqual(["Search messages…"]);
    expect(englishIn(`notify("Chatbot saved");`)).toEqual(["Chatbot saved"]);
    expect(englishIn(`          Take over`)).toEqual(["Take over"]);
    expect(englishIn(`<h1>{t("notFound.title")}</h1>`)).toEqual([]);
    expect(englishIn(`<span class="brand-name">MiniChat</span>`)).toEqual([]);
  });
});
