import { createRoute, z } from "@hono/zod-openapi";
import { recordAudit } from "../audit/record";
import { serviceCtx } from "../lib/service";
import { requireAuth, requirePermission } from "../auth/middleware";
import { CrawlPageResponse, CreateUrlSourceBody, UpdateUrlSourceBody, UrlSourceResponse } from "../knowledge/crawl/schemas";
import { createUrlSource, deleteUrlSource, getUrlSource, listUrlSources, recrawlUrlSource, updateUrlSource } from "../knowledge/crawl/sources";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "urls_4f9QaB1c2D3e4F5g6H7i" }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const guard = (permission: Parameters<typeof requirePermission>[0]) => [requireAuth, requirePermission(permission)];
const base = { tags: ["Knowledge"], security: AUTHENTICATED };
const ListQuery = z.object({
  chatbot_id: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** `/api/v1/knowledge-base/urls`: websites crawled into a chatbot's knowledge. */
export const kbUrls = createRouter()
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/",
      summary: "Add a URL to crawl",
      description:
        "Crawls breadth-first from `url`: up to `max_pages` (≤ 500, default 50) pages and `max_depth` (≤ 5, default 2) links deep, same site by default, honouring robots.txt, filtered by `include_patterns`/`exclude_patterns` (globs like `/docs/*`, or `/regex/`). Internal and reserved addresses are refused (`BLOCKED_HOST`), as are non-http(s) URLs (`UNSUPPORTED_SCHEME`). `schedule` daily or weekly re-crawls it.",
      middleware: guard("knowledge:write"),
      request: { body: { content: { "application/json": { schema: CreateUrlSourceBody } }, required: true } },
      responses: { 202: json(UrlSourceResponse, "Crawl started"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await createUrlSource(c.env, c.get("auth"), c.req.valid("json")), 202),
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/",
      summary: "List URL sources",
      middleware: guard("knowledge:read"),
      request: { query: ListQuery },
      responses: {
        200: json(
          z.object({ data: z.array(UrlSourceResponse), pagination: z.object({ page: z.number(), limit: z.number(), total: z.number(), total_pages: z.number() }) }),
          "A page of URL sources",
        ),
        ...errorResponses(400, 401, 403),
      },
    }),
    async (c) => c.json(await listUrlSources(c.env, c.get("auth"), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/{id}",
      summary: "Get a URL source with its crawl progress and pages",
      middleware: guard("knowledge:read"),
      request: { params: IdParams },
      responses: { 200: json(UrlSourceResponse.extend({ pages: z.array(CrawlPageResponse) }), "The source and its pages"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await getUrlSource(c.env, c.get("auth"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "patch",
      path: "/{id}",
      summary: "Change a URL source's crawl settings or schedule",
      description: "Takes effect on the next crawl.",
      middleware: guard("knowledge:write"),
      request: { params: IdParams, body: { content: { "application/json": { schema: UpdateUrlSourceBody } }, required: true } },
      responses: { 200: json(UrlSourceResponse, "The updated source"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await updateUrlSource(c.env, c.get("auth"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "delete",
      path: "/{id}",
      summary: "Delete a URL source",
      description: "Removes the source, its pages and all their chunks.",
      middleware: guard("knowledge:write"),
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const deleted = await deleteUrlSource(c.env, c.get("auth"), id);
      await recordAudit(serviceCtx(c), c.get("auth"), { action: "knowledge.url_deleted", resource_type: "url_source", resource_id: id, changes: { before: deleted } });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/{id}/recrawl",
      summary: "Crawl a URL source again",
      description: "Pages not reached again are removed with their chunks when the new crawl finishes.",
      middleware: guard("knowledge:write"),
      request: { params: IdParams },
      responses: { 202: json(UrlSourceResponse, "Crawl started"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await recrawlUrlSource(c.env, c.get("auth"), c.req.valid("param").id), 202),
  );
