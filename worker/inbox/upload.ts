import { AppError, badRequest, notFound } from "../lib/errors";
import { type AttachmentOut, MAX_ATTACHMENT_BYTES, storeAttachment } from "./attachments";
import { loadConversation } from "./conversation-row";
import type { Call, ServiceCtx } from "../lib/service";
import type { VisitorCaller } from "./visitor-auth";

/** Multipart overhead allowed above the file limit before the body is read. */
const ENVELOPE = 64 * 1024;

/** The `file` part of a multipart upload, refusing oversized bodies before buffering them. */
export async function readUploadedFile(req: Request): Promise<File> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the file as multipart/form-data");
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_ATTACHMENT_BYTES + ENVELOPE) throw new AppError(413, "PAYLOAD_TOO_LARGE", "Attachments are limited to 10 MB");
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw badRequest("INVALID_MULTIPART", "The upload could not be read");
  }
  const file = form.get("file");
  if (!file || typeof file === "string") throw badRequest("VALIDATION_ERROR", "Attach the file in a form field named \"file\"");
  return file;
}

export async function uploadAsAgent({ ctx, input: { conversationId, file, baseUrl } }: Call<{ conversationId: string; file: File; baseUrl: string }>): Promise<AttachmentOut> {
  await loadConversation(ctx.env, ctx.auth.workspaceId, conversationId);
  return storeAttachment(ctx.env, {
    workspaceId: ctx.auth.workspaceId,
    conversationId,
    uploader: { type: "agent", id: ctx.auth.userId },
    file,
    baseUrl,
  });
}

/** A visitor may attach files only to their own conversation. */
export async function uploadAsVisitor(env: Env, visitor: VisitorCaller, conversationId: string, file: File, baseUrl: string): Promise<AttachmentOut> {
  const conv = await env.DB.prepare(
    `select id, workspace_id, chatbot_id, status from conversations where id = ?1 and visitor_id = ?2 and workspace_id = ?3 and chatbot_id = ?4`,
  )
    .bind(conversationId, visitor.visitorId, visitor.workspaceId, visitor.chatbotId)
    .first<{ id: string; workspace_id: string; chatbot_id: string; status: string }>();
  if (!conv) throw notFound("Conversation");
  if (conv.status === "archived") throw new AppError(409, "CONVERSATION_ARCHIVED", "This conversation is archived");
  return storeAttachment(env, {
    workspaceId: conv.workspace_id,
    conversationId,
    uploader: { type: "visitor", id: visitor.visitorId },
    file,
    baseUrl,
  });
}
