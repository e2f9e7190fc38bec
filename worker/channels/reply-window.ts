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

/** Why a team member's free-form reply cannot go out now (409 REPLY_WINDOW_CLOSED), or null when it can. */
export interface ReplyRefusal {
  code: "REPLY_WINDOW_CLOSED";
  message: string;
  details: {
    channel: string;
    state: ReplyWindow["state"];
    closes_at: string | null;
    last_inbound_at: string | null;
    templates_required: boolean;
    /** templates_required: WhatsApp outside 24 h (send an approved template); expired: Messenger/Instagram past 7 days; never_wrote: the customer has not written yet */
    reason: "templates_required" | "expired" | "never_wrote";
  };
}

const NAMES: Record<string, string> = { whatsapp: "WhatsApp", messenger: "Messenger", instagram: "Instagram" };

/**
 * A team member's reply against the window the composer shows: open, or
 * Messenger/Instagram's 7-day HUMAN_AGENT allowance → it may go; WhatsApp
 * outside 24 hours (use an approved template) or Messenger/Instagram past
 * 7 days → refused before anything is stored.
 */
export function agentReplyRefusal(channel: string | null, lastInboundAt: string | null, now = Date.now()): ReplyRefusal | null {
  const w = replyWindow(channel, lastInboundAt, now);
  if (w.state !== "closed" || !channel) return null;
  const name = NAMES[channel] ?? channel;
  const reason = w.templates_required ? "templates_required" : lastInboundAt ? "expired" : "never_wrote";
  const message =
    reason === "templates_required"
      ? `Outside ${name}'s 24-hour customer-service window: only an approved template can be sent until the customer writes again (POST /api/v1/conversations/{id}/channel-template)`
      : reason === "expired"
        ? `More than 7 days since the customer last wrote on ${name}: a reply can go once they write again`
        : `The customer has not written on ${name} yet, and ${name} only allows replies`;
  return { code: "REPLY_WINDOW_CLOSED", message, details: { channel, state: w.state, closes_at: w.closes_at, last_inbound_at: lastInboundAt, templates_required: w.templates_required, reason } };
}

/** Channels where a reply window applies (the others never refuse). */
export const hasReplyWindow = (channel: string | null | undefined) => Boolean(channel && WINDOWED.has(channel));

/** The refusal for a team member's reply on a conversation now, from its stored last inbound message. */
export async function conversationReplyRefusal(env: Env, conversationId: string): Promise<ReplyRefusal | null> {
  const conv = await lastInboundOf(env, conversationId);
  if (!conv || !hasReplyWindow(conv.channel)) return null;
  return agentReplyRefusal(conv.channel, conv.last_inbound_at);
}
