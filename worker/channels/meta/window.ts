/**
 * Meta's messaging windows (Messenger, Instagram, WhatsApp): a business may
 * message a person freely for 24 hours after that person's last message.
 * After that, Messenger and Instagram allow human agents to answer with the
 * `HUMAN_AGENT` tag until 7 days have passed; WhatsApp needs an approved
 * template instead.
 */
export const STANDARD_WINDOW_MS = 24 * 60 * 60 * 1000;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type WindowState =
  | { state: "open"; closes_at: string }
  | { state: "human_agent"; closes_at: string }
  | { state: "closed"; closes_at: null };

/** Where a conversation stands, from the person's last inbound message (ISO time or null when they never wrote). */
export function messagingWindow(lastInboundAt: string | null, now = Date.now()): WindowState {
  const last = lastInboundAt ? Date.parse(lastInboundAt) : NaN;
  if (Number.isNaN(last)) return { state: "closed", closes_at: null };
  if (now - last < STANDARD_WINDOW_MS) return { state: "open", closes_at: new Date(last + STANDARD_WINDOW_MS).toISOString() };
  if (now - last < HUMAN_AGENT_WINDOW_MS) return { state: "human_agent", closes_at: new Date(last + HUMAN_AGENT_WINDOW_MS).toISOString() };
  return { state: "closed", closes_at: null };
}
