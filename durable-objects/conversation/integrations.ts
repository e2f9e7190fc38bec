import type { MessageSendFrame } from "../protocol";
import type { OutboxItem } from "./outbox";
import type { ConversationState, SocketIdentity } from "./types";

/** The OUTBOUND message this object sends after a flush (the Worker's consumer validates it; worker/outbound/messages.ts checks the two agree). */
export interface ConversationActivityJob {
  type: "conversation.activity";
  workspace_id: string;
  conversation_id: string;
  channel: string;
  messages: { id: string; role: string }[];
  events: { id: string; type: string; to_status: string | null }[];
  visitor_id: string | null;
  visitor_online?: boolean;
}

/**
 * The conversation's side of channels and webhooks: after each flush to D1,
 * one `conversation.activity` message on OUTBOUND names what was written
 * (ids only), when anyone listens — a conversation on a messaging channel,
 * an event members are notified of (created, escalated, assigned, transferred,
 * an escalation left unanswered, a resolve — the transcript email to the
 * visitor is the consumer's to decide), or a workspace with an active webhook or an enabled automation rule (looked
 * up at most every 30 s; rules run on the consumer, off this object's path).
 * A failed send fails the flush, which is retried; the consumer is idempotent.
 */
export async function forwardActivity(env: Env, s: ConversationState, items: OutboxItem[], visitorOnline: boolean): Promise<void> {
  const messages = items.flatMap((i) => (i.kind === "message" ? [{ id: i.message.id, role: i.message.role }] : []));
  const events = items.flatMap((i) => (i.kind === "event" && RELEVANT.has(i.event.type) ? [{ id: i.event.id, type: i.event.type, to_status: i.event.to_status }] : []));
  const contact = items.some((i) => i.kind === "visitor_contact");
  if (!messages.length && !events.length && !contact) return;
  // a web visitor who left gets agent replies by email
  const mailable = s.channel === "web" && !visitorOnline && messages.some((m) => m.role === "agent");
  if (s.channel === "web" && !mailable && !events.some((e) => notifies(e) || resolves(e)) && !(await hasListeners(env, s.workspaceId))) return;
  const job: ConversationActivityJob = {
    type: "conversation.activity",
    workspace_id: s.workspaceId,
    conversation_id: s.id,
    channel: s.channel,
    messages,
    events,
    visitor_id: contact ? s.visitorId : null,
    visitor_online: visitorOnline,
  };
  await env.OUTBOUND.send(job);
}

const RELEVANT = new Set(["created", "status_changed", "rated", "assigned", "transferred", "escalation_unanswered"]);
/** Events the notification centre and Slack act on (worker/notifications/activity.ts): forwarded even when no webhook or rule listens. */
const notifies = (e: { type: string; to_status: string | null }) =>
  e.type === "created" || e.type === "assigned" || e.type === "transferred" || e.type === "escalation_unanswered" || (e.type === "status_changed" && e.to_status === "escalated");
/** A resolve: the chatbot may mail the visitor the transcript (worker/notify/transcript.ts). Once per resolution, not per message. */
const resolves = (e: { type: string; to_status: string | null }) => e.type === "status_changed" && e.to_status === "resolved";
const WEBHOOK_CACHE_MS = 30_000;
const webhookCache = new Map<string, { has: boolean; at: number }>();

async function hasListeners(env: Env, workspaceId: string): Promise<boolean> {
  const hit = webhookCache.get(workspaceId);
  if (hit && Date.now() - hit.at < WEBHOOK_CACHE_MS) return hit.has;
  const row = await env.DB.prepare(
    `SELECT 1 AS x WHERE EXISTS (SELECT 1 FROM webhooks WHERE workspace_id = ?1 AND active = 1) OR EXISTS (SELECT 1 FROM automation_rules WHERE workspace_id = ?1 AND enabled = 1)`,
  )
    .bind(workspaceId)
    .first();
  webhookCache.set(workspaceId, { has: Boolean(row), at: Date.now() });
  return Boolean(row);
}

/** A socket stand-in for messages that arrive from a channel: acks and echoes have nobody to go to. */
export const CHANNEL_SOCKET = { send() {}, close() {} } as unknown as WebSocket;

export const channelVisitor = (s: ConversationState): SocketIdentity => ({ kind: "visitor", id: s.visitorId, name: s.visitorName, canRespond: true });

export const channelFrame = (clientId: string, text: string, attachments: { id: string }[]): MessageSendFrame => ({
  type: "message:send",
  client_id: clientId,
  ...(text ? { text } : {}),
  ...(attachments.length ? { attachments } : {}),
});
