import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/router";
import { checkHealth } from "../observability/health";

const Health = z.object({
  status: z.enum(["ok", "degraded"]),
  db: z.boolean(),
  checks: z.object({ d1: z.boolean(), r2: z.boolean(), durable_objects: z.boolean(), queues: z.boolean() }),
});

export const health = createRouter().openapi(
  createRoute({
    tags: ["Auth"],
    method: "get",
    path: "/",
    summary: "Health: D1, R2, a Durable Object round trip and the queues",
    responses: {
      200: { description: "Up", content: { "application/json": { schema: Health } } },
      503: { description: "A dependency failed", content: { "application/json": { schema: Health } } },
    },
  }),
  async (c) => {
    // No environment name or configuration here: it would tell a prober whether dev-only routes exist.
    const report = await checkHealth(c.env);
    return report.status === "ok" ? c.json(report, 200) : c.json(report, 503);
  },
);
