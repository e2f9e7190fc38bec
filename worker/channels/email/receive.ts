import type { Email } from "postal-mime";
import { sha256Hex } from "../../lib/crypto";
import { nowIso } from "../../lib/ids";
import { receiveInbound } from "../inbound";
import type { ChannelRow } from "../store";
import type { InboundEvent } from "../types";
import { bareAddress, emailDomain, recipientOf } from "./address";
import { platformSender } from "./connect";
import { automatedReason } from "./loop";
import { newPart, textOfHtml } from "./text";
import { cleanSubject, conversationOfThread, messageIds } from "./thread";

/** What the `email()` handler receives (Cloudflare's ForwardableEmailMessage, and wrangler dev's local endpoint). */
export interface IncomingEmail {
  from: string;
  to: string;
  raw: ReadableStream<Uint8Array>;
  headers?: Headers;
  setReject(reason: string): void;
}

/** Files taken from one email (each also capped by the attachment size limit). */
const MAX_FILES = 5;

/**
 * An email to one of this deployment's addresses:
 * - a channel's inbound address (`inbox+<channel>.<sig>@…`): the business's
 *   support mailbox forwards here; a new sender opens a conversation on the
 *   channel's chatbot, a reply (In-Reply-To / References) continues its own;
 * - a signed reply-to address (`reply+<conversation>.<sig>@…`): the
 *   customer's reply to one of our emails continues that conversation.
 * A wrong signature or an address that names nothing is rejected and
 * nothing is stored; automatic, bulk and bounce mail is accepted and dropped.
 */
export async function receiveChannelEmail(env: Env, message: IncomingEmail, webReply: (conversationId: string, parsed: Email) => Promise<void>): Promise<void> {
  const recipient = await recipientOf(env, message.to);
  if (recipient.kind === "forged") return message.setReject("The address's signature does not match");
  if (recipient.kind === "unknown") return message.setReject("Unknown recipient");
  let channel: ChannelRow | null = null;
  let web: string | null = null;
  let conversationId: string | null = null;
  let expectedSender: string | null = null;
  if (recipient.kind === "channel") {
    channel = await emailChannel(env, recipient.channelId);
  } else {
    const conv = await env.DB.prepare(`SELECT id, channel, channel_id, channel_user_id FROM conversations WHERE id = ?1`)
      .bind(recipient.conversationId)
      .first<{ id: string; channel: string; channel_id: string | null; channel_user_id: string | null }>();
    if (!conv) return message.setReject("Unknown recipient");
    if (conv.channel !== "email" || !conv.channel_id) {
      web = conv.id; // a web conversation continued by email (the visitor left): its own path, after the loop check
    } else {
      channel = await emailChannel(env, conv.channel_id);
      conversationId = conv.id;
      expectedSender = conv.channel_user_id;
    }
  }
  if (!channel && !web) return message.setReject("Unknown recipient");

  const { default: PostalMime } = await import("postal-mime");
  const parsed = await PostalMime.parse(message.raw);
  const header = (name: string) => message.headers?.get(name) ?? parsed.headers.find((h) => h.key === name)?.value;
  const sender = (parsed.from?.address ?? bareAddress(message.from)).trim().toLowerCase();
  const own = channel ? await env.DB.prepare(`SELECT support_address FROM email_channels WHERE channel_id = ?1`).bind(channel.id).first<{ support_address: string }>() : null;
  const loop = automatedReason(header, message.from, sender, [own?.support_address ?? "", platformSender(env)], emailDomain(env));
  if (loop) {
    console.log(`email to ${channel?.id ?? web}: ignored (${loop})`);
    return;
  }
  if (web || !channel) return webReply(web!, parsed);
  if (!/^[^\s@]+@[^\s@]+$/.test(sender)) return message.setReject("No sender address");
  if (expectedSender && sender !== expectedSender) return message.setReject("This address only accepts replies from the conversation's customer");

  const references = [...new Set([...messageIds(parsed.references), ...messageIds(parsed.inReplyTo)])];
  conversationId ??= await conversationOfThread(env, channel, sender, references);
  const messageId = messageIds(parsed.messageId)[0] ?? null;
  const text = newPart(parsed.text ?? textOfHtml(parsed.html ?? "")).slice(0, 3800);
  const event: InboundEvent = {
    // a redelivered email (same Message-ID) is taken in once
    eventId: `email:${messageId ?? (await sha256Hex(`${sender}\n${parsed.date ?? ""}\n${parsed.subject ?? ""}\n${text}`)).slice(0, 40)}`,
    kind: "message",
    userId: sender,
    text,
    files: filesOf(parsed),
    profile: { displayName: parsed.from?.name?.trim() || undefined, email: sender },
    conversationId: conversationId ?? undefined,
    email: { subject: cleanSubject(parsed.subject ?? ""), messageId, references },
    at: nowIso(),
  };
  await receiveInbound(env, channel, {}, [event]);
}

async function emailChannel(env: Env, id: string): Promise<ChannelRow | null> {
  return env.DB.prepare(`SELECT * FROM channels WHERE type = 'email' AND lower(id) = ?1 AND active = 1`).bind(id.toLowerCase()).first<ChannelRow>();
}

/** The email's attachments (not the images embedded in its HTML), as files. */
function filesOf(parsed: Email): File[] {
  return parsed.attachments
    .filter((a) => !a.related && typeof a.content !== "string" && a.content.byteLength > 0)
    .slice(0, MAX_FILES)
    .map((a) => new File([a.content as ArrayBuffer], a.filename || "attachment", { type: a.mimeType || "application/octet-stream" }));
}
