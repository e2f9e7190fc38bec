import { createRoute, z } from "@hono/zod-openapi";
import { handleStripeWebhook } from "../commerce/payments/stripe";
import { createRouter } from "../lib/router";
import { errorResponses } from "./docs";

const Params = z.object({ workspace_id: z.string().min(1).max(80).openapi({ param: { name: "workspace_id", in: "path" }, example: "ws_4f9QaB1c2D3e4F5g6H7i" }) });

/** `/api/v1/webhooks/stripe/{workspace_id}`: Stripe events for the workspace's own account (signed; raw body). */
export const webhooksRoutes = createRouter().openapi(
  createRoute({
    tags: ["Commerce"], method: "post", path: "/stripe/{workspace_id}", summary: "Stripe webhook (the workspace's own Stripe account)",
    description: "Called by Stripe, not by clients. The raw body is verified against the `Stripe-Signature` header with the workspace's webhook secret; an event already applied answers `duplicate: true`.",
    request: {
      params: Params,
      // a plain JSON schema, not zod: the handler must read the raw bytes the signature covers
      body: { required: true, content: { "application/json": { schema: { type: "object", description: "A Stripe event" } } } },
    },
    responses: {
      200: { description: "Applied (or already applied)", content: { "application/json": { schema: z.object({ received: z.literal(true), duplicate: z.literal(true).optional() }) } } },
      ...errorResponses(400, 404),
    },
  }),
  async (c) => {
    const raw = await c.req.text();
    return c.json(await handleStripeWebhook(c.env, c.req.valid("param").workspace_id, raw, c.req.header("stripe-signature") ?? null), 200);
  },
);
