import { nowIso } from "../../lib/ids";
import type { ChannelRow } from "../store";
import { emailDomain } from "./address";

/** What an inbound email carries for its thread. */
export interface EmailThreadInfo {
  subject: string;
  /** the customer's Message-ID, with its angle brackets */
  messageId: string | null;
  /** In-Reply-To + References, oldest first */
  references: string[];
}

/** References kept per thread (the newest): enough for every mail client to thread. */
const MAX_REFERENCES = 20;

/** `<a@b> <c@d>` → ["<a@b>", "<c@d>"] */
export const messageIds = (value: string | undefined | null): string[] => (value ?? "").match(/<[^<>\s]{1,250}>/g) ?? [];

/**
 * The conversation an email continues, from its In-Reply-To / References:
 * a message we sent (our Message-IDs are `<message id@domain>`) or an
 * earlier mail of the same thread, on this channel and from this person.
 */
export async function conversationOfThread(env: Env, channel: ChannelRow, sender: string, references: string[]): Promise<string | null> {
  if (!references.length) return null;
  const domain = emailDomain(env);
  const ours = references.map((r) => r.slice(1, -1).split("@")).filter(([id, host]) => /^msg_[A-Za-z0-9]{1,64}$/.test(id ?? "") && host === domain).map(([id]) => id!);
  if (ours.length) {
    const row = await env.DB.prepare(
      `SELECT c.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.id IN (SELECT value FROM json_each(?1)) AND c.channel_id = ?2 AND c.channel_user_id = ?3 AND c.status != 'archived' LIMIT 1`,
    )
      .bind(JSON.stringify(ours), channel.id, sender)
      .first<{ id: string }>();
    if (row) return row.id;
  }
  const theirs = await env.DB.prepare(
    `SELECT t.conversation_id FROM email_threads t JOIN conversations c ON c.id = t.conversation_id
     WHERE t.channel_id = ?1 AND c.channel_user_id = ?2 AND c.status != 'archived'
       AND EXISTS (SELECT 1 FROM json_each(?3) r WHERE r.value = t.last_message_id OR instr(' ' || t.references_ids || ' ', ' ' || r.value || ' ') > 0)
     ORDER BY t.updated_at DESC LIMIT 1`,
  )
    .bind(channel.id, sender, JSON.stringify(references))
    .first<{ conversation_id: string }>();
  return theirs?.conversation_id ?? null;
}

/**
 * Records the inbound email on its conversation's thread and returns the
 * text for the conversation: the first email of a thread keeps its subject
 * as the first line (the inbox shows it), later ones only their new part.
 */
export async function threadText(env: Env, channel: ChannelRow, conversationId: string, info: EmailThreadInfo, text: string): Promise<string> {
  const existing = await env.DB.prepare(`SELECT subject, references_ids FROM email_threads WHERE conversation_id = ?1`).bind(conversationId).first<{ subject: string; references_ids: string }>();
  const refs = [...new Set([...(existing?.references_ids.split(" ").filter(Boolean) ?? []), ...info.references, ...(info.messageId ? [info.messageId] : [])])].slice(-MAX_REFERENCES);
  const subject = existing?.subject || cleanSubject(info.subject);
  await env.DB.prepare(
    `INSERT INTO email_threads (conversation_id, workspace_id, channel_id, subject, last_message_id, references_ids, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
     ON CONFLICT (conversation_id) DO UPDATE SET subject = excluded.subject, last_message_id = COALESCE(excluded.last_message_id, email_threads.last_message_id), references_ids = excluded.references_ids, updated_at = excluded.updated_at`,
  )
    .bind(conversationId, channel.workspace_id, channel.id, subject, info.messageId, refs.join(" "), nowIso())
    .run();
  if (existing || !subject) return text;
  return text ? `${subject}\n\n${text}` : subject;
}

/** The subject without its reply / forward prefixes. */
export const cleanSubject = (subject: string) => subject.replace(/^(\s*(re|fw|fwd|aw|sv)\s*:\s*)+/i, "").replace(/\s+/g, " ").trim().slice(0, 200);

/** The subject of a reply in the thread. */
export const replySubject = (subject: string | null | undefined) => (subject ? `Re: ${subject}` : "Re: your message");
