import type { InboundEvent } from "../types";

interface WaMedia {
  id?: string;
  mime_type?: string;
  caption?: string;
  filename?: string;
}
interface WaMessage {
  from?: string;
  id?: string;
  timestamp?: string;
  type?: string;
  text?: { body?: string };
  interactive?: { type?: string; button_reply?: { id?: string; title?: string }; list_reply?: { id?: string; title?: string } };
  button?: { text?: string; payload?: string };
  image?: WaMedia;
  document?: WaMedia;
  audio?: WaMedia;
  video?: WaMedia;
  sticker?: WaMedia;
  location?: unknown;
  contacts?: unknown[];
}
interface WaStatus {
  id?: string;
  status?: string;
  timestamp?: string;
  recipient_id?: string;
  errors?: { code?: number; title?: string; message?: string; error_data?: { details?: string } }[];
}
interface WaValue {
  metadata?: { phone_number_id?: string };
  contacts?: { wa_id?: string; profile?: { name?: string } }[];
  messages?: WaMessage[];
  statuses?: WaStatus[];
}

const at = (unix: string | undefined) => new Date(unix && /^\d+$/.test(unix) ? Number(unix) * 1000 : Date.now()).toISOString();
const EXT: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf", "audio/ogg": "ogg", "audio/mpeg": "mp3", "audio/mp4": "m4a", "video/mp4": "mp4" };

/**
 * The events of a WhatsApp Cloud API webhook body (`whatsapp_business_account`
 * object, `messages` field) for this connection's phone number: the person's
 * messages (the wamid is the event id, so a redelivery is ignored; text,
 * reply-button and list picks as the id they stand for, media by id with the
 * caption as text, the profile name from `contacts`) and the status updates of
 * the business's own messages (sent / delivered / read / failed with the error).
 */
export function parseWhatsAppEvents(rawBody: string, phoneNumberId: string): InboundEvent[] {
  let body: { object?: string; entry?: { changes?: { field?: string; value?: WaValue }[] }[] };
  try {
    body = JSON.parse(rawBody) as typeof body;
  } catch {
    return [];
  }
  if (body.object !== "whatsapp_business_account") return [];
  const out: InboundEvent[] = [];
  for (const entry of body.entry ?? []) {
    for (const change of entry.changes ?? []) {
      const v = change.value;
      if (change.field !== "messages" || !v) continue;
      if (v.metadata?.phone_number_id && v.metadata.phone_number_id !== phoneNumberId) continue; // another number of the same app
      const names = new Map((v.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
      for (const m of v.messages ?? []) {
        if (!m.from || !m.id) continue;
        const name = names.get(m.from);
        const e = messageOf(m);
        if (e) out.push({ eventId: m.id, kind: "message", userId: m.from, at: at(m.timestamp), ...(name ? { profile: { displayName: name } } : {}), ...e });
      }
      for (const s of v.statuses ?? []) {
        if (!s.id || !s.recipient_id || !(s.status === "sent" || s.status === "delivered" || s.status === "read" || s.status === "failed")) continue;
        const err = s.errors?.[0];
        const error = err ? `WhatsApp could not deliver${err.code ? ` (${err.code})` : ""}: ${[err.title, err.error_data?.details ?? err.message].filter(Boolean).join(" — ")}`.slice(0, 500) : undefined;
        out.push({ eventId: `${s.id}:${s.status}`, kind: "status", userId: s.recipient_id, at: at(s.timestamp), status: { providerMessageId: s.id, state: s.status, ...(error ? { error } : {}) } });
      }
    }
  }
  return out;
}

function messageOf(m: WaMessage): Pick<InboundEvent, "text" | "media"> | null {
  switch (m.type) {
    case "text":
      return { text: (m.text?.body ?? "").slice(0, 4000) };
    case "interactive": {
      const pick = m.interactive?.button_reply ?? m.interactive?.list_reply;
      return pick ? { text: (pick.id || pick.title || "").slice(0, 4000) } : null;
    }
    case "button": // a template's quick-reply button
      return { text: (m.button?.payload || m.button?.text || "").slice(0, 4000) };
    case "image":
    case "document":
    case "audio":
    case "video": {
      const f = m[m.type];
      if (!f?.id) return null;
      const kind = m.type === "document" ? "file" : m.type;
      const name = f.filename ?? `whatsapp-${m.type}-${f.id}.${EXT[(f.mime_type ?? "").split(";")[0]!.trim()] ?? "bin"}`;
      return { media: { providerId: f.id, kind, name }, ...(f.caption ? { text: f.caption.slice(0, 4000) } : {}) };
    }
    case "sticker":
      return { text: "(sticker)" };
    case "location":
      return { text: "(location)" };
    case "contacts":
      return { text: "(contact)" };
    default:
      return null;
  }
}
