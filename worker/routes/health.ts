import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/router";

export const health = createRouter().openapi(
  createRoute({
    tags: ["Auth"], method: "get", path: "/", summary: "Liveness: the Worker answers and D1 is reachable",
    responses: { 200: { description: "Up", content: { "application/json": { schema: z.object({ status: z.literal("ok"), db: z.boolean() }) } } } },
  }),
  async (c) => {
    const row = await c.env.DB.prepare("select 1 as ok").first<{ ok: number }>();
    // No environment name here: it would tell a prober whether dev-only routes exist.
    return c.json({ status: "ok" as const, db: row?.ok === 1 }, 200);
  },
);
