import { z } from "zod";
import { recordAudit } from "../audit/record";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { getConversationDetail } from "../inbox/detail";
import { exportTranscript } from "../inbox/export";
import { listConversations } from "../inbox/list";
import { ListQuery } from "../inbox/list-filters";
import { searchMessages } from "../inbox/search";
import { setConversationTags } from "../inbox/tags";
import { queryObject, validate } from "../inbox/validate";
import { CONVERSATION_STATUSES } from "../../durable-objects/protocol";

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
const TagsBody = z.object({ tags: z.array(z.string().max(200)).max(100) });

/** The inbox reads: list with filters, full-text search, one conversation, tags, transcript export. */
export const conversations = createRouter();

conversations.get("/", requireAuth, requirePermission("conversations:read"), async (c) => {
  const query = validate(ListQuery, queryObject(c.req.url));
  return c.json(await listConversations({ env: c.env, auth: c.get("auth") }, query));
});

// Declared before "/:id" so "search" is never taken for a conversation id.
conversations.get("/search", requireAuth, requirePermission("conversations:read"), async (c) => {
  const query = validate(SearchQuery, queryObject(c.req.url));
  return c.json(await searchMessages({ env: c.env, auth: c.get("auth") }, query));
});

conversations.get("/:id", requireAuth, requirePermission("conversations:read"), async (c) => {
  const query = validate(DetailQuery, queryObject(c.req.url));
  const baseUrl = new URL(c.req.url).origin;
  return c.json(await getConversationDetail({ env: c.env, auth: c.get("auth") }, c.req.param("id"), { ...query, baseUrl }));
});

conversations.get("/:id/export", requireAuth, requirePermission("data:export"), async (c) => {
  const { format } = validate(ExportQuery, queryObject(c.req.url));
  const file = await exportTranscript({ env: c.env, auth: c.get("auth") }, c.req.param("id"), format);
  await recordAudit(c, c.get("auth"), { action: "conversation.exported", resource_type: "conversation", resource_id: c.req.param("id"), changes: { format } });
  return c.body(file.body, 200, {
    "Content-Type": file.contentType,
    "Content-Disposition": `attachment; filename="${file.filename}"`,
    "Cache-Control": "no-store",
  });
});

conversations.put("/:id/tags", requireAuth, requirePermission("conversations:respond"), async (c) => {
  const body = validate(TagsBody, await c.req.json().catch(() => null));
  const tags = await setConversationTags({ env: c.env, auth: c.get("auth") }, c.req.param("id"), body.tags);
  return c.json({ conversation_id: c.req.param("id"), tags });
});
