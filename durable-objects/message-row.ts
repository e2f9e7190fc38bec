import type { AiMetadata, Attachment, Message, MessageRole, RichContent } from "./protocol";

/**
 * A stored message as both stores keep it: the conversation object's own log
 * and the D1 mirror (`ai_metadata` there) have the same columns, JSON as text.
 */
export interface StoredMessage {
  id: string;
  seq: number;
  role: string;
  author_id: string | null;
  author_name: string | null;
  text: string;
  rich: string | null;
  attachments: string | null;
  ai: string | null;
  created_at: string;
}

/**
 * The one `Message` shape (protocol.ts) every reader gets: socket frames,
 * replay, the object's `history` RPC and the REST thread. Absent parts are left
 * out rather than null; a column that does not parse is left out too.
 */
export function messageOfRow(conversationId: string, r: StoredMessage): Message {
  const rich = parsed<RichContent>(r.rich);
  const attachments = parsed<Attachment[]>(r.attachments);
  const ai = parsed<AiMetadata>(r.ai);
  return {
    id: r.id,
    conversation_id: conversationId,
    seq: r.seq,
    role: r.role as MessageRole,
    author: { ...(r.author_id ? { id: r.author_id } : {}), ...(r.author_name ? { name: r.author_name } : {}) },
    text: r.text,
    ...(rich ? { rich } : {}),
    ...(attachments?.length ? { attachments } : {}),
    created_at: r.created_at,
    ...(ai ? { ai } : {}),
  };
}

function parsed<T>(raw: string | null): T | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
