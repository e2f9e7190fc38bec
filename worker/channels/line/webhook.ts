import { timingSafeEqual } from "../../lib/crypto";
import type { InboundEvent } from "../types";

/** `x-line-signature`: base64 HMAC-SHA256 of the raw body, keyed with the channel secret. */
export async function lineSignature(secret: string, rawBody: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(rawBody)));
  return btoa(String.fromCharCode(...mac));
}

export async function verifyLineSignature(secret: string, rawBody: string, header: string | null): Promise<boolean> {
  if (!header) return false;
  return timingSafeEqual(await lineSignature(secret, rawBody), header);
}

interface LineEvent {
  type?: string;
  mode?: string;
  timestamp?: number;
  webhookEventId?: string;
  replyToken?: string;
  source?: { type?: string; userId?: string };
  message?: { id?: string; type?: string; text?: string; fileName?: string; packageId?: string; stickerId?: string };
  postback?: { data?: string };
}

/** The events of a LINE webhook body MiniChat acts on (1:1 chats with a user, active mode). */
export function parseLineEvents(rawBody: string): InboundEvent[] {
  let body: { events?: LineEvent[] };
  try {
    body = JSON.parse(rawBody) as { events?: LineEvent[] };
  } catch {
    return [];
  }
  const out: InboundEvent[] = [];
  for (const e of body.events ?? []) {
    const userId = e.source?.userId;
    if (!userId || !e.webhookEventId || e.mode === "standby") continue;
    const at = new Date(e.timestamp ?? Date.now()).toISOString();
    const base = { eventId: e.webhookEventId, userId, at, ...(e.replyToken ? { replyToken: e.replyToken } : {}) };
    if (e.type === "follow") out.push({ ...base, kind: "follow" });
    else if (e.type === "unfollow") out.push({ ...base, kind: "unfollow" });
    else if (e.type === "postback" && e.postback?.data) out.push({ ...base, kind: "message", text: e.postback.data });
    else if (e.type === "message" && e.message) {
      const m = e.message;
      if (m.type === "text") out.push({ ...base, kind: "message", text: m.text ?? "" });
      else if (m.type === "sticker") out.push({ ...base, kind: "message", text: "(sticker)" });
      else if ((m.type === "image" || m.type === "video" || m.type === "audio" || m.type === "file") && m.id) {
        const ext = m.type === "image" ? "jpg" : m.type === "video" ? "mp4" : m.type === "audio" ? "m4a" : "bin";
        out.push({ ...base, kind: "message", media: { providerId: m.id, kind: m.type, name: m.fileName ?? `line-${m.type}-${m.id}.${ext}` } });
      } else if (m.type === "location") out.push({ ...base, kind: "message", text: "(location)" });
    }
  }
  return out;
}
