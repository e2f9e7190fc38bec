import type { RichContent } from "../../durable-objects/protocol";
import { signedAttachmentUrl } from "../inbox/attachments";
import { nowIso } from "../lib/ids";
import { decryptSecret } from "../lib/secrets";
import { PermanentFailure, type OutboundJob, type OutboundJobOf } from "../outbound/messages";
import { lineReply, linePush, retryKeyOf } from "./line/api";
import { renderLine } from "./line/render";
import { sendToEmail } from "./email/send";
import { sendMessenger } from "./messenger/send";
import { telegramCall } from "./telegram/api";
import { renderTelegram, renderTelegramPlain } from "./telegram/render";
import { sendParts } from "./parts";
import { channelSecretAd, type OutgoingMessage } from "./types";
import { sendToWhatsApp } from "./whatsapp/send";

/** A reply token is used only while this fresh (LINE accepts them for about a minute). */
const REPLY_TOKEN_FRESH_MS = 50_000;
/** LINE takes at most this many messages in one reply or push. */
const LINE_MESSAGES_PER_REQUEST = 5;
/** A send still marked in flight this long after it started is taken to have died. */
const IN_FLIGHT_MS = 60_000;

/** The outbound messages (bot, agent, system) of a channel conversation's flush, one delivery row and job each. */
export async function channelSendJobs(env: Env, job: OutboundJobOf<"conversation.activity">): Promise<OutboundJob[]> {
  // email: each message is a mail, so the inbox's system lines ("… joined the conversation") stay in the inbox
  const outgoing = job.messages.filter((m) => m.role !== "visitor" && !(job.channel === "email" && m.role === "system"));
  if (!outgoing.length) return [];
  const conv = await env.DB.prepare(`SELECT channel_id FROM conversations WHERE id = ?1 AND workspace_id = ?2`).bind(job.conversation_id, job.workspace_id).first<{ channel_id: string | null }>();
  if (!conv?.channel_id) return [];
  const now = nowIso();
  await env.DB.batch(
    outgoing.map((m) =>
      env.DB.prepare(
        `INSERT OR IGNORE INTO channel_deliveries (message_id, workspace_id, conversation_id, channel_id, status, attempts, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5)`,
      ).bind(m.id, job.workspace_id, job.conversation_id, conv.channel_id, now),
    ),
  );
  const pending = await env.DB.prepare(`SELECT message_id FROM channel_deliveries WHERE message_id IN (SELECT value FROM json_each(?1)) AND status IN ('pending', 'retrying')`)
    .bind(JSON.stringify(outgoing.map((m) => m.id)))
    .all<{ message_id: string }>();
  return pending.results.map((r) => ({ type: "channel.send", message_id: r.message_id }));
}

interface SendRow extends OutgoingMessage {
  secrets_enc: string | null;
}

/**
 * Sends one message to its channel, at most once: the delivery row is claimed
 * first (a retry racing a success finds it sent or in flight and stops), LINE
 * gets the conversation's fresh reply token when there is one (free) and a
 * push with a retry key derived from the message id otherwise (a repeated push
 * is refused by LINE as a duplicate).
 */
export async function sendToChannel(env: Env, messageId: string): Promise<void> {
  const row = await env.DB.prepare(
    `SELECT d.message_id, d.workspace_id, d.conversation_id, d.channel_id, m.text, m.rich, m.attachments, c.channel_user_id, ch.type, ch.secrets_enc
     FROM channel_deliveries d JOIN messages m ON m.id = d.message_id JOIN conversations c ON c.id = d.conversation_id
     LEFT JOIN channels ch ON ch.id = d.channel_id
     WHERE d.message_id = ?1`,
  )
    .bind(messageId)
    .first<SendRow>();
  if (!row) return;
  if (!row.secrets_enc || !row.type || !row.channel_user_id) throw new PermanentFailure("The channel was disconnected");
  const now = Date.now();
  const claim = await env.DB.prepare(
    `UPDATE channel_deliveries SET status = 'sending', attempts = attempts + 1, updated_at = ?2
     WHERE message_id = ?1 AND (status IN ('pending', 'retrying') OR (status = 'sending' AND updated_at < ?3))`,
  )
    .bind(messageId, new Date(now).toISOString(), new Date(now - IN_FLIGHT_MS).toISOString())
    .run();
  if (!claim.meta.changes) return; // sent already, or another attempt is sending it
  try {
    const secrets = JSON.parse(await decryptSecret(env, row.secrets_enc, channelSecretAd(row.workspace_id, row.channel_id))) as Record<string, string>;
    const method = await sendVia(env, row, secrets);
    // a provider's delivery report can land while the send is still finishing: never step back from it
    await env.DB.prepare(
      `UPDATE channel_deliveries SET status = CASE WHEN status IN ('delivered', 'read') THEN status ELSE 'sent' END, method = ?2, error = NULL, updated_at = ?3 WHERE message_id = ?1`,
    )
      .bind(messageId, method, nowIso())
      .run();
  } catch (err) {
    const status = err instanceof PermanentFailure ? "failed" : "retrying";
    await env.DB.prepare(`UPDATE channel_deliveries SET status = ?2, error = ?3, updated_at = ?4 WHERE message_id = ?1`)
      .bind(messageId, status, (err instanceof Error ? err.message : String(err)).slice(0, 500), nowIso())
      .run();
    throw err;
  }
}

/** The provider's way of sending (the method is recorded on the delivery row). */
async function sendVia(env: Env, row: SendRow, secrets: Record<string, string>): Promise<string> {
  switch (row.type) {
    case "telegram":
      return sendTelegram(env, row, secrets);
    case "messenger":
    case "instagram":
      return sendMessenger(env, row, secrets, await filesOf(env, row));
    case "whatsapp":
      return sendToWhatsApp(env, row, secrets, await filesOf(env, row));
    case "email":
      return sendToEmail(env, row, secrets, await filesOf(env, row));
    default:
      return sendLine(env, row, secrets);
  }
}

/** The message's files as links the provider can fetch (signed, short-lived). */
function filesOf(env: Env, row: SendRow): Promise<{ url: string; content_type: string }[]> {
  return Promise.all(
    (JSON.parse(row.attachments ?? "[]") as { id?: string; content_type: string }[])
      .filter((a) => a.id)
      .map(async (a) => ({ url: await signedAttachmentUrl(env, env.APP_URL, a.id!), content_type: a.content_type })),
  );
}

const richOf = (row: SendRow) => (row.rich ? (JSON.parse(row.rich) as RichContent) : undefined);

/**
 * Telegram: files, then the text with its inline keyboard, each call a part
 * (recorded with its chat:message id, so a retry after a failure part-way
 * sends only the rest). When Telegram refuses the keyboard (400, e.g. a
 * button URL it does not accept) the text goes again with every button
 * written out — the plain-text fallback.
 */
async function sendTelegram(env: Env, row: SendRow, secrets: Record<string, string>): Promise<"send" | "plain"> {
  const token = secrets.bot_token!;
  let method: "send" | "plain" = "send";
  const idOf = (sent: { message_id?: number } | null | undefined) => (sent?.message_id !== undefined ? `${row.channel_user_id}:${sent.message_id}` : null);
  await sendParts(env, row, renderTelegram(row.channel_user_id!, row.text, richOf(row), await filesOf(env, row)), async (call) => {
    try {
      return idOf(await telegramCall<{ message_id?: number }>(env, token, call.method, call.body));
    } catch (err) {
      if (!(call.body.reply_markup && err instanceof PermanentFailure && / 400\b/.test(err.message))) throw err;
      const plain = renderTelegramPlain(row.channel_user_id!, row.text, richOf(row));
      method = "plain";
      return idOf(await telegramCall<{ message_id?: number }>(env, token, plain.method, plain.body));
    }
  });
  return method;
}

/**
 * LINE: at most 5 messages per request, so a longer message goes as several
 * requests (parts), each recorded once LINE accepts it. The first part still
 * to send uses the conversation's fresh reply token when there is one (free);
 * the others are pushed, each with its own retry key (a repeated push of the
 * same part is refused by LINE as a duplicate).
 */
async function sendLine(env: Env, row: SendRow, secrets: Record<string, string>): Promise<"reply" | "push"> {
  const token = secrets.channel_access_token!;
  const messages = renderLine(row.text, richOf(row), await filesOf(env, row));
  if (!messages.length) return "push";
  const parts: (typeof messages)[] = [];
  for (let i = 0; i < messages.length; i += LINE_MESSAGES_PER_REQUEST) parts.push(messages.slice(i, i + LINE_MESSAGES_PER_REQUEST));
  let pushed = false;
  let replied = false;
  await sendParts(env, row, parts, async (part, i) => {
    if (!replied && !pushed) {
      const fresh = await takeReplyToken(env, row.conversation_id);
      const answer = fresh ? await lineReply(env, token, fresh, part) : null;
      if (answer) {
        replied = true;
        return answer.id;
      }
    }
    pushed = true;
    // part 0 keeps the key every push of this message had before messages were split
    return (await linePush(env, token, row.channel_user_id!, part, await retryKeyOf(i === 0 ? row.message_id : `${row.message_id}:${i}`))).id;
  });
  return pushed ? "push" : "reply";
}

/** The conversation's reply token while fresh, taken so that no other message uses it (single use). */
async function takeReplyToken(env: Env, conversationId: string): Promise<string | null> {
  const row = await env.DB.prepare(`SELECT id, reply_token FROM channel_contacts WHERE conversation_id = ?1 AND reply_token IS NOT NULL AND reply_token_at > ?2`)
    .bind(conversationId, new Date(Date.now() - REPLY_TOKEN_FRESH_MS).toISOString())
    .first<{ id: string; reply_token: string }>();
  if (!row) return null;
  const taken = await env.DB.prepare(`UPDATE channel_contacts SET reply_token = NULL WHERE id = ?1 AND reply_token = ?2`).bind(row.id, row.reply_token).run();
  return taken.meta.changes ? row.reply_token : null;
}

/** Past the retry budget: the message shows as failed with the provider's last error. */
export async function markChannelFailed(env: Env, messageId: string, reason: string): Promise<void> {
  await env.DB.prepare(`UPDATE channel_deliveries SET status = 'failed', error = ?2, updated_at = ?3 WHERE message_id = ?1`).bind(messageId, reason.slice(0, 500), nowIso()).run();
}
