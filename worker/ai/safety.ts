import { isLinkAllowed, type LinkPolicy, NO_LINKS } from "./link-policy";

/**
 * Output safety for generated answers: no images (they would load from any
 * host the model or a document names), no raw HTML (the chat renders a
 * strict markdown subset), and no clickable link to a host outside the
 * tenant's knowledge and allowed origins (`link-policy.ts`): a disallowed
 * markdown link keeps its text and loses its target, a disallowed bare URL
 * is shown as code (visible, not clickable). Without a policy no link is
 * allowed.
 */
export function sanitizeAnswer(text: string, links: LinkPolicy = NO_LINKS): string {
  return sanitizeFragment(text, links).replace(/\n{3,}/g, "\n\n").trim();
}

/** The same rules for a streamed piece (whitespace kept). */
export function sanitizeFragment(text: string, links: LinkPolicy = NO_LINKS): string {
  const cleaned = text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/!\[[^\]]*\]\[[^\]]*\]/g, "")
    .replace(/<\/?[a-zA-Z][^>]*>/g, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/\u0000/g, "");
  return neutraliseLinks(cleaned, links);
}

// [label](target "title") — the target may hold one level of balanced parentheses
const MD_LINK = /\[([^[\]\n]*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g;
const BARE_URL = /https?:\/\/[^\s<>"'`]+/gi;
const CODE_SPAN = /(`+)[^`\n]*?\1/g;

function neutraliseLinks(text: string, links: LinkPolicy): string {
  // code spans render as text, never as links: leave them as they are
  let out = "";
  let last = 0;
  for (const m of text.matchAll(CODE_SPAN)) {
    out += neutraliseOutsideCode(text.slice(last, m.index), links) + m[0];
    last = m.index + m[0].length;
  }
  return out + neutraliseOutsideCode(text.slice(last), links);
}

function neutraliseOutsideCode(text: string, links: LinkPolicy): string {
  if (!text) return text;
  const kept: string[] = [];
  const withoutLinks = text.replace(MD_LINK, (whole, label: string, target: string) => {
    if (isLinkAllowed(links, target)) {
      kept.push(whole);
      return `\u0000${kept.length - 1}\u0000`;
    }
    return label;
  });
  const bare = withoutLinks.replace(BARE_URL, (raw) => {
    const url = raw.replace(/[.,;:!?]+$/, "");
    const tail = raw.slice(url.length);
    return isLinkAllowed(links, url) ? raw : `\`${url}\`${tail}`;
  });
  return bare.replace(/\u0000(\d+)\u0000/g, (_, i: string) => kept[Number(i)]!);
}
