import { messagingWindow } from "./meta/window";

/**
 * Whether the business may still write to the person on a conversation's
 * channel, from their last inbound message. WhatsApp: free-form for 24 hours,
 * then approved templates only (`closed`, `templates_required`). Messenger and
 * Instagram: 24 hours, then `human_agent` (agents only, with the HUMAN_AGENT
 * tag) up to 7 days, then closed. Channels without such a rule (web, LINE,
 * Telegram, email) are always open.
 */
export interface ReplyWindow {
  state: "open" | "human_agent" | "closed";
  closes_at: string | null;
  /** only an approved template can reach the person now (WhatsApp outside the window) */
  templates_required: boolean;
}

const WINDOWED = new Set(["whatsapp", "messenger", "instagram"]);

export function replyWindow(channelType: string | null, lastInboundAt: string | null, now = Date.now()): ReplyWindow {
  if (!channelType || !WINDOWED.has(channelType)) return { state: "open", closes_at: null, templates_required: false };
  const w = messagingWindow(lastInboundAt, now);
  if (channelType === "whatsapp" && w.state !== "open") return { state: "closed", closes_at: null, templates_required: true };
  return { ...w, templates_required: false };
}

/** The person's last inbound message on a conversation's channel (the window is per person, across their conversations). */
export async function lastInboundOf(env: Env, conversationId: string): Promise<{ channel: string; channel_id: string | null; last_inbound_at: string | null } | null> {
  return env.DB.prepare(
    `SELECT c.channel, c.channel_id, cc.last_inbound_at FROM conversations c
     LEFT JOIN channel_contacts cc ON cc.channel_id = c.channel_id AND cc.external_id = c.channel_user_id
     WHERE c.id = ?1`,
  )
    .bind(conversationId)
    .first<{ channel: string; channel_id: string | null; last_inbound_at: string | null }>();
}
