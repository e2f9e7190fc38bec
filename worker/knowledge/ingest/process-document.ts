import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { documents } from "../../db/schema";
import { nowIso } from "../../lib/ids";
import { FILE_TYPES, type FileType } from "../documents/file-types";
import { indexSourceChunks, removeSourceChunks } from "../sources/index-api";
import { pushKnowledgeStatus } from "../sources/live";
import { chunkBlocks } from "./chunk";
import { cleanBlocks } from "./clean";
import { IngestError, type IngestFailureCode } from "./errors";
import { extractDocument } from "./extract";
import type { DocumentMessage } from "./messages";

/**
 * Processes one uploaded document: R2 → text → clean → chunks → index.
 * Permanent problems throw IngestError (the caller records them); anything
 * else is transient and retried. A second delivery of the same upload is a no-op.
 */
export async function processDocument(env: Env, msg: DocumentMessage): Promise<"done" | "skipped"> {
  const db = getDb(env);
  const doc = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, msg.document_id), eq(documents.workspaceId, msg.workspace_id)))
    .get();
  if (!doc) return "skipped"; // deleted meanwhile
  // Only uploads waiting for (or part-way through) processing are claimed: a
  // duplicate delivery of a finished or failed document changes nothing
  // (reprocess and re-upload set the document back to pending).
  if (doc.status !== "pending" && doc.status !== "processing") return "skipped";

  // Progress only moves a document that is still processing: a concurrent
  // delivery that already finished it is never dragged back.
  const processing = and(eq(documents.id, doc.id), eq(documents.status, "processing"), eq(documents.contentHash, doc.contentHash));
  const progress = (value: number) =>
    Promise.all([
      db.update(documents).set({ progress: value, updatedAt: nowIso() }).where(processing),
      pushKnowledgeStatus(env, doc.workspaceId, { source_type: "document", source_id: doc.id, chatbot_id: doc.chatbotId, status: "processing", progress: value }),
    ]);

  await db
    .update(documents)
    .set({ status: "processing", progress: 5, errorCode: null, errorMessage: null, processingStartedAt: nowIso(), updatedAt: nowIso() })
    .where(and(eq(documents.id, doc.id), eq(documents.contentHash, doc.contentHash), inArray(documents.status, ["pending", "processing"])));
  await pushKnowledgeStatus(env, doc.workspaceId, { source_type: "document", source_id: doc.id, chatbot_id: doc.chatbotId, status: "processing", progress: 5 });

  const type = doc.fileType as FileType;
  const spec = FILE_TYPES[type];
  if (!spec) throw new IngestError("UNSUPPORTED_TYPE", `Files of type ${doc.fileType} cannot be processed`);
  const object = await env.FILES.get(doc.r2Key);
  if (!object) throw new IngestError("EXTRACTION_FAILED", "The uploaded file is missing; upload it again");
  if (object.size > spec.maxBytes) throw new IngestError("TOO_LARGE", `${type.toUpperCase()} files are limited to ${spec.maxBytes / 1024 / 1024} MB`);
  const bytes = new Uint8Array(await object.arrayBuffer());
  await progress(20);

  const extracted = await extractDocument(type, bytes);
  const blocks = cleanBlocks(extracted.blocks);
  if (!blocks.some((b) => b.kind === "paragraph")) {
    throw new IngestError("EMPTY_DOCUMENT", type === "pdf" ? "No text found in the PDF (scanned images are not supported)" : "The document contains no text");
  }
  await progress(50);

  const chunks = chunkBlocks(blocks);
  await progress(70);
  const title = typeof doc.metadata.title === "string" && doc.metadata.title ? doc.metadata.title : doc.filename;
  const ref = { workspaceId: doc.workspaceId, chatbotId: doc.chatbotId, sourceType: "document" as const, sourceId: doc.id };
  await indexSourceChunks(env, { ...ref, title, chunks });

  // Deleted or replaced while we worked: leave nothing behind / let the newer message finish.
  const now = await db.select({ contentHash: documents.contentHash }).from(documents).where(eq(documents.id, doc.id)).get();
  if (!now) {
    await removeSourceChunks(env, ref);
    return "skipped";
  }
  if (now.contentHash !== doc.contentHash) return "skipped";

  await db
    .update(documents)
    .set({
      status: "completed",
      progress: 100,
      chunkCount: chunks.length,
      pageCount: extracted.pageCount,
      indexedHash: doc.contentHash,
      processedAt: nowIso(),
      updatedAt: nowIso(),
    })
    .where(eq(documents.id, doc.id));
  await pushKnowledgeStatus(env, doc.workspaceId, {
    source_type: "document",
    source_id: doc.id,
    chatbot_id: doc.chatbotId,
    status: "completed",
    progress: 100,
    chunk_count: chunks.length,
  });
  return "done";
}

/** Records a permanent failure: status failed with its code; the document's chunks are removed so nothing stale answers. */
export async function failDocument(env: Env, msg: DocumentMessage, code: IngestFailureCode, message: string): Promise<void> {
  const db = getDb(env);
  const doc = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, msg.document_id), eq(documents.workspaceId, msg.workspace_id)))
    .get();
  if (!doc) return;
  await db
    .update(documents)
    .set({ status: "failed", progress: 100, errorCode: code, errorMessage: message, chunkCount: 0, indexedHash: null, processedAt: nowIso(), updatedAt: nowIso() })
    .where(eq(documents.id, doc.id));
  await removeSourceChunks(env, { workspaceId: doc.workspaceId, chatbotId: doc.chatbotId, sourceType: "document", sourceId: doc.id });
  await pushKnowledgeStatus(env, doc.workspaceId, {
    source_type: "document",
    source_id: doc.id,
    chatbot_id: doc.chatbotId,
    status: "failed",
    progress: 100,
    error_code: code,
  });
}
