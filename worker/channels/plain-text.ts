import type { RichContent } from "../../durable-objects/protocol";

/** What a channel without rich messages shows: the text, then each card and button as a line. */
export function plainFallback(text: string, rich: RichContent | undefined): string {
  const lines = [text];
  for (const c of rich?.cards ?? []) lines.push(`• ${c.title}${c.price ? ` — ${(c.price.amount / 100).toFixed(2)} ${c.price.currency}` : ""}${c.subtitle ? `\n  ${c.subtitle}` : ""}`);
  for (const b of rich?.buttons ?? []) lines.push(b.action === "open_url" ? `${b.label}: ${b.value}` : `→ ${b.label}`);
  if (rich?.quick_replies?.length) lines.push(rich.quick_replies.map((q) => `[${q}]`).join(" "));
  return lines.filter(Boolean).join("\n");
}
