import type { Attachment, AttachmentRef } from "../protocol";
import { fail, ok, type DoResult } from "./types";

/**
 * The files a `message:send` frame names, checked against the upload records:
 * each must be an upload the sender made into this conversation. Answers the
 * stored form (id, name, type, size); URLs are signed when messages go out.
 */
export async function senderUploads(
  db: D1Database,
  conversationId: string,
  sender: { type: "visitor" | "agent"; id: string },
  refs: AttachmentRef[],
): Promise<DoResult<Attachment[]>> {
  const ids = [...new Set(refs.map((r) => r.id))];
  if (!ids.length) return ok([]);
  const marks = ids.map((_, i) => `?${i + 4}`).join(",");
  const { results } = await db
    .prepare(
      `select id, name, content_type, size from attachments
       where conversation_id = ?1 and uploader_type = ?2 and uploader_id = ?3 and id in (${marks})`,
    )
    .bind(conversationId, sender.type, sender.id, ...ids)
    .all<{ id: string; name: string; content_type: string; size: number }>();
  if (results.length !== ids.length) return fail(400, "INVALID_ATTACHMENT", "Attach files you uploaded to this conversation (by their id)");
  const byId = new Map(results.map((r) => [r.id, r]));
  return ok(ids.map((id) => byId.get(id)!).map((r) => ({ id: r.id, name: r.name, content_type: r.content_type, size: r.size })));
}
