import { handleStripeWebhook } from "../commerce/payments/stripe";
import { createRouter } from "../lib/router";

/** `/api/v1/webhooks/stripe/:workspace_id`: Stripe events for the workspace's own account (signed; raw body). */
export const webhooksRoutes = createRouter();
webhooksRoutes.post("/stripe/:workspace_id", async (c) => {
  const raw = await c.req.text();
  return c.json(await handleStripeWebhook(c.env, c.req.param("workspace_id"), raw, c.req.header("stripe-signature") ?? null), 200);
});
