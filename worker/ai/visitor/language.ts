/**
 * The language a visitor is writing in (EN or TH, the two the product ships
 * strings for): the message's own script when it has letters, otherwise the
 * visitor's earlier messages, otherwise the page/browser locale.
 */
export type VisitorLang = "en" | "th";

const THAI = /[\u0E00-\u0E7F]/g;
const LATIN = /[A-Za-z]/g;

/** The script of one text, or null when it has no letters (emoji, "555", "?"). */
export function scriptOf(text: string): VisitorLang | null {
  const th = text.match(THAI)?.length ?? 0;
  const en = text.match(LATIN)?.length ?? 0;
  if (th === 0 && en === 0) return null;
  // Thai letters are denser than Latin ones; a Thai sentence with a brand name stays Thai
  return th * 2 >= en ? "th" : "en";
}

export function visitorLanguage(message: string, earlier: string[] = [], locale?: string | null): VisitorLang {
  const own = scriptOf(message);
  if (own) return own;
  for (let i = earlier.length - 1; i >= 0; i--) {
    const l = scriptOf(earlier[i]!);
    if (l) return l;
  }
  return locale?.toLowerCase().startsWith("th") ? "th" : "en";
}
