import type { RichButton, RichContent } from "../../../durable-objects/protocol";
import { plainFallback } from "../plain-text";

/** The `message` of one Send API request. */
export type MetaMessage = Record<string, unknown>;

const MAX_TEXT = 2000;
const MAX_ELEMENTS = 10;
const MAX_BUTTONS = 3;
const MAX_QUICK_REPLIES = 13;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * A message as Send API messages, sent in order: files first (by signed link;
 * Instagram takes images, video and audio, other files go as their link),
 * product cards as one generic template (≤ 10 elements, ≤ 3 buttons each),
 * the text — with its buttons as a button template on Messenger, or as a
 * one-element generic template on Instagram, which has no button template —
 * and the quick replies (≤ 13) on the last message.
 */
export function renderMeta(type: "messenger" | "instagram", text: string, rich: RichContent | undefined, files: { url: string; content_type: string }[] = []): MetaMessage[] {
  const out: MetaMessage[] = [];
  for (const f of files) {
    const kind = f.content_type.startsWith("image/") ? "image" : f.content_type.startsWith("video/") ? "video" : f.content_type.startsWith("audio/") ? "audio" : "file";
    if (type === "instagram" && kind === "file") out.push({ text: f.url });
    else out.push({ attachment: { type: kind, payload: { url: f.url, is_reusable: false } } });
  }
  if (rich?.cards?.length) {
    out.push(generic(rich.cards.slice(0, MAX_ELEMENTS).map((c) => element(c.title, [c.price ? `${(c.price.amount / 100).toFixed(2)} ${c.price.currency}` : "", c.subtitle ?? ""].filter(Boolean).join(" · "), c.image_url, c.buttons ?? []))));
  }
  const buttons = (rich?.buttons ?? []).slice(0, MAX_BUTTONS);
  // buttons past the third are written out under the text (no template takes more than 3)
  const body = rich?.buttons && rich.buttons.length > MAX_BUTTONS ? plainFallback(text, { buttons: rich.buttons.slice(MAX_BUTTONS) }) : text;
  if (buttons.length && type === "messenger") {
    out.push({ attachment: { type: "template", payload: { template_type: "button", text: cut(body.trim() || "…", 640), buttons: buttons.map(button) } } });
  } else if (buttons.length) {
    if (body.trim().length > 80) out.push(...chunks(body));
    out.push(generic([element(body.trim() || "…", "", undefined, buttons)]));
  } else if (body.trim()) {
    out.push(...chunks(body));
  }
  const quick = rich?.quick_replies ?? [];
  if (quick.length) {
    if (!out.length) out.push({ text: "…" });
    out[out.length - 1]!.quick_replies = quick.slice(0, MAX_QUICK_REPLIES).map((q) => ({ content_type: "text", title: cut(q, 20), payload: q.slice(0, 1000) }));
  }
  return out;
}

/** The same message as text alone, every button and card written out (what goes when Meta refuses a template). */
export function renderMetaPlain(text: string, rich: RichContent | undefined): MetaMessage[] {
  return chunks(plainFallback(text, rich).trim() || "…");
}

function chunks(text: string): MetaMessage[] {
  const out: MetaMessage[] = [];
  for (let i = 0; i < text.length; i += MAX_TEXT) out.push({ text: text.slice(i, i + MAX_TEXT) });
  return out;
}

const generic = (elements: Record<string, unknown>[]): MetaMessage => ({ attachment: { type: "template", payload: { template_type: "generic", elements } } });

function element(title: string, subtitle: string, imageUrl: string | undefined, buttons: RichButton[]) {
  return {
    title: cut(title, 80),
    ...(subtitle ? { subtitle: cut(subtitle, 80) } : {}),
    ...(imageUrl?.startsWith("https://") ? { image_url: imageUrl } : {}),
    ...(buttons.length ? { buttons: buttons.slice(0, MAX_BUTTONS).map(button) } : {}),
  };
}

/** open_url → a web_url button (https only); the others → a postback that comes back as its value (talk_to_human: its label). */
function button(b: RichButton) {
  const title = cut(b.label, 20);
  if (b.action === "open_url" && /^https:\/\//.test(b.value)) return { type: "web_url", url: b.value, title };
  return { type: "postback", title, payload: (b.action === "talk_to_human" || !b.value ? b.label : b.value).slice(0, 1000) };
}
