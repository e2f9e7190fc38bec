import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { setWorkspacePlan } from "../billing/plan-change";
import { PLAN_IDS } from "../billing/plans";
import { billingSummary } from "../billing/summary";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

/**
 * `POST /api/v1/dev/plan {plan}`: switches the caller's workspace to a plan
 * without Stripe, for local development and tests (mounted only where the
 * dev routes are, like the seed; the workspace owner only).
 */
export const devPlanRoutes = createRouter().openapi(
  createRoute({
    tags: ["Development"],
    security: AUTHENTICATED,
    method: "post",
    path: "/plan",
    summary: "Switch plan without payment (development only)",
    middleware: [requireAuth, requirePermission("billing:manage")] as const,
    request: { body: { required: true, content: { "application/json": { schema: z.strictObject({ plan: z.enum(PLAN_IDS) }) } } } },
    responses: { 200: { description: "The billing summary on the new plan", content: { "application/json": { schema: z.object({}).passthrough() } } }, ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const { workspaceId } = c.get("auth");
    const { plan } = c.req.valid("json");
    await setWorkspacePlan(c.env, workspaceId, plan, { status: plan === "free" ? "none" : "active" });
    return c.json(await billingSummary(c.env, workspaceId), 200);
  },
);
