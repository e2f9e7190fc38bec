import type { RichContent } from "../../../durable-objects/protocol";
import { PermanentFailure } from "../../outbound/messages";
import { replyAddress } from "../../notify/continuation";
import { sendMail } from "../../notify/providers";
import { plainFallback } from "../plain-text";
import { emailDomain } from "./address";
import { emailSending, senderOf, type EmailChannelSettings } from "./connect";
import { replySubject } from "./thread";
import type { OutgoingMessage } from "../types";

type EmailSendRow = Pick<OutgoingMessage, "message_id" | "workspace_id" | "conversation_id" | "channel_id" | "text" | "rich" | "channel_user_id">;

/**
 * One bot or agent message of an email conversation, mailed to the customer
 * as a reply in their thread: `Re: <subject>`, In-Reply-To / References of
 * their last email, our own Message-ID (`<message id@domain>`, so that a
 * reply to it finds the conversation), the signed reply-to address, plain
 * text with rich content written out (and a simple HTML alternative), files
 * as links. The message id is the provider's idempotency key.
 */
export async function sendToEmail(env: Env, row: EmailSendRow, secrets: Record<string, string>, files: { url: string; content_type: string }[]): Promise<string> {
  const settings = await env.DB.prepare(`SELECT support_address, from_name, own_sender FROM email_channels WHERE channel_id = ?1`).bind(row.channel_id).first<EmailChannelSettings>();
  if (!settings) throw new PermanentFailure("The email channel was disconnected");
  const sending = emailSending(env, secrets);
  if (!sending) throw new PermanentFailure("No email provider is configured (EMAIL_PROVIDER) to send replies");
  const thread = await env.DB.prepare(`SELECT subject, last_message_id, references_ids FROM email_threads WHERE conversation_id = ?1`)
    .bind(row.conversation_id)
    .first<{ subject: string; last_message_id: string | null; references_ids: string }>();
  const text = [plainFallback(row.text, row.rich ? (JSON.parse(row.rich) as RichContent) : undefined), ...files.map((f) => f.url)].filter(Boolean).join("\n\n");
  const headers: Record<string, string> = {};
  const domain = emailDomain(env);
  if (domain) headers["Message-ID"] = `<${row.message_id}@${domain}>`;
  if (thread?.last_message_id) headers["In-Reply-To"] = thread.last_message_id;
  if (thread?.references_ids) headers.References = thread.references_ids;
  await sendMail(env, {
    provider: sending.provider,
    apiKey: sending.apiKey,
    id: `email_${row.message_id}`,
    from: senderOf(env, settings),
    message: {
      workspaceId: row.workspace_id,
      to: row.channel_user_id!,
      subject: replySubject(thread?.subject),
      text,
      html: htmlOf(text),
      replyTo: await replyAddress(env, row.conversation_id),
      headers,
    },
  });
  return sending.provider;
}

/** The plain text as simple HTML: escaped, line breaks kept, links clickable. */
export function htmlOf(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const linked = escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
  return `<div style="font-family:sans-serif;font-size:14px;line-height:1.5">${linked.split("\n").join("<br>\n")}</div>`;
}
