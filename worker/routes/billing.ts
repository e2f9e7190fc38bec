import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../auth/middleware";
import { billingSummary } from "../billing/summary";
import { PLAN_IDS } from "../billing/plans";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const Limits = z.record(z.string(), z.number().int().nullable());
const PlanView = z
  .object({
    id: z.enum(PLAN_IDS),
    name: z.string(),
    prices: z.record(z.string(), z.object({ monthly: z.number().int(), yearly: z.number().int() })).openapi({ description: "Minor units per currency (thb, usd)" }),
    limits: Limits,
    features: z.record(z.string(), z.union([z.boolean(), z.number()])),
  })
  .openapi("Plan");
const BillingSchema = z
  .object({
    plan: PlanView,
    status: z.string().openapi({ description: "none, trialing, active, past_due or canceled" }),
    interval: z.string().nullable(),
    trial_ends_at: z.string().nullable(),
    current_period_end: z.string().nullable(),
    past_due_since: z.string().nullable(),
    plan_expires_at: z.string().nullable(),
    period: z.object({ start: z.string(), end: z.string() }).openapi({ description: "The usage period (calendar month, UTC)" }),
    limits: Limits.openapi({ description: "null = unlimited; conversations and ai_replies are per month" }),
    usage: z.object({ chatbots: z.number().int(), seats: z.number().int(), conversations: z.number().int(), ai_replies: z.number().int() }),
    warnings: z.array(z.object({ metric: z.string(), used: z.number().int(), limit: z.number().int(), level: z.union([z.literal(80), z.literal(100)]) })),
    plans: z.array(PlanView),
  })
  .openapi("Billing");

/** `/api/v1/billing`: the workspace's plan, limits and usage. */
export const billingRoutes = createRouter().openapi(
  createRoute({
    tags: ["Billing"],
    security: AUTHENTICATED,
    method: "get",
    path: "/",
    summary: "Plan, limits and usage",
    description:
      "Any member may read it (the home page shows usage). Limits of `null` are unlimited. Creating a chatbot or inviting a member over a limit answers `402 PLAN_LIMIT` with `{resource, limit, used, plan, suggested_plan, upgrade_url}` in `error.details`.",
    middleware: [requireAuth] as const,
    responses: { 200: { description: "Billing summary", content: { "application/json": { schema: BillingSchema } } }, ...errorResponses(401) },
  }),
  async (c) => c.json(await billingSummary(c.env, c.get("auth").workspaceId), 200),
);
