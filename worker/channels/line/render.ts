import type { RichButton, RichContent } from "../../../durable-objects/protocol";
import { plainFallback } from "../plain-text";

type LineMessage = Record<string, unknown>;
const MAX_BUBBLES = 12;

/**
 * A message as LINE messages: the text (≤ 5000 chars) with quick replies
 * (≤ 13), product cards as a Flex carousel (≤ 12 bubbles, altText = the plain
 * fallback), buttons as a Flex bubble. LINE takes at most 5 messages per
 * request: the sender splits longer lists into several requests.
 */
export function renderLine(text: string, rich: RichContent | undefined, files: { url: string; content_type: string }[] = []): LineMessage[] {
  const out: LineMessage[] = [];
  for (const f of files) {
    if (f.content_type.startsWith("image/")) out.push({ type: "image", originalContentUrl: f.url, previewImageUrl: f.url });
    else out.push({ type: "text", text: f.url });
  }
  const fallback = plainFallback(text, rich);
  if (rich?.cards?.length) {
    out.push({ type: "flex", altText: fallback.slice(0, 400), contents: { type: "carousel", contents: rich.cards.slice(0, MAX_BUBBLES).map(cardBubble) } });
  }
  if (rich?.buttons?.length) {
    out.push({ type: "flex", altText: fallback.slice(0, 400), contents: bubble(text, rich.buttons) });
  } else if (text.trim()) {
    out.push({ type: "text", text: text.slice(0, 5000) });
  }
  if (rich?.quick_replies?.length && out.length) {
    out[out.length - 1]!.quickReply = { items: rich.quick_replies.slice(0, 13).map((q) => ({ type: "action", action: { type: "message", label: q.slice(0, 20), text: q } })) };
  }
  return out;
}

function action(b: RichButton) {
  if (b.action === "open_url" && /^https:\/\//.test(b.value)) return { type: "uri", label: b.label.slice(0, 20), uri: b.value };
  if (b.action === "talk_to_human") return { type: "message", label: b.label.slice(0, 20), text: b.label };
  return { type: "postback", label: b.label.slice(0, 20), data: b.value.slice(0, 300), displayText: b.label };
}

function bubble(text: string, buttons: RichButton[]) {
  return {
    type: "bubble",
    body: { type: "box", layout: "vertical", contents: [{ type: "text", text: text.slice(0, 2000) || " ", wrap: true }] },
    footer: { type: "box", layout: "vertical", spacing: "sm", contents: buttons.slice(0, 4).map((b) => ({ type: "button", style: "link", action: action(b) })) },
  };
}

function cardBubble(c: NonNullable<RichContent["cards"]>[number]) {
  const body: Record<string, unknown>[] = [{ type: "text", text: c.title, weight: "bold", wrap: true }];
  if (c.subtitle) body.push({ type: "text", text: c.subtitle, size: "sm", wrap: true, color: "#666666" });
  if (c.price) body.push({ type: "text", text: `${(c.price.amount / 100).toFixed(2)} ${c.price.currency}`, weight: "bold" });
  return {
    type: "bubble",
    ...(c.image_url?.startsWith("https://") ? { hero: { type: "image", url: c.image_url, size: "full", aspectMode: "cover" } } : {}),
    body: { type: "box", layout: "vertical", contents: body },
    ...(c.buttons?.length ? { footer: { type: "box", layout: "vertical", contents: c.buttons.map((b) => ({ type: "button", style: "primary", action: action(b) })) } } : {}),
  };
}
