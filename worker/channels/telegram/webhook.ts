import { timingSafeEqual } from "../../lib/crypto";
import type { InboundEvent } from "../types";

/** `X-Telegram-Bot-Api-Secret-Token` must equal the secret given to setWebhook. */
export function verifyTelegramSecret(expected: string | undefined, header: string | null): boolean {
  if (!expected || !header) return false;
  return timingSafeEqual(expected, header);
}

interface TgUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
}
interface TgFile {
  file_id: string;
  file_unique_id?: string;
  file_name?: string;
  mime_type?: string;
}
interface TgMessage {
  message_id: number;
  date?: number;
  chat: { id: number; type: string };
  from?: TgUser;
  text?: string;
  caption?: string;
  photo?: (TgFile & { width?: number; height?: number })[];
  document?: TgFile;
  video?: TgFile;
  voice?: TgFile;
  audio?: TgFile;
  sticker?: TgFile & { emoji?: string };
  location?: unknown;
  contact?: { phone_number?: string };
}
interface TgUpdate {
  update_id?: number;
  message?: TgMessage;
  callback_query?: { id: string; from: TgUser; data?: string; message?: { chat: { id: number; type: string } } };
  my_chat_member?: { chat: { id: number; type: string }; from: TgUser; date?: number; new_chat_member?: { status?: string } };
}

const nameOf = (u: TgUser | undefined) => (u ? [u.first_name, u.last_name].filter(Boolean).join(" ") || (u.username ? `@${u.username}` : undefined) : undefined);
const at = (unix: number | undefined) => new Date(unix ? unix * 1000 : Date.now()).toISOString();

/**
 * The update of a Telegram webhook body, normalised: private chats only
 * (groups are not conversations), `update_id` as the event id (duplicates are
 * ignored), text/caption, the largest photo size or the file, a pressed
 * inline button as the text it stands for, and the user blocking/unblocking
 * the bot as unfollow/follow. `/start` (the first tap on "Start") is a follow.
 */
export function parseTelegramUpdate(rawBody: string): InboundEvent[] {
  let u: TgUpdate;
  try {
    u = JSON.parse(rawBody) as TgUpdate;
  } catch {
    return [];
  }
  if (typeof u.update_id !== "number") return [];
  const eventId = String(u.update_id);
  if (u.callback_query) {
    const q = u.callback_query;
    if (q.message && q.message.chat.type !== "private") return [];
    const profile = { displayName: nameOf(q.from) };
    return [{ eventId, kind: "message", userId: String(q.from.id), text: (q.data ?? "").slice(0, 4000), callbackId: q.id, profile, at: at(undefined) }];
  }
  if (u.my_chat_member) {
    const m = u.my_chat_member;
    if (m.chat.type !== "private") return [];
    const status = m.new_chat_member?.status;
    const kind = status === "kicked" || status === "left" ? "unfollow" : "follow";
    return [{ eventId, kind, userId: String(m.chat.id), profile: { displayName: nameOf(m.from) }, at: at(m.date) }];
  }
  const m = u.message;
  if (!m || m.chat.type !== "private") return [];
  const base = { eventId, userId: String(m.chat.id), profile: { displayName: nameOf(m.from) }, at: at(m.date) };
  if (m.text !== undefined && /^\/start(\s|$)/.test(m.text)) return [{ ...base, kind: "follow" }];
  const text = m.text ?? m.caption;
  const media = mediaOf(m);
  if (media) return [{ ...base, kind: "message", media, ...(text ? { text } : {}) }];
  if (text !== undefined) return [{ ...base, kind: "message", text }];
  if (m.sticker) return [{ ...base, kind: "message", text: m.sticker.emoji ? `(sticker ${m.sticker.emoji})` : "(sticker)" }];
  if (m.location) return [{ ...base, kind: "message", text: "(location)" }];
  if (m.contact) return [{ ...base, kind: "message", text: `(contact${m.contact.phone_number ? ` ${m.contact.phone_number}` : ""})` }];
  return [];
}

function mediaOf(m: TgMessage): InboundEvent["media"] | undefined {
  const largest = m.photo?.length ? m.photo[m.photo.length - 1]! : undefined;
  if (largest) return { providerId: largest.file_id, kind: "image", name: `telegram-photo-${largest.file_unique_id ?? m.message_id}.jpg` };
  if (m.video) return { providerId: m.video.file_id, kind: "video", name: m.video.file_name ?? `telegram-video-${m.message_id}.mp4` };
  if (m.voice) return { providerId: m.voice.file_id, kind: "audio", name: `telegram-voice-${m.message_id}.ogg` };
  if (m.audio) return { providerId: m.audio.file_id, kind: "audio", name: m.audio.file_name ?? `telegram-audio-${m.message_id}.mp3` };
  if (m.document) return { providerId: m.document.file_id, kind: "file", name: m.document.file_name ?? `telegram-file-${m.message_id}` };
  return undefined;
}
