import type { RichButton, RichContent } from "../../../durable-objects/protocol";
import { plainFallback } from "../plain-text";

/** One Bot API call of a rendered message (sent in order). */
export interface TelegramSend {
  method: "sendMessage" | "sendPhoto" | "sendDocument";
  body: Record<string, unknown>;
}

type InlineButton = { text: string; url: string } | { text: string; callback_data: string };

const MAX_TEXT = 4096;
/** callback_data is at most 64 bytes */
const MAX_CALLBACK_BYTES = 64;

/**
 * A message as Bot API calls: files first (photos by URL, anything else as a
 * document), then the text with an inline keyboard — buttons one per row
 * (open_url as URL buttons, the others as callback buttons that come back as
 * the text they stand for), product cards as lines of the text with their
 * buttons, quick replies two per row. Plain text, no parse mode: nothing a
 * bot or agent writes can break Telegram's markup parser.
 */
export function renderTelegram(chatId: string, text: string, rich: RichContent | undefined, files: { url: string; content_type: string }[] = []): TelegramSend[] {
  const out: TelegramSend[] = files.map((f) =>
    f.content_type.startsWith("image/") ? { method: "sendPhoto", body: { chat_id: chatId, photo: f.url } } : { method: "sendDocument", body: { chat_id: chatId, document: f.url } },
  );
  const keyboard = keyboardOf(rich);
  const body = cardText(text, rich);
  if (!body.trim() && !keyboard.length) return out;
  out.push({
    method: "sendMessage",
    body: { chat_id: chatId, text: (body.trim() || "…").slice(0, MAX_TEXT), ...(keyboard.length ? { reply_markup: { inline_keyboard: keyboard } } : {}) },
  });
  return out;
}

/** The same message with every button written out as text (what is sent when Telegram refuses the keyboard). */
export function renderTelegramPlain(chatId: string, text: string, rich: RichContent | undefined): TelegramSend {
  return { method: "sendMessage", body: { chat_id: chatId, text: (plainFallback(text, rich).trim() || "…").slice(0, MAX_TEXT) } };
}

function cardText(text: string, rich: RichContent | undefined): string {
  const cards = rich?.cards ?? [];
  if (!cards.length) return text;
  return plainFallback(text, { cards: cards.map(({ buttons: _b, ...c }) => c) });
}

function keyboardOf(rich: RichContent | undefined): InlineButton[][] {
  if (!rich) return [];
  const rows: InlineButton[][] = [];
  for (const b of rich.buttons ?? []) rows.push([button(b)]);
  for (const c of rich.cards ?? []) for (const b of c.buttons ?? []) rows.push([button(b, c.title)]);
  const quick = (rich.quick_replies ?? []).map((q): InlineButton => ({ text: q, callback_data: callbackData(q, q) }));
  for (let i = 0; i < quick.length; i += 2) rows.push(quick.slice(i, i + 2));
  return rows.slice(0, 100);
}

function button(b: RichButton, card?: string): InlineButton {
  const label = (card ? `${b.label} · ${card}` : b.label).slice(0, 64);
  if (b.action === "open_url" && /^https?:\/\//.test(b.value)) return { text: label, url: b.value };
  if (b.action === "talk_to_human") return { text: label, callback_data: callbackData(b.label, b.label) };
  return { text: label, callback_data: callbackData(b.value, b.label) };
}

/** The value when it fits in 64 bytes, else the label (what LINE's message action would send), cut to 64 bytes. */
function callbackData(value: string, label: string): string {
  const enc = new TextEncoder();
  if (value && enc.encode(value).length <= MAX_CALLBACK_BYTES) return value;
  let s = label;
  while (enc.encode(s).length > MAX_CALLBACK_BYTES) s = s.slice(0, -1);
  return s;
}
