import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { tagCounts } from "../inbox/tags";
import { AUTHENTICATED, errorResponses } from "./docs";
import { json } from "./inbox-schemas";

/** Tags in use across the workspace's conversations, with counts (for autocomplete). */
export const tags = createRouter().openapi(
  createRoute({
    tags: ["Conversations"], security: AUTHENTICATED, method: "get", path: "/", summary: "Tags in use, with counts (autocomplete)",
    middleware: [requireAuth, requirePermission("conversations:read")], request: { query: z.object({ prefix: z.string().max(32).optional() }) },
    responses: { 200: json(z.object({ data: z.array(z.object({ tag: z.string(), count: z.number().int() })) }), "Most used first"), ...errorResponses(400, 401, 403) },
  }),
  async (c) => c.json({ data: await tagCounts({ ctx: serviceCtx(c), input: { prefix: c.req.valid("query").prefix } }) }, 200),
);
