import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { ConversationFilters } from "../inbox/list-filters";
import { createSavedFilter, deleteSavedFilter, getSavedFilter, listSavedFilters, updateSavedFilter } from "../inbox/saved-filters";
import { badRequest } from "../lib/errors";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";
import { IdParams, SavedFilter, json, jsonBody } from "./inbox-schemas";

const FilterBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    filters: ConversationFilters,
    shared: z.boolean().optional(),
    is_default: z.boolean().optional(),
  })
  .openapi("SavedFilterInput");

const base = { tags: ["Conversations"], security: AUTHENTICATED };

/** Saved inbox filters (spec 5.3.4); apply one with GET /conversations?filter_id=… */
export const conversationFilters = createRouter();
conversationFilters.use("*", requireAuth, requirePermission("conversations:read"));
conversationFilters.use("*", async (c, next) => {
  if (!c.get("auth").userId) throw badRequest("USER_REQUIRED", "Saved filters belong to a signed-in user");
  await next();
});

conversationFilters
  .openapi(
    createRoute({ ...base, method: "get", path: "/", summary: "List saved inbox filters (own and shared)", responses: { 200: json(z.object({ data: z.array(SavedFilter) }), "Saved filters"), ...errorResponses(400, 401, 403) } }),
    async (c) => c.json({ data: await listSavedFilters({ ctx: serviceCtx(c), input: undefined }) }, 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/", summary: "Save an inbox filter", description: "`shared` makes it visible to the workspace; `is_default` opens the inbox with it.",
      request: jsonBody(FilterBody), responses: { 201: json(SavedFilter, "Created"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await createSavedFilter({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/{id}", summary: "Get a saved filter", request: { params: IdParams }, responses: { 200: json(SavedFilter, "The filter"), ...errorResponses(401, 403, 404) } }),
    async (c) => c.json(await getSavedFilter({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "patch", path: "/{id}", summary: "Change a saved filter (its owner, or an admin for shared ones)",
      request: { params: IdParams, ...jsonBody(FilterBody.partial().openapi("SavedFilterPatch")) }, responses: { 200: json(SavedFilter, "Updated"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await updateSavedFilter({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id, patch: c.req.valid("json") } }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/{id}", summary: "Delete a saved filter", request: { params: IdParams }, responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) } }),
    async (c) => {
      await deleteSavedFilter({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  );
