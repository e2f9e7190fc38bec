import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { knowledgeGaps, parsePeriod } from "../knowledge/gaps/gaps";
import { requireChatbot } from "../knowledge/sources/chatbot";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const Query = z.object({
  chatbot_id: z.string().min(1).max(64),
  period: z.string().regex(/^\d{1,3}d$/, "period must look like 30d").optional(),
});

const Report = z.record(z.string(), z.unknown()).openapi("KnowledgeGapsReport");

/** `GET /api/v1/knowledge-base/gaps`: low-confidence and unanswered questions grouped into topics. */
export const kbGaps = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Knowledge"],
    security: AUTHENTICATED,
    summary: "Knowledge gaps report",
    middleware: [requireAuth, requirePermission("knowledge:read")],
    request: { query: Query },
    responses: { 200: { description: "Gaps grouped by topic", content: { "application/json": { schema: Report } } }, ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const auth = c.get("auth");
    await requireChatbot(c.env, auth.workspaceId, q.chatbot_id);
    return c.json((await knowledgeGaps(c.env, auth.workspaceId, q.chatbot_id, parsePeriod(q.period ?? "30d"))) as Record<string, unknown>, 200);
  },
);
