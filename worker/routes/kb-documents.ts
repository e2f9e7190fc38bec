import { createRoute, z } from "@hono/zod-openapi";
import { recordAudit } from "../audit/record";
import { serviceCtx } from "../lib/service";
import { requireAuth, requirePermission } from "../auth/middleware";
import { DOCUMENT_STATUSES } from "../db/schema";
import { deleteDocument, getDocument, listDocuments, reprocessDocument, uploadDocument } from "../knowledge/documents/documents";
import { MAX_UPLOAD_BYTES } from "../knowledge/documents/file-types";
import { AppError, badRequest } from "../lib/errors";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, ErrorSchema, errorResponses } from "./docs";

const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "doc_4f9QaB1c2D3e4F5g6H7i" }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const guard = (permission: Parameters<typeof requirePermission>[0]) => [requireAuth, requirePermission(permission)];
const base = { tags: ["Knowledge"], security: AUTHENTICATED };
const uploadErrors = {
  413: json(ErrorSchema, "`TOO_LARGE`: PDF over 50 MB, DOCX over 25 MB, TXT/MD/CSV/HTML over 10 MB"),
  415: json(ErrorSchema, "`UNSUPPORTED_TYPE`: not PDF, DOCX, TXT, MD, CSV or HTML (checked by extension and content)"),
};

const DocumentResponse = z
  .object({
    id: z.string(),
    chatbot_id: z.string(),
    filename: z.string(),
    file_type: z.string(),
    mime_type: z.string(),
    size_bytes: z.number(),
    content_hash: z.string(),
    status: z.enum(DOCUMENT_STATUSES),
    progress: z.number(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    page_count: z.number().nullable(),
    chunk_count: z.number(),
    metadata: z.record(z.string(), z.unknown()),
    created_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    processing_started_at: z.string().nullable(),
    processed_at: z.string().nullable(),
  })
  .openapi("KnowledgeDocument");

const ListQuery = z.object({
  chatbot_id: z.string().optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

function parseMetadata(raw: FormDataEntryValue | null): Record<string, unknown> {
  if (raw === null || raw === "") return {};
  if (typeof raw !== "string" || raw.length > 4096) throw badRequest("VALIDATION_ERROR", "metadata must be a JSON object of at most 4 KB");
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  throw badRequest("VALIDATION_ERROR", "metadata must be a JSON object");
}

/** `/api/v1/knowledge-base/documents`: uploads processed by the INGEST queue. */
export const kbDocuments = createRouter()
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/",
      summary: "Upload a document",
      description:
        "Multipart form: `file` (PDF, DOCX, TXT, MD, CSV, HTML), `chatbot_id`, optional `metadata` (JSON object, e.g. a title). Answers 202 with the document `pending`; processing progress arrives as `knowledge:status` frames on the workspace socket and on `GET /{id}`. Uploading a file name the chatbot already has replaces that document (`replaced: true`).",
      middleware: guard("knowledge:write"),
      responses: {
        202: json(DocumentResponse.extend({ replaced: z.boolean() }), "Stored and queued for processing"),
        ...errorResponses(400, 401, 403, 404),
        ...uploadErrors,
      },
    }),
    async (c) => {
      const declared = Number(c.req.header("content-length") ?? "0");
      if (declared > MAX_UPLOAD_BYTES + 64 * 1024) throw new AppError(413, "TOO_LARGE", `Uploads are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
      if (!(c.req.header("content-type") ?? "").startsWith("multipart/form-data")) {
        throw badRequest("VALIDATION_ERROR", "Upload the file as multipart/form-data with the fields file and chatbot_id");
      }
      const form = await c.req.formData().catch(() => {
        throw badRequest("VALIDATION_ERROR", "The request is not valid multipart form data");
      });
      const file = form.get("file");
      const chatbotId = form.get("chatbot_id");
      if (!(file instanceof File)) throw badRequest("VALIDATION_ERROR", "file is required");
      if (typeof chatbotId !== "string" || !chatbotId) throw badRequest("VALIDATION_ERROR", "chatbot_id is required");
      const { document, replaced } = await uploadDocument(c.env, c.get("auth"), { chatbotId, file, metadata: parseMetadata(form.get("metadata")) });
      return c.json({ ...document, replaced }, 202);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/",
      summary: "List documents",
      middleware: guard("knowledge:read"),
      request: { query: ListQuery },
      responses: {
        200: json(
          z.object({ data: z.array(DocumentResponse), pagination: z.object({ page: z.number(), limit: z.number(), total: z.number(), total_pages: z.number() }) }),
          "A page of documents, newest first",
        ),
        ...errorResponses(400, 401, 403),
      },
    }),
    async (c) => c.json(await listDocuments(c.env, c.get("auth"), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/{id}",
      summary: "Get a document's processing status",
      middleware: guard("knowledge:read"),
      request: { params: IdParams },
      responses: { 200: json(DocumentResponse, "The document with status, progress and error"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await getDocument(c.env, c.get("auth"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "delete",
      path: "/{id}",
      summary: "Delete a document",
      description: "Removes the stored file, the document and all of its chunks and vectors.",
      middleware: guard("knowledge:write"),
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const deleted = await deleteDocument(c.env, c.get("auth"), id);
      await recordAudit(serviceCtx(c), c.get("auth"), { action: "knowledge.document_deleted", resource_type: "document", resource_id: id, changes: { before: deleted } });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/{id}/reprocess",
      summary: "Process a document again",
      middleware: guard("knowledge:write"),
      request: { params: IdParams },
      responses: { 202: json(DocumentResponse, "Queued for processing"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await reprocessDocument(c.env, c.get("auth"), c.req.valid("param").id), 202),
  );
