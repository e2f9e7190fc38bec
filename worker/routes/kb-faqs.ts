import { createRoute, z } from "@hono/zod-openapi";
import { recordAudit } from "../audit/record";
import { serviceCtx } from "../lib/service";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createFaq, deleteFaq, getFaq, listFaqs, updateFaq } from "../knowledge/faqs/faqs";
import { MAX_IMPORT_BYTES, importFaqsCsv } from "../knowledge/faqs/import";
import { CreateFaqBody, FaqResponse, ImportReport, ListFaqsQuery, Pagination, UpdateFaqBody } from "../knowledge/faqs/schemas";
import { AppError, badRequest } from "../lib/errors";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "faq_4f9QaB1c2D3e4F5g6H7i" }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const guard = (permission: Parameters<typeof requirePermission>[0]) => [requireAuth, requirePermission(permission)];
const base = { tags: ["Knowledge"], security: AUTHENTICATED };

const ImportJsonBody = z
  .object({ chatbot_id: z.string().min(1), csv: z.string().min(1).max(200_000), overwrite_existing: z.boolean().optional() })
  .openapi("FaqImportJson");

/** `/api/v1/knowledge-base/faqs`: the FAQ builder and its CSV import. */
export const kbFaqs = createRouter()
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/import",
      summary: "Import FAQs from CSV",
      description:
        "Multipart (`file`, `chatbot_id`, `overwrite_existing`) or JSON `{chatbot_id, csv, overwrite_existing}`. Columns: question, answer, category, tags (comma separated), priority (high|medium|low). Rows are numbered like a spreadsheet (header = row 1). Existing questions are skipped unless `overwrite_existing`.",
      middleware: guard("knowledge:write"),
      responses: { 200: json(ImportReport, "What happened to each row"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const type = c.req.header("content-type") ?? "";
      let input: { chatbotId: string; csv: string; overwriteExisting: boolean };
      if (type.startsWith("multipart/form-data")) {
        const declared = Number(c.req.header("content-length") ?? "0");
        if (declared > MAX_IMPORT_BYTES + 64 * 1024) throw new AppError(413, "TOO_LARGE", "CSV imports are limited to 5 MB");
        const form = await c.req.formData().catch(() => {
          throw badRequest("VALIDATION_ERROR", "The request is not valid multipart form data");
        });
        const file = form.get("file");
        const chatbotId = form.get("chatbot_id");
        if (!(file instanceof File)) throw badRequest("VALIDATION_ERROR", "file is required (a CSV file)");
        if (typeof chatbotId !== "string" || !chatbotId) throw badRequest("VALIDATION_ERROR", "chatbot_id is required");
        if (file.size > MAX_IMPORT_BYTES) throw new AppError(413, "TOO_LARGE", "CSV imports are limited to 5 MB");
        input = { chatbotId, csv: await file.text(), overwriteExisting: form.get("overwrite_existing") === "true" };
      } else {
        const parsed = ImportJsonBody.safeParse(await c.req.json().catch(() => null));
        if (!parsed.success) {
          throw badRequest("VALIDATION_ERROR", "The request is not valid", {
            issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message, code: i.code })),
          });
        }
        input = { chatbotId: parsed.data.chatbot_id, csv: parsed.data.csv, overwriteExisting: parsed.data.overwrite_existing ?? false };
      }
      return c.json(await importFaqsCsv(c.env, c.get("auth"), input), 200);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/",
      summary: "Create an FAQ",
      description: "Active FAQs are indexed for the bot at once. A question that already exists for the chatbot (ignoring case and punctuation) answers 409 DUPLICATE_FAQ.",
      middleware: guard("knowledge:write"),
      request: { body: { content: { "application/json": { schema: CreateFaqBody } }, required: true } },
      responses: { 201: json(FaqResponse, "The new FAQ"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await createFaq(c.env, c.get("auth"), c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/",
      summary: "List FAQs",
      middleware: guard("knowledge:read"),
      request: { query: ListFaqsQuery },
      responses: { 200: json(z.object({ data: z.array(FaqResponse), pagination: Pagination }), "A page of FAQs, newest first"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await listFaqs(c.env, c.get("auth"), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/{id}",
      summary: "Get an FAQ",
      middleware: guard("knowledge:read"),
      request: { params: IdParams },
      responses: { 200: json(FaqResponse, "The FAQ"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await getFaq(c.env, c.get("auth"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "patch",
      path: "/{id}",
      summary: "Update an FAQ",
      description: "Setting status inactive or draft removes it from the bot's knowledge; active puts it back.",
      middleware: guard("knowledge:write"),
      request: { params: IdParams, body: { content: { "application/json": { schema: UpdateFaqBody } }, required: true } },
      responses: { 200: json(FaqResponse, "The updated FAQ"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await updateFaq(c.env, c.get("auth"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "delete",
      path: "/{id}",
      summary: "Delete an FAQ",
      middleware: guard("knowledge:write"),
      request: { params: IdParams },
      responses: { 204: { description: "Deleted, and removed from the bot's knowledge" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const deleted = await deleteFaq(c.env, c.get("auth"), id);
      await recordAudit(serviceCtx(c), c.get("auth"), { action: "knowledge.faq_deleted", resource_type: "faq", resource_id: id, changes: { before: deleted } });
      return c.body(null, 204);
    },
  );
