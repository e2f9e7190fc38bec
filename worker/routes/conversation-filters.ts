import { z } from "zod";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { ConversationFilters } from "../inbox/list-filters";
import { createSavedFilter, deleteSavedFilter, getSavedFilter, listSavedFilters, updateSavedFilter } from "../inbox/saved-filters";
import { validate } from "../inbox/validate";
import { badRequest } from "../lib/errors";

const FilterBody = z.object({
  name: z.string().trim().min(1).max(100),
  filters: ConversationFilters,
  shared: z.boolean().optional(),
  is_default: z.boolean().optional(),
});

/** Saved inbox filters (spec 5.3.4); apply one with GET /conversations?filter_id=… */
export const conversationFilters = createRouter();
conversationFilters.use("*", requireAuth, requirePermission("conversations:read"));
conversationFilters.use("*", async (c, next) => {
  if (!c.get("auth").userId) throw badRequest("USER_REQUIRED", "Saved filters belong to a signed-in user");
  await next();
});

conversationFilters.get("/", async (c) => c.json({ data: await listSavedFilters({ env: c.env, auth: c.get("auth") }) }));

conversationFilters.post("/", async (c) => {
  const body = validate(FilterBody, await c.req.json().catch(() => null));
  return c.json(await createSavedFilter({ env: c.env, auth: c.get("auth") }, body), 201);
});

conversationFilters.get("/:id", async (c) => c.json(await getSavedFilter({ env: c.env, auth: c.get("auth") }, c.req.param("id"))));

conversationFilters.patch("/:id", async (c) => {
  const body = validate(FilterBody.partial(), await c.req.json().catch(() => null));
  return c.json(await updateSavedFilter({ env: c.env, auth: c.get("auth") }, c.req.param("id"), body));
});

conversationFilters.delete("/:id", async (c) => {
  await deleteSavedFilter({ env: c.env, auth: c.get("auth") }, c.req.param("id"));
  return c.body(null, 204);
});
