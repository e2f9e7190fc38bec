import { conversationStub } from "../../durable-objects/stubs";
import { toHex, timingSafeEqual } from "../lib/crypto";
import type { OutboundJobOf } from "../outbound/messages";
import { sendEmail } from "./email";

/**
 * Conversations that continue by email: an agent's reply reaches a web
 * visitor who has left (no open widget) at the address they gave, with a
 * signed reply-to address (`reply+<conversation>.<signature>@EMAIL_REPLY_DOMAIN`);
 * their answer, received by the `email()` handler, lands in the same conversation.
 */
export async function replyAddress(env: Pick<Env, "JWT_SECRET" | "EMAIL_REPLY_DOMAIN">, conversationId: string): Promise<string | null> {
  if (!env.EMAIL_REPLY_DOMAIN) return null;
  return `reply+${conversationId}.${await tag(env, conversationId)}@${env.EMAIL_REPLY_DOMAIN}`;
}

async function tag(env: Pick<Env, "JWT_SECRET">, conversationId: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(`reply-to:${env.JWT_SECRET}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(conversationId))).slice(0, 20);
}

/** The conversation a reply-to address names, if its signature holds. */
export async function conversationOfAddress(env: Pick<Env, "JWT_SECRET">, address: string): Promise<string | null> {
  const m = /^reply\+(conv_[A-Za-z0-9]{1,64})\.([0-9a-f]{20})@/i.exec(address.trim());
  if (!m) return null;
  return timingSafeEqual(await tag(env, m[1]!), m[2]!.toLowerCase()) ? m[1]! : null;
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

/** An inbound email (the Worker's `email()` handler): a reply to a signed address from the visitor's own address lands in their conversation. */
export async function receiveEmail(env: Env, message: { from: string; to: string; raw: ReadableStream<Uint8Array>; setReject(reason: string): void }): Promise<void> {
  const conversationId = await conversationOfAddress(env, message.to);
  if (!conversationId) return message.setReject("Unknown recipient");
  const row = await env.DB.prepare(`SELECT v.email FROM conversations c JOIN visitors v ON v.id = c.visitor_id WHERE c.id = ?1`).bind(conversationId).first<{ email: string | null }>();
  if (!row?.email || row.email.toLowerCase() !== message.from.trim().toLowerCase()) return message.setReject("This address only accepts replies from the conversation's visitor");
  const { default: PostalMime } = await import("postal-mime");
  const parsed = await PostalMime.parse(message.raw);
  const text = newPart(parsed.text ?? "");
  if (!text) return;
  const id = (parsed.messageId ?? `${Date.now()}`).replace(/[^A-Za-z0-9@._-]/g, "").slice(0, 58);
  await conversationStub(env, conversationId).channelMessage(`email:${id}`, text.slice(0, 4000));
}

/** The new part of a reply: everything above the quoted original ("On … wrote:", "> …"). */
export function newPart(text: string): string {
  const lines: string[] = [];
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    if (/^On .+wrote:\s*$/.test(line) || /^-{2,}\s*Original Message/i.test(line) || line.startsWith(">")) break;
    lines.push(line);
  }
  return lines.join("\n").trim();
}
