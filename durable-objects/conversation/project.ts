import { signedAttachmentUrl } from "../../common/attachment-url";
import type { Attachment, Message } from "../protocol";

/**
 * What each audience sees of a stored message.
 *
 * - Attachments are stored as references to uploads (id, name, type, size);
 *   every message that leaves the object carries freshly signed URLs to the
 *   app's own attachment route, never a URL a client supplied.
 * - Visitors get a projection of bot answers: the text, the sources' titles
 *   and public links, and `feedback: true`; the internal `ai` metadata (model,
 *   confidence, source ids, scores, tokens, latency) is for agents only.
 */
export async function withSignedAttachments(env: Pick<Env, "JWT_SECRET" | "APP_URL">, m: Message): Promise<Message> {
  if (!m.attachments?.length) return m;
  return withAttachments(m, await signAttachments(env, m.attachments));
}

/** The same files with fresh signed URLs; an entry without an upload id was never checked against an upload and is left out. */
export async function signAttachments(env: Pick<Env, "JWT_SECRET" | "APP_URL">, list: Attachment[]): Promise<Attachment[]> {
  const base = env.APP_URL.replace(/\/$/, "");
  const signed: Attachment[] = [];
  for (const a of list) {
    if (!a.id) continue;
    signed.push({ id: a.id, name: a.name, content_type: a.content_type, size: a.size, url: await signedAttachmentUrl(env, base, a.id) });
  }
  return signed;
}

/** `m` with exactly these attachments (none: the field is left out). */
export function withAttachments(m: Message, list: Attachment[]): Message {
  const { attachments: _stored, ...rest } = m;
  return list.length ? { ...rest, attachments: list } : rest;
}

/** The visitor's view of a message (see above). */
export function forVisitor(m: Message): Message {
  if (!m.ai) return m;
  const { ai, ...rest } = m;
  const sources = ai.sources.map((s) => ({ title: s.title, ...(publicUrl(s.url) ? { url: publicUrl(s.url)! } : {}) }));
  return { ...rest, ...(sources.length ? { sources } : {}), ...(m.role === "bot" ? { feedback: true } : {}) };
}

function publicUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}
