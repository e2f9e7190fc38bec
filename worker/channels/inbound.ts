import { conversationStub } from "../../durable-objects/stubs";
import { PUBLISHED_FLOWS_COLUMN, flowEntries } from "../flows/entries";
import { DEFAULT_AGENT_REPLY_TIMEOUT_MS, DEFAULT_INACTIVITY_TIMEOUT_MS } from "../../durable-objects/conversation/types";
import { escalationWaitMsOf } from "../../durable-objects/conversation/waiting";
import type { BotMode } from "../../durable-objects/protocol";
import { storeAttachment } from "../inbox/attachments";
import { sha256Hex } from "../lib/crypto";
import { newId, nowIso } from "../lib/ids";
import { lineContent, lineProfile } from "./line/api";
import { answerCallback, telegramFile } from "./telegram/api";
import { attachmentBytes, userProfile } from "./messenger/api";
import type { ChannelRow } from "./store";
import type { InboundEvent } from "./types";
import { threadText } from "./email/thread";
import { whatsappMedia } from "./whatsapp/api";
import { applyDeliveryStatus } from "./whatsapp/status";

interface ContactRow {
  id: string;
  visitor_id: string;
  conversation_id: string | null;
  display_name: string | null;
}

/**
 * Takes verified provider events into the widget's conversation path: each
 * event once (its id is remembered per channel), the person as a visitor
 * (with their channel profile), their open conversation (or a new one with
 * the channel recorded) and the message through the ConversationDO — the
 * same append, seq, bot turn, takeover and status rules as the widget.
 */
export async function receiveInbound(env: Env, channel: ChannelRow, secrets: Record<string, string>, events: InboundEvent[]): Promise<void> {
  await env.DB.prepare(`INSERT INTO channel_status (channel_id, workspace_id, last_event_at) VALUES (?1, ?2, ?3) ON CONFLICT (channel_id) DO UPDATE SET last_event_at = excluded.last_event_at`)
    .bind(channel.id, channel.workspace_id, nowIso())
    .run();
  for (const e of events) {
    const seen = await env.DB.prepare(`INSERT OR IGNORE INTO channel_events_seen (channel_id, event_id, workspace_id, created_at) VALUES (?1, ?2, ?3, ?4)`)
      .bind(channel.id, e.eventId, channel.workspace_id, nowIso())
      .run();
    if (!seen.meta.changes) continue; // a redelivery of an event already taken in
    try {
      await receiveOne(env, channel, secrets, e);
    } catch (err) {
      // forget the event so the provider's redelivery can take it in
      await env.DB.prepare(`DELETE FROM channel_events_seen WHERE channel_id = ?1 AND event_id = ?2`).bind(channel.id, e.eventId).run();
      throw err;
    }
  }
}

async function receiveOne(env: Env, channel: ChannelRow, secrets: Record<string, string>, e: InboundEvent) {
  if (e.callbackId && channel.type === "telegram") await answerCallback(env, secrets.bot_token!, e.callbackId);
  if (e.kind === "status" && e.status) return applyDeliveryStatus(env, channel.id, e.status);
  const contact = await contactOf(env, channel, secrets, e);
  if (e.kind !== "message") {
    await env.DB.prepare(`UPDATE channel_contacts SET following = ?2 WHERE id = ?1`).bind(contact.id, e.kind === "follow" ? 1 : 0).run();
    return;
  }
  const conversationId = await openConversation(env, channel, contact, e.userId, e.conversationId);
  await env.DB.prepare(`UPDATE channel_contacts SET reply_token = ?2, reply_token_at = ?3, last_inbound_at = ?3, following = 1 WHERE id = ?1`)
    .bind(contact.id, e.replyToken ?? null, nowIso())
    .run();
  const attachments: { id: string }[] = [];
  for (const file of e.files ?? []) {
    const stored = await storeAttachment(env, { workspaceId: channel.workspace_id, conversationId, uploader: { type: "visitor", id: contact.visitor_id }, file, baseUrl: env.APP_URL }).catch((err: unknown) => {
      console.error("channel file not stored", err instanceof Error ? err.message : err);
      return null;
    });
    if (stored) attachments.push({ id: stored.id });
  }
  if (e.media) {
    const file = await mediaOf(env, channel, secrets, e.media.providerId);
    if (file) {
      const stored = await storeAttachment(env, {
        workspaceId: channel.workspace_id,
        conversationId,
        uploader: { type: "visitor", id: contact.visitor_id },
        file: new File([file.bytes], e.media.name, { type: file.type }),
        baseUrl: env.APP_URL,
      }).catch((err: unknown) => {
        console.error("channel media not stored", err instanceof Error ? err.message : err);
        return null;
      });
      if (stored) attachments.push({ id: stored.id });
    }
  }
  const text = e.email ? await threadText(env, channel, conversationId, e.email, e.text ?? "") : (e.text ?? (attachments.length ? "" : `(${e.media?.kind ?? "message"})`));
  if (!text && !attachments.length) return; // an email with nothing new in it
  // long provider ids (Meta's mids) share long prefixes: those are hashed into the 64-character client id
  const clientId = e.eventId.length <= 64 ? e.eventId : (await sha256Hex(e.eventId)).slice(0, 64);
  const r = await conversationStub(env, conversationId).channelMessage(clientId, text, attachments);
  if (!r.ok) console.warn(`channel message refused: ${r.error.code}`);
}

/** The bytes of a file the person sent, from the channel's provider. */
function mediaOf(env: Env, channel: ChannelRow, secrets: Record<string, string>, providerId: string) {
  if (channel.type === "line") return lineContent(env, secrets.channel_access_token!, providerId);
  if (channel.type === "telegram") return telegramFile(env, secrets.bot_token!, providerId);
  if (channel.type === "messenger" || channel.type === "instagram") return attachmentBytes(providerId);
  if (channel.type === "whatsapp") return whatsappMedia(env, secrets.access_token!, providerId);
  return Promise.resolve(null);
}

/** The person on this channel as a contact + visitor, created on first contact with their profile. */
async function contactOf(env: Env, channel: ChannelRow, secrets: Record<string, string>, e: InboundEvent): Promise<ContactRow> {
  const userId = e.userId;
  const found = await env.DB.prepare(`SELECT id, visitor_id, conversation_id, display_name FROM channel_contacts WHERE channel_id = ?1 AND external_id = ?2`)
    .bind(channel.id, userId)
    .first<ContactRow>();
  if (found) return found;
  const profile =
    channel.type === "line"
      ? await lineProfile(env, secrets.channel_access_token!, userId)
      : channel.type === "messenger" || channel.type === "instagram"
        ? await userProfile(env, { page_access_token: secrets.page_access_token!, app_secret: secrets.app_secret! }, channel.type, userId)
        : (e.profile ?? null);
  const visitorId = newId("vis");
  const now = nowIso();
  const id = newId("chc");
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO visitors (id, workspace_id, chatbot_id, secret_hash, name, email, custom_attributes, first_seen_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?8, ?6, ?7, ?7)`,
    ).bind(visitorId, channel.workspace_id, channel.chatbot_id, await sha256Hex(crypto.randomUUID()), profile?.displayName ?? null,
      JSON.stringify({ channel: channel.type, [`${channel.type}_user_id`]: userId, ...(profile?.pictureUrl ? { picture_url: profile.pictureUrl } : {}) }), now, e.profile?.email ?? null),
    env.DB.prepare(
      `INSERT OR IGNORE INTO channel_contacts (id, workspace_id, chatbot_id, channel_id, external_id, visitor_id, display_name, picture_url, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
    ).bind(id, channel.workspace_id, channel.chatbot_id, channel.id, userId, visitorId, profile?.displayName ?? null, profile?.pictureUrl ?? null, now),
  ]);
  return (await env.DB.prepare(`SELECT id, visitor_id, conversation_id, display_name FROM channel_contacts WHERE channel_id = ?1 AND external_id = ?2`)
    .bind(channel.id, userId)
    .first<ContactRow>())!;
}

/** The conversation the event continues (an email reply), else the contact's unless it was archived; otherwise a new one on this channel. */
async function openConversation(env: Env, channel: ChannelRow, contact: ContactRow, userId: string, continues?: string): Promise<string> {
  if (continues) {
    const row = await env.DB.prepare(`SELECT id FROM conversations WHERE id = ?1 AND channel_id = ?2 AND channel_user_id = ?3 AND status != 'archived'`).bind(continues, channel.id, userId).first();
    if (row) return continues;
  }
  if (contact.conversation_id) {
    const row = await env.DB.prepare(`SELECT status FROM conversations WHERE id = ?1`).bind(contact.conversation_id).first<{ status: string }>();
    if (row && row.status !== "archived") return contact.conversation_id;
  }
  const bot = await env.DB.prepare(`SELECT behavior_settings, ${PUBLISHED_FLOWS_COLUMN} FROM chatbots WHERE id = ?1 AND workspace_id = ?2`)
    .bind(channel.chatbot_id, channel.workspace_id)
    .first<{ behavior_settings: string; flows: string | null }>();
  const behavior = JSON.parse(bot?.behavior_settings || "{}") as { inactivity_timeout?: number; agent_reply_timeout_ms?: number; escalation_wait_minutes?: number; bot_mode?: BotMode };
  const id = newId("conv");
  await conversationStub(env, id).create({
    id,
    workspaceId: channel.workspace_id,
    chatbotId: channel.chatbot_id,
    visitorId: contact.visitor_id,
    visitorName: contact.display_name,
    channel: channel.type,
    // the conversation's first row already names the channel and the person: the inbox never lists it without them
    channelRef: { channelId: channel.id, userId },
    settings: {
      inactivityTimeoutMs: behavior.inactivity_timeout ?? DEFAULT_INACTIVITY_TIMEOUT_MS,
      agentReplyTimeoutMs: behavior.agent_reply_timeout_ms ?? DEFAULT_AGENT_REPLY_TIMEOUT_MS,
      escalationWaitMs: escalationWaitMsOf(behavior.escalation_wait_minutes),
    },
    botMode: behavior.bot_mode ?? "active",
    context: { pageUrl: null, pageTitle: null, locale: null },
    flows: flowEntries(bot?.flows),
  });
  await env.DB.prepare(`UPDATE channel_contacts SET conversation_id = ?2 WHERE id = ?1`).bind(contact.id, id).run();
  return id;
}
