/**
 * Output safety for generated answers: no images (they would load from any
 * host the model or a document names) and no raw HTML; the chat renders a
 * strict markdown subset. Links stay as markdown links.
 */
export function sanitizeAnswer(text: string): string {
  return sanitizeFragment(text).replace(/\n{3,}/g, "\n\n").trim();
}

/** The same rules for a streamed piece (whitespace kept). */
export function sanitizeFragment(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/!\[[^\]]*\]\[[^\]]*\]/g, "")
    .replace(/<\/?[a-zA-Z][^>]*>/g, "")
    .replace(/<!--[\s\S]*?-->/g, "");
}
