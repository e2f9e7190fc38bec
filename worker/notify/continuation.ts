import { conversationStub } from "../../durable-objects/stubs";
import { addressTag, emailDomain, recipientOf } from "../channels/email/address";
import { receiveChannelEmail, type IncomingEmail } from "../channels/email/receive";
import { newPart } from "../channels/email/text";
import type { OutboundJobOf } from "../outbound/messages";
import type { Email } from "postal-mime";
import { sendEmail } from "./email";

export { newPart };

/**
 * Conversations that continue by email: an agent's reply reaches a web
 * visitor who has left (no open widget) at the address they gave, with a
 * signed reply-to address (`reply+<conversation>.<signature>@EMAIL_REPLY_DOMAIN`);
 * their answer, received by the `email()` handler, lands in the same conversation.
 */
export async function replyAddress(env: Pick<Env, "JWT_SECRET" | "EMAIL_REPLY_DOMAIN" | "APP_ENV">, conversationId: string): Promise<string | null> {
  const domain = emailDomain(env);
  return domain ? `reply+${conversationId}.${await addressTag(env, "reply-to", conversationId, 20)}@${domain}` : null;
}

/** The conversation a reply-to address names, if its signature holds. */
export async function conversationOfAddress(env: Pick<Env, "JWT_SECRET" | "EMAIL_REPLY_DOMAIN" | "APP_ENV">, address: string): Promise<string | null> {
  const r = await recipientOf(env, address);
  return r.kind === "reply" ? r.conversationId : null;
}

/** Agent replies of a web conversation whose visitor is not connected, mailed to the address the visitor gave. */
export async function emailDepartedVisitor(env: Env, job: OutboundJobOf<"conversation.activity">): Promise<void> {
  if (job.channel !== "web" || job.visitor_online !== false) return;
  const ids = job.messages.filter((m) => m.role === "agent").map((m) => m.id);
  if (!ids.length) return;
  const row = await env.DB.prepare(
    `SELECT v.email, w.name AS workspace FROM conversations c JOIN visitors v ON v.id = c.visitor_id JOIN workspaces w ON w.id = c.workspace_id WHERE c.id = ?1 AND c.workspace_id = ?2`,
  )
    .bind(job.conversation_id, job.workspace_id)
    .first<{ email: string | null; workspace: string }>();
  if (!row?.email) return;
  const messages = await env.DB.prepare(`SELECT id, author_name, text FROM messages WHERE conversation_id = ?1 AND id IN (SELECT value FROM json_each(?2)) ORDER BY seq`)
    .bind(job.conversation_id, JSON.stringify(ids))
    .all<{ id: string; author_name: string | null; text: string }>();
  const replyTo = await replyAddress(env, job.conversation_id);
  for (const m of messages.results) {
    await sendEmail(
      env,
      {
        workspaceId: job.workspace_id,
        to: row.email,
        subject: `${row.workspace}: a reply to your message`,
        text: `${m.author_name ?? "The team"} replied:\n\n${m.text}\n\n${replyTo ? "Reply to this email to continue the conversation." : "Open the chat on our site to continue the conversation."}`,
        replyTo,
      },
      { id: `mail_${m.id}` },
    );
  }
}

/**
 * An inbound email (the Worker's `email()` handler): mail to an email
 * channel's addresses goes to the channel (worker/channels/email/receive.ts);
 * a reply to a web conversation's signed address from the visitor's own
 * address lands in their conversation.
 */
export async function receiveEmail(env: Env, message: IncomingEmail): Promise<void> {
  return receiveChannelEmail(env, message, (conversationId, parsed) => continueWebConversation(env, message, conversationId, parsed));
}

async function continueWebConversation(env: Env, message: IncomingEmail, conversationId: string, parsed: Email): Promise<void> {
  const row = await env.DB.prepare(`SELECT v.email FROM conversations c JOIN visitors v ON v.id = c.visitor_id WHERE c.id = ?1`).bind(conversationId).first<{ email: string | null }>();
  if (!row?.email || row.email.toLowerCase() !== message.from.trim().toLowerCase()) return message.setReject("This address only accepts replies from the conversation's visitor");
  const text = newPart(parsed.text ?? "");
  if (!text) return;
  const id = (parsed.messageId ?? `${Date.now()}`).replace(/[^A-Za-z0-9@._-]/g, "").slice(0, 58);
  await conversationStub(env, conversationId).channelMessage(`email:${id}`, text.slice(0, 4000));
}
