import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { handleBillingWebhook, openCustomerPortal, startSubscriptionCheckout } from "../billing/stripe-subscriptions";
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
    usage: z.object({ chatbots: z.number().int(), seats: z.number().int(), channels: z.number().int(), conversations: z.number().int(), ai_replies: z.number().int() }),
    warnings: z.array(z.object({ metric: z.string(), used: z.number().int(), limit: z.number().int(), level: z.union([z.literal(80), z.literal(100)]) })),
    plans: z.array(PlanView),
  })
  .openapi("Billing");

const base = { tags: ["Billing"], security: AUTHENTICATED };
const jsonOf = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

/** `/api/v1/billing`: the workspace's plan, limits and usage; subscription checkout, portal and the Stripe webhook. */
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
)
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/checkout",
      summary: "Start a subscription checkout",
      description: "Owners only (billing:manage). A workspace's first paid plan starts with a 14-day trial. Answers the Stripe Checkout URL to send the owner to.",
      middleware: [requireAuth, requirePermission("billing:manage")] as const,
      request: { body: { required: true, content: { "application/json": { schema: z.strictObject({ plan: z.enum(["starter", "pro", "business"]), interval: z.enum(["monthly", "yearly"]).default("monthly") }) } } } },
      responses: { 200: jsonOf(z.object({ checkout_url: z.string().url() }), "Checkout session"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const auth = c.get("auth");
      const { plan, interval } = c.req.valid("json");
      const email = await c.env.DB.prepare(`select email from users where id = ?1`).bind(auth.userId).first<{ email: string }>();
      return c.json(await startSubscriptionCheckout(c.env, auth.workspaceId, email?.email ?? "", plan, interval), 200);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/portal",
      summary: "Open the billing portal",
      description: "Owners only. Plan change, card, cancellation and invoices on Stripe's customer portal.",
      middleware: [requireAuth, requirePermission("billing:manage")] as const,
      responses: { 200: jsonOf(z.object({ portal_url: z.string().url() }), "Portal session"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await openCustomerPortal(c.env, c.get("auth").workspaceId), 200),
  )
  .openapi(
    createRoute({
      tags: ["Billing"],
      method: "post",
      path: "/webhook",
      summary: "Stripe subscription events (platform account)",
      description:
        "Called by Stripe, not by tenants. The raw body is verified against `Stripe-Signature` with the platform's signing secret (300 s tolerance; bad signature → 400 INVALID_SIGNATURE); each event id is applied once; subscription events re-read the subscription, so order does not matter.",
      request: { headers: z.object({ "stripe-signature": z.string().optional() }) },
      responses: { 200: jsonOf(z.object({ received: z.literal(true), duplicate: z.literal(true).optional() }), "Accepted"), ...errorResponses(400) },
    }),
    async (c) => c.json(await handleBillingWebhook(c.env, await c.req.text(), c.req.header("stripe-signature") ?? null), 200),
  );
