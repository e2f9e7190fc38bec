import { segmentForIndex } from "../../../worker/knowledge/text/segment";
import { env } from "cloudflare:test";
import { addMember, createBot, registerOwner } from "../../chatbots/fixtures";
import { api } from "../../helpers";

export { addMember, api };

/** A fresh workspace owner with one chatbot. */
export async function ownerWithBot() {
  const owner = await registerOwner();
  const bot = await createBot(owner.token);
  return { ...owner, botId: bot.id as string };
}

/** Chunks the index holds for one source, in order. */
export async function chunksOf(sourceType: "faq" | "document" | "url", sourceId: string) {
  const rows = await env.DB.prepare(`select text, page, section, title, url, position from chunks where source_type = ?1 and source_id = ?2 order by position`)
    .bind(sourceType, sourceId)
    .all<{ text: string; page: number | null; section: string | null; title: string; url: string | null; position: number }>();
  return rows.results;
}

/** Rows in the chatbot's full-text partition matching `term` (segmented and stemmed as the index stores it). */
export async function ftsHits(chatbotId: string, term: string) {
  const row = await env.DB.prepare(`select count(*) as n from chunks_fts where chunks_fts match ?1`)
    .bind(`chatbot_id : "${chatbotId}" AND {title headings body} : (${segmentForIndex(term)})`)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Full-text rows in the chatbot's partition: one per indexed chunk (offline there are no vectors). */
export async function indexedCount(chatbotId: string) {
  const row = await env.DB.prepare(`select count(*) as n from chunks_fts where chunks_fts match ?1`).bind(`chatbot_id : "${chatbotId}"`).first<{ n: number }>();
  return row?.n ?? 0;
}

export async function vectorCount(chatbotId: string) {
  const row = await env.DB.prepare(`select count(*) as n from chunk_vectors where chatbot_id = ?1`).bind(chatbotId).first<{ n: number }>();
  return row?.n ?? 0;
}

export function multipart(fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

/** Delivers one INGEST message to the consumer, as the platform would, and reports what it acked or retried. */
export async function deliver(body: unknown, opts: { queue?: string; attempts?: number; env?: Env } = {}) {
  const { createExecutionContext, createMessageBatch, getQueueResult } = await import("cloudflare:test");
  const { handleIngestBatch } = await import("../../../worker/knowledge/ingest/consumer");
  const batch = createMessageBatch(opts.queue ?? "minichat-ingest", [
    { id: `m-${Math.random().toString(36).slice(2)}`, timestamp: new Date(), attempts: opts.attempts ?? 1, body },
  ]);
  const ctx = createExecutionContext();
  await handleIngestBatch(batch, opts.env ?? env, ctx);
  return getQueueResult(batch, ctx);
}

export const documentMessage = (o: { workspaceId: string }, documentId: string) => ({ type: "document", document_id: documentId, workspace_id: o.workspaceId });

/** Uploads a file through the API. */
export async function upload(o: { token: string; botId: string }, name: string, content: string | Uint8Array, type = "application/octet-stream") {
  const part: BlobPart = typeof content === "string" ? content : new Uint8Array(content);
  return api("/api/v1/knowledge-base/documents", { token: o.token, body: multipart({ chatbot_id: o.botId, file: new File([part], name, { type }) }) });
}

/**
 * A pending document stored the way an upload stores it, but without a queue
 * message: the test alone decides when (and how) it is delivered.
 */
export async function insertDocument(o: { workspaceId: string; botId: string; userId: string }, filename: string, content: string) {
  const id = `doc_t${Math.random().toString(36).slice(2, 12)}`;
  const key = `ws/${o.workspaceId}/kb/${id}/${filename}`;
  const bytes = new TextEncoder().encode(content);
  await env.FILES.put(key, bytes);
  const now = new Date().toISOString();
  await env.DB.prepare(
    `insert into documents (id, workspace_id, chatbot_id, filename, file_type, content_type, size_bytes, r2_key, content_hash, status, created_by, created_at, updated_at)
     values (?1, ?2, ?3, ?4, 'md', 'text/markdown', ?5, ?6, ?7, 'pending', ?8, ?9, ?9)`,
  )
    .bind(id, o.workspaceId, o.botId, filename, bytes.byteLength, key, `hash-${id}`, o.userId, now)
    .run();
  return id;
}
