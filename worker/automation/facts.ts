import { isWithinBusinessHours } from "../chatbots/business-hours";
import type { BusinessHours } from "../chatbots/schemas";
import { parseTags } from "../inbox/conversation-row";
import type { Facts } from "./conditions";

interface Row {
  id: string;
  chatbot_id: string;
  channel: string;
  status: string;
  tags: string | null;
  visitor_id: string;
  name: string | null;
  current_page: string | null;
  landing_page: string | null;
  referrer: string | null;
  country: string | null;
  locale: string | null;
  device: string | null;
  visit_count: number | null;
  email: string | null;
  phone: string | null;
  business_hours: string | null;
  previous: number;
}

/**
 * The facts of one conversation for its rules, in one D1 read (plus the
 * message when the event is one): the conversation row, its visitor, the
 * chatbot's business hours. Null when the conversation is not the workspace's.
 */
export async function loadFacts(env: Env, workspaceId: string, conversationId: string, messageId: string | null = null, now = new Date()): Promise<Facts | null> {
  const row = await env.DB.prepare(
    `SELECT c.id, c.chatbot_id, c.channel, c.status, c.tags, c.visitor_id,
            v.name, v.current_page, v.landing_page, v.referrer, v.country, v.locale, v.device, v.visit_count, v.email, v.phone,
            b.business_hours,
            (SELECT count(*) FROM conversations p WHERE p.visitor_id = c.visitor_id AND p.workspace_id = c.workspace_id AND p.id != c.id) AS previous
     FROM conversations c LEFT JOIN visitors v ON v.id = c.visitor_id AND v.workspace_id = c.workspace_id LEFT JOIN chatbots b ON b.id = c.chatbot_id
     WHERE c.id = ?1 AND c.workspace_id = ?2`,
  )
    .bind(conversationId, workspaceId)
    .first<Row>();
  if (!row) return null;
  const message = await env.DB.prepare(
    messageId
      ? `SELECT text, intent FROM messages WHERE id = ?2 AND conversation_id = ?1 AND role = 'visitor'`
      : `SELECT text, intent FROM messages WHERE conversation_id = ?1 AND role = 'visitor' ORDER BY seq DESC LIMIT 1`,
  )
    .bind(conversationId, ...(messageId ? [messageId] : []))
    .first<{ text: string | null; intent: string | null }>();
  return {
    conversation: { id: row.id, chatbot_id: row.chatbot_id, channel: row.channel, status: row.status, tags: parseTags(row.tags) },
    visitor: {
      name: row.name,
      current_page: row.current_page,
      landing_page: row.landing_page,
      referrer: row.referrer,
      country: row.country,
      locale: row.locale,
      device: row.device,
      visit_count: row.visit_count ?? 1,
      identified: Boolean(row.email || row.phone),
      previous_conversations: row.previous,
    },
    text: message?.text ?? null,
    intent: message?.intent ?? null,
    open_now: openNow(row.business_hours, now),
  };
}

function openNow(raw: string | null, now: Date): boolean {
  try {
    const hours = JSON.parse(raw ?? "{}") as Partial<BusinessHours>;
    if (!hours.enabled || !hours.timezone || !hours.schedule) return true;
    return isWithinBusinessHours(hours as BusinessHours, now);
  } catch {
    return true;
  }
}
