import type { InboundEvent } from "../types";

interface MetaAttachment {
  type?: string;
  payload?: { url?: string; sticker_id?: number; title?: string };
}
interface MetaMessaging {
  sender?: { id?: string };
  recipient?: { id?: string };
  timestamp?: number;
  message?: {
    mid?: string;
    text?: string;
    is_echo?: boolean;
    is_deleted?: boolean;
    is_unsupported?: boolean;
    quick_reply?: { payload?: string };
    attachments?: MetaAttachment[];
  };
  postback?: { mid?: string; title?: string; payload?: string };
}
interface MetaBody {
  object?: string;
  entry?: { id?: string; time?: number; messaging?: MetaMessaging[] }[];
}

const MEDIA_KINDS: Record<string, NonNullable<InboundEvent["media"]>["kind"]> = { image: "image", video: "video", audio: "audio", file: "file", ig_reel: "video", reel: "video" };
const EXT: Record<string, string> = { image: "jpg", video: "mp4", audio: "mp4", file: "bin" };

/**
 * The messages of a Messenger (`object: "page"`) or Instagram
 * (`object: "instagram"`) webhook body addressed to this connection's Page or
 * Instagram account, normalised: the message `mid` is the event id (a
 * redelivery is ignored), text, a quick reply's or postback's payload as the
 * text it stands for, each attachment as media (its CDN link is fetched into
 * R2). Echoes of what the Page itself sent, reads, deliveries and reactions
 * are not conversation messages.
 */
export function parseMetaEvents(rawBody: string, type: "messenger" | "instagram", accountId: string | undefined): InboundEvent[] {
  let body: MetaBody;
  try {
    body = JSON.parse(rawBody) as MetaBody;
  } catch {
    return [];
  }
  if (body.object !== (type === "instagram" ? "instagram" : "page")) return [];
  const out: InboundEvent[] = [];
  for (const entry of body.entry ?? []) {
    if (accountId && entry.id !== accountId) continue; // another Page of the same app
    for (const m of entry.messaging ?? []) {
      const userId = m.sender?.id;
      if (!userId || userId === accountId) continue;
      const at = new Date(m.timestamp ?? entry.time ?? Date.now()).toISOString();
      if (m.postback) {
        const eventId = m.postback.mid ?? `postback:${userId}:${m.timestamp ?? ""}`;
        out.push({ eventId, kind: "message", userId, text: (m.postback.payload || m.postback.title || "").slice(0, 4000), at });
        continue;
      }
      const msg = m.message;
      if (!msg?.mid || msg.is_echo || msg.is_deleted) continue;
      if (msg.quick_reply?.payload) {
        out.push({ eventId: msg.mid, kind: "message", userId, text: msg.quick_reply.payload.slice(0, 4000), at });
        continue;
      }
      const files = (msg.attachments ?? []).filter((a) => a.payload?.url && a.type && a.type in MEDIA_KINDS && !a.payload.sticker_id);
      files.forEach((a, i) => {
        const kind = MEDIA_KINDS[a.type!]!;
        out.push({
          eventId: i ? `${msg.mid}#${i}` : msg.mid!,
          kind: "message",
          userId,
          media: { providerId: a.payload!.url!, kind, name: `${type}-${kind}-${i + 1}.${EXT[kind] ?? "bin"}` },
          ...(i === 0 && msg.text ? { text: msg.text } : {}),
          at,
        });
      });
      if (files.length) continue;
      if (msg.text !== undefined) out.push({ eventId: msg.mid, kind: "message", userId, text: msg.text, at });
      else if (msg.attachments?.some((a) => a.payload?.sticker_id)) out.push({ eventId: msg.mid, kind: "message", userId, text: "(sticker)", at });
      else if (msg.attachments?.length) out.push({ eventId: msg.mid, kind: "message", userId, text: `(${msg.attachments[0]!.type ?? "attachment"})`, at });
    }
  }
  return out;
}
