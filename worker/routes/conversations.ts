import { createRoute, z } from "@hono/zod-openapi";
import { recordAudit } from "../audit/record";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { getConversationDetail } from "../inbox/detail";
import { exportTranscript } from "../inbox/export";
import { listConversations } from "../inbox/list";
import { ListQuery } from "../inbox/list-filters";
import { searchMessages } from "../inbox/search";
import { setConversationTags } from "../inbox/tags";
import { CONVERSATION_STATUSES } from "../../durable-objects/protocol";
import { AUTHENTICATED, errorResponses } from "./docs";
import { ConvParams, ConversationDetail, ConversationPage, SearchResults, json, jsonBody } from "./inbox-schemas";

const intParam = (min: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === "" ? undefined : Number(v)), z.number().int().min(min).max(max).optional());
const list = (v: unknown) => (v === undefined || v === "" ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(",")));

const SearchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  limit: intParam(1, 50),
  offset: intParam(0, 10_000),
  status: z.preprocess(list, z.array(z.enum(CONVERSATION_STATUSES)).optional()),
  chatbot_id: z.string().max(64).optional(),
});

const DetailQuery = z.object({
  before_seq: intParam(0, Number.MAX_SAFE_INTEGER),
  after_seq: intParam(0, Number.MAX_SAFE_INTEGER),
  limit: intParam(1, 200),
});

const ExportQuery = z.object({ format: z.enum(["json", "csv"]).default("json") });
const TagsBody = z.object({ tags: z.array(z.string().max(200)).max(100) }).openapi("ConversationTagsInput");

const base = { tags: ["Conversations"], security: AUTHENTICATED };
const read = [requireAuth, requirePermission("conversations:read")];

/** The inbox reads: list with filters, full-text search, one conversation, tags, transcript export. */
export const conversations = createRouter()
  .openapi(
    createRoute({
      ...base, method: "get", path: "/", summary: "List conversations (inbox filters, cursor pages)",
      description: "Filters as in saved filters (`status` a list, `tags` any of, `assigned_agent_id` an id, `me` or `unassigned`, dates ISO); `filter_id` applies a saved filter, explicit parameters win.",
      middleware: read, request: { query: ListQuery }, responses: { 200: json(ConversationPage, "A page of conversations"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await listConversations({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200),
  )
  // Declared before "/{id}" so "search" is never taken for a conversation id.
  .openapi(
    createRoute({
      ...base, method: "get", path: "/search", summary: "Full-text search over the workspace's messages",
      description: "Best match first, with highlights; `visitor_matches` lists the conversations of the newest customers (up to 20) with a word of their name or email starting with each word of the query.",
      middleware: read, request: { query: SearchQuery }, responses: { 200: json(SearchResults, "Matching messages"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await searchMessages({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}", summary: "One conversation with its thread, notes, events and customer panel",
      description: "The latest `limit` messages (50) by default; older ones with `before_seq`, newer with `after_seq`.",
      middleware: read, request: { params: ConvParams, query: DetailQuery }, responses: { 200: json(ConversationDetail, "The conversation"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const baseUrl = new URL(c.req.url).origin;
      return c.json(await getConversationDetail({ ctx: serviceCtx(c), input: { ...c.req.valid("query"), baseUrl, id: c.req.valid("param").id } }), 200);
    },
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}/export", summary: "Download the transcript (JSON or CSV)",
      middleware: [requireAuth, requirePermission("data:export")], request: { params: ConvParams, query: ExportQuery },
      responses: {
        200: {
          description: "The transcript as a file (Content-Disposition: attachment)",
          content: { "application/json": { schema: { type: "object" } }, "text/csv": { schema: { type: "string" } } },
        },
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { format } = c.req.valid("query");
      const file = await exportTranscript({ ctx: serviceCtx(c), input: { conversationId: id, format } });
      await recordAudit(serviceCtx(c), c.get("auth"), { action: "conversation.exported", resource_type: "conversation", resource_id: id, changes: { format } });
      return c.body(file.body, 200, {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "no-store",
      });
    },
  )
  .openapi(
    createRoute({
      ...base, method: "put", path: "/{id}/tags", summary: "Replace a conversation's tags",
      middleware: [requireAuth, requirePermission("conversations:respond")], request: { params: ConvParams, ...jsonBody(TagsBody) },
      responses: { 200: json(z.object({ conversation_id: z.string(), tags: z.array(z.string()) }), "The tags after the change"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const tags = await setConversationTags({ ctx: serviceCtx(c), input: { conversationId: id, tags: c.req.valid("json").tags } });
      return c.json({ conversation_id: id, tags }, 200);
    },
  );
