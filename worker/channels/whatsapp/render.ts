import type { RichButton, RichCard, RichContent } from "../../../durable-objects/protocol";
import { plainFallback } from "../plain-text";

/** One Cloud API message (the body of POST /{phone-number-id}/messages without `messaging_product` and `to`). */
export type WaMessage = Record<string, unknown> & { type: string };

const MAX_TEXT = 4096;
const MAX_INTERACTIVE_BODY = 1024;
const MAX_REPLY_BUTTONS = 3;
const MAX_LIST_ROWS = 10;

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const https = (url: string | undefined) => (url && /^https:\/\//.test(url) ? url : null);

/** A choice the person can tap: its id comes back as the text of their reply (the value when it fits, else the label). */
interface Choice {
  id: string;
  title: string;
}
const choiceOf = (b: RichButton, prefix = ""): Choice => ({ id: (b.action === "talk_to_human" || !b.value ? b.label : b.value).slice(0, 200), title: `${prefix}${b.label}` });
const urlLines = (buttons: RichButton[]) => buttons.filter((b) => b.action === "open_url").map((b) => `${b.label}: ${b.value}`);

/**
 * A message as Cloud API messages, sent in order: files first (images by
 * link, anything else as a document), each product card (an image with its
 * text, or an interactive message with the image as header and up to three
 * reply buttons), then the text with its choices — up to 3 as reply buttons,
 * up to 10 as a list — and link buttons written into the text (reply buttons
 * cannot open links; a single link without other choices becomes a call-to-
 * action URL button).
 */
export function renderWhatsApp(text: string, rich: RichContent | undefined, files: { url: string; content_type: string }[] = []): WaMessage[] {
  const out: WaMessage[] = files.map((f) => (f.content_type.startsWith("image/") ? { type: "image", image: { link: f.url } } : { type: "document", document: { link: f.url } }));
  for (const card of rich?.cards ?? []) out.push(cardMessage(card));
  const buttons = rich?.buttons ?? [];
  const choices = [...buttons.filter((b) => b.action !== "open_url").map((b) => choiceOf(b)), ...(rich?.quick_replies ?? []).map((q) => ({ id: q.slice(0, 200), title: q }))];
  const links = buttons.filter((b) => b.action === "open_url" && https(b.value));
  const body = text.trim();
  if (!choices.length && links.length === 1 && body && body.length <= MAX_INTERACTIVE_BODY) {
    out.push({ type: "interactive", interactive: { type: "cta_url", body: { text: body }, action: { name: "cta_url", parameters: { display_text: cut(links[0]!.label, 20), url: links[0]!.value } } } });
    return out;
  }
  const withLinks = [body, ...urlLines(buttons)].filter(Boolean).join("\n");
  if (choices.length) out.push(choiceMessage(withLinks || "…", choices));
  else if (withLinks) out.push({ type: "text", text: { body: cut(withLinks, MAX_TEXT), preview_url: /https?:\/\//.test(withLinks) } });
  return out;
}

/** The same message as one text with every card, button and quick reply written out (what goes when WhatsApp refuses an interactive message). */
export function renderWhatsAppPlain(text: string, rich: RichContent | undefined): WaMessage {
  return { type: "text", text: { body: cut(plainFallback(text, rich).trim() || "…", MAX_TEXT) } };
}

function choiceMessage(body: string, choices: Choice[]): WaMessage {
  if (choices.length <= MAX_REPLY_BUTTONS) {
    return {
      type: "interactive",
      interactive: { type: "button", body: { text: cut(body, MAX_INTERACTIVE_BODY) }, action: { buttons: choices.map((c) => ({ type: "reply", reply: { id: c.id, title: cut(c.title, 20) } })) } },
    };
  }
  return {
    type: "interactive",
    interactive: {
      type: "list",
      body: { text: cut(body, MAX_INTERACTIVE_BODY) },
      action: {
        button: "Options",
        sections: [{ rows: choices.slice(0, MAX_LIST_ROWS).map((c) => ({ id: c.id, title: cut(c.title, 24), ...(c.title.length > 24 ? { description: cut(c.title, 72) } : {}) })) }],
      },
    },
  };
}

/** A product card: image + text, or (with reply buttons) an interactive message with the image as its header. */
function cardMessage(c: RichCard): WaMessage {
  const lines = [c.title, c.price ? `${(c.price.amount / 100).toFixed(2)} ${c.price.currency}` : "", c.subtitle ?? "", ...urlLines(c.buttons ?? [])].filter(Boolean).join("\n");
  const image = https(c.image_url);
  const replies = (c.buttons ?? []).filter((b) => b.action !== "open_url").slice(0, MAX_REPLY_BUTTONS);
  if (replies.length) {
    return {
      type: "interactive",
      interactive: {
        type: "button",
        ...(image ? { header: { type: "image", image: { link: image } } } : {}),
        body: { text: cut(lines, MAX_INTERACTIVE_BODY) },
        action: { buttons: replies.map((b) => ({ type: "reply", reply: { id: choiceOf(b).id, title: cut(b.label, 20) } })) },
      },
    };
  }
  if (image) return { type: "image", image: { link: image, caption: cut(lines, MAX_INTERACTIVE_BODY) } };
  return { type: "text", text: { body: cut(lines, MAX_TEXT) } };
}

/** An approved template with its body parameters in order ({{1}}, {{2}} …). */
export function templateMessage(name: string, language: string, parameters: string[]): WaMessage {
  return {
    type: "template",
    template: { name, language: { code: language }, ...(parameters.length ? { components: [{ type: "body", parameters: parameters.map((text) => ({ type: "text", text })) }] } : {}) },
  };
}
