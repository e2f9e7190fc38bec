import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { documents, type DocumentRow } from "../../db/schema";
import type { AuthContext } from "../../lib/context";
import { AppError, notFound } from "../../lib/errors";
import { toHex } from "../../lib/crypto";
import { newId, nowIso } from "../../lib/ids";
import { sendIngest } from "../ingest/messages";
import { requireChatbot } from "../sources/chatbot";
import { removeSourceChunks } from "../sources/index-api";
import { pushKnowledgeStatus } from "../sources/live";
import { FILE_TYPES, SUPPORTED_EXTENSIONS, detectFileType, tooLarge, typeFromFilename, unsupportedType } from "./file-types";

export function serializeDocument(d: DocumentRow) {
  return {
    id: d.id,
    chatbot_id: d.chatbotId,
    filename: d.filename,
    file_type: d.fileType,
    mime_type: d.contentType,
    size_bytes: d.sizeBytes,
    content_hash: d.contentHash,
    status: d.status,
    progress: d.progress,
    error_code: d.errorCode,
    error_message: d.errorMessage,
    error: d.errorCode ? { code: d.errorCode, message: d.errorMessage ?? "" } : null,
    page_count: d.pageCount,
    chunk_count: d.chunkCount,
    metadata: d.metadata,
    created_by: d.createdBy,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    processing_started_at: d.processingStartedAt,
    processed_at: d.processedAt,
  };
}
export type DocumentDto = ReturnType<typeof serializeDocument>;

export const documentKey = (workspaceId: string, documentId: string, filename: string) => `ws/${workspaceId}/kb/${documentId}/${filename}`;

/** A file name safe to show and to use in an R2 key: no path, no control characters, at most 200 characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, "").replace(/\s+/g, " ").trim();
  if (cleaned.length <= 200) return cleaned;
  const ext = cleaned.match(/\.[a-z0-9]{1,8}$/i)?.[0] ?? "";
  return cleaned.slice(0, 200 - ext.length) + ext;
}

export interface UploadInput {
  chatbotId: string;
  file: File;
  metadata: Record<string, unknown>;
}

/**
 * Stores an upload in R2 and queues it for processing. Re-uploading a file
 * name a chatbot already has replaces that document in place (same id), so
 * processing replaces its chunks and nothing of the old version is left.
 */
export async function uploadDocument(env: Env, auth: AuthContext, input: UploadInput): Promise<{ document: DocumentDto; replaced: boolean }> {
  await requireChatbot(env, auth.workspaceId, input.chatbotId);
  const filename = safeFilename(input.file.name || "");
  if (!filename) throw new AppError(400, "VALIDATION_ERROR", "The file needs a name");
  const type = typeFromFilename(filename);
  if (!type) throw unsupportedType(`Unsupported file type; upload one of: ${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(", ")}`);
  if (input.file.size > FILE_TYPES[type].maxBytes) throw tooLarge(type);
  const bytes = new Uint8Array(await input.file.arrayBuffer());
  if (bytes.byteLength > 0) detectFileType(filename, bytes);
  const hash = toHex(await crypto.subtle.digest("SHA-256", bytes));

  const db = getDb(env);
  const existing = await db
    .select()
    .from(documents)
    .where(and(eq(documents.chatbotId, input.chatbotId), eq(documents.filename, filename), eq(documents.workspaceId, auth.workspaceId)))
    .get();
  const id = existing?.id ?? newId("doc");
  const key = documentKey(auth.workspaceId, id, filename);
  const contentType = FILE_TYPES[type].contentType;
  await env.FILES.put(key, bytes, {
    httpMetadata: { contentType },
    customMetadata: { workspace_id: auth.workspaceId, chatbot_id: input.chatbotId, document_id: id, sha256: hash },
  });

  const now = nowIso();
  const fields = {
    fileType: type,
    contentType,
    sizeBytes: bytes.byteLength,
    r2Key: key,
    contentHash: hash,
    status: "pending" as const,
    progress: 0,
    errorCode: null,
    errorMessage: null,
    metadata: input.metadata,
    updatedAt: now,
    processingStartedAt: null,
    processedAt: null,
  };
  let row: DocumentRow;
  if (existing) {
    await db.update(documents).set(fields).where(eq(documents.id, id));
    row = { ...existing, ...fields };
  } else {
    row = {
      id,
      workspaceId: auth.workspaceId,
      chatbotId: input.chatbotId,
      filename,
      indexedHash: null,
      pageCount: null,
      chunkCount: 0,
      createdBy: auth.userId,
      createdAt: now,
      ...fields,
    };
    await db.insert(documents).values(row);
  }
  await sendIngest(env, { type: "document", document_id: id, workspace_id: auth.workspaceId });
  await pushKnowledgeStatus(env, auth.workspaceId, { source_type: "document", source_id: id, chatbot_id: row.chatbotId, status: "pending", progress: 0 });
  return { document: serializeDocument(row), replaced: Boolean(existing) };
}

async function loadDocument(env: Env, auth: AuthContext, id: string): Promise<DocumentRow> {
  const row = await getDb(env)
    .select()
    .from(documents)
    .where(and(eq(documents.id, id), eq(documents.workspaceId, auth.workspaceId)))
    .get();
  if (!row) throw notFound("Document");
  return row;
}

export async function getDocument(env: Env, auth: AuthContext, id: string): Promise<DocumentDto> {
  return serializeDocument(await loadDocument(env, auth, id));
}

export interface ListDocumentsInput {
  chatbot_id?: string;
  status?: DocumentRow["status"];
  page: number;
  limit: number;
}

export async function listDocuments(env: Env, auth: AuthContext, input: ListDocumentsInput) {
  const where: SQL[] = [eq(documents.workspaceId, auth.workspaceId)];
  if (input.chatbot_id) where.push(eq(documents.chatbotId, input.chatbot_id));
  if (input.status) where.push(eq(documents.status, input.status));
  const cond = and(...where);
  const db = getDb(env);
  const [rows, count] = await Promise.all([
    db
      .select()
      .from(documents)
      .where(cond)
      .orderBy(desc(documents.createdAt), desc(documents.id))
      .limit(input.limit)
      .offset((input.page - 1) * input.limit),
    db.select({ n: sql<number>`count(*)` }).from(documents).where(cond).get(),
  ]);
  const total = count?.n ?? 0;
  return { data: rows.map(serializeDocument), pagination: { page: input.page, limit: input.limit, total, total_pages: Math.ceil(total / input.limit) } };
}

/** Deletes the file, the row and every chunk and vector of the document; answers what was deleted (for the audit log). */
export async function deleteDocument(env: Env, auth: AuthContext, id: string): Promise<{ chatbot_id: string; filename: string }> {
  const row = await loadDocument(env, auth, id);
  await getDb(env).delete(documents).where(and(eq(documents.id, id), eq(documents.workspaceId, auth.workspaceId)));
  await env.FILES.delete(row.r2Key);
  await removeSourceChunks(env, { workspaceId: row.workspaceId, chatbotId: row.chatbotId, sourceType: "document", sourceId: id });
  return { chatbot_id: row.chatbotId, filename: row.filename };
}

/** Queues the document for processing again (after a failure, or to pick up chunking changes). */
export async function reprocessDocument(env: Env, auth: AuthContext, id: string): Promise<DocumentDto> {
  const row = await loadDocument(env, auth, id);
  const changes = { status: "pending" as const, progress: 0, errorCode: null, errorMessage: null, indexedHash: null, updatedAt: nowIso() };
  await getDb(env).update(documents).set(changes).where(eq(documents.id, id));
  await sendIngest(env, { type: "document", document_id: id, workspace_id: auth.workspaceId });
  await pushKnowledgeStatus(env, auth.workspaceId, { source_type: "document", source_id: id, chatbot_id: row.chatbotId, status: "pending", progress: 0 });
  return serializeDocument({ ...row, ...changes });
}
