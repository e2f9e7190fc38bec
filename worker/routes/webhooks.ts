import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { handleStripeWebhook } from "../commerce/payments/stripe";
import { requireAuth, requirePermission } from "../auth/middleware";
import type { AppEnv } from "../lib/context";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { WEBHOOK_EVENTS } from "../webhooks/url";
import { loadIntegrations } from "../lazy";
import { AUTHENTICATED, errorResponses } from "./docs";
import { body, IdParams, json } from "./team-schemas";

/** How a receiver checks a delivery; shown in the API reference. */
const SIGNATURE_DOC = `Deliveries: JSON \`POST\` with \`MiniChat-Event\`, \`MiniChat-Delivery\` (same id on every retry: dedupe on it) and
\`MiniChat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">\` keyed with the \`secret\` (the whole \`whsec_…\` string).
Answer 2xx within 10 s; otherwise (redirects are not followed) retried with exponential backoff for ~24 h, then failed and the webhook marked \`failing\`.

Verifying in Node.js:

\`\`\`js
import crypto from "node:crypto";
function verify(rawBody, header, secret, toleranceSeconds = 300) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2)));
  const expected = crypto.createHmac("sha256", secret).update(\`\${parts.t}.\${rawBody}\`).digest("hex");
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) <= toleranceSeconds;
  return fresh && parts.v1?.length === expected.length && crypto.timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected));
}
\`\`\``;

const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    active: z.boolean(),
    failing: z.boolean(),
    last_failure: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Webhook");

const Events = z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length);
const CreateBody = z.strictObject({ url: z.url().max(2000), events: Events, active: z.boolean().optional() }).openapi("CreateWebhook");
const UpdateBody = z.strictObject({ url: z.url().max(2000).optional(), events: Events.optional(), active: z.boolean().optional() }).openapi("UpdateWebhook");
const DeliverySchema = z
  .object({
    id: z.string(),
    event: z.string(),
    status: z.enum(["pending", "retrying", "delivered", "failed", "skipped"]),
    attempts: z.number(),
    response_status: z.number().nullable(),
    response_excerpt: z.string().nullable(),
    request_excerpt: z.string(),
    error: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("WebhookDelivery");
const DeliveryParams = IdParams.extend({ delivery_id: z.string().min(1).max(64).openapi({ param: { name: "delivery_id", in: "path" } }) });

const base = { tags: ["Integrations"], security: AUTHENTICATED };
const manage = () => [requireAuth, requirePermission("settings:manage")];
const ctx = serviceCtx;

/**
 * `/api/v1/webhooks`: outgoing webhooks (signed deliveries through the OUTBOUND queue, delivery log, redeliver),
 * and `/api/v1/webhooks/stripe/:workspace_id`: Stripe events for the workspace's own account (signed; raw body).
 */
export const webhooksRoutes = createRouter()
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/",
      summary: "Create an outgoing webhook",
      description: `https in production; private, loopback and metadata hosts answer 400 WEBHOOK_URL_REFUSED (checked again after DNS on every delivery). The \`secret\` is shown once.\n\n${SIGNATURE_DOC}`,
      middleware: manage(),
      request: body(CreateBody),
      responses: { 201: json(WebhookSchema.extend({ secret: z.string() }).openapi("NewWebhook"), "The webhook and its signing secret (shown once)"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await (await loadIntegrations()).createWebhook({ ctx: ctx(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/", summary: "List outgoing webhooks", middleware: manage(), responses: { 200: json(z.object({ data: z.array(WebhookSchema) }), "Webhooks"), ...errorResponses(401, 403) } }),
    async (c) => c.json({ data: await (await loadIntegrations()).listWebhooks({ ctx: ctx(c), input: undefined }) }, 200),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/{id}", summary: "One outgoing webhook", middleware: manage(), request: { params: IdParams }, responses: { 200: json(WebhookSchema, "The webhook"), ...errorResponses(401, 403, 404) } }),
    async (c) => c.json(await (await loadIntegrations()).getWebhook({ ctx: ctx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "patch", path: "/{id}", summary: "Change a webhook's URL, events or active flag", middleware: manage(), request: { params: IdParams, ...body(UpdateBody) }, responses: { 200: json(WebhookSchema, "The webhook"), ...errorResponses(400, 401, 403, 404) } }),
    async (c) => c.json(await (await loadIntegrations()).updateWebhook({ ctx: ctx(c), input: { id: c.req.valid("param").id, patch: c.req.valid("json") } }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/{id}", summary: "Delete a webhook and its delivery log", middleware: manage(), request: { params: IdParams }, responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) } }),
    async (c) => {
      await (await loadIntegrations()).deleteWebhook({ ctx: ctx(c), input: { id: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/{id}/deliveries", summary: "The delivery log (newest 100) with request and response excerpts", middleware: manage(), request: { params: IdParams }, responses: { 200: json(z.object({ data: z.array(DeliverySchema) }), "Deliveries"), ...errorResponses(401, 403, 404) } }),
    async (c) => c.json({ data: (await (await loadIntegrations()).listDeliveries({ ctx: ctx(c), input: { webhookId: c.req.valid("param").id } })) as z.infer<typeof DeliverySchema>[] }, 200),
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/{id}/deliveries/{delivery_id}/redeliver", summary: "Send a delivery again (same MiniChat-Delivery id, fresh signature)", middleware: manage(), request: { params: DeliveryParams }, responses: { 202: json(z.object({ id: z.string(), status: z.string() }), "Queued"), ...errorResponses(401, 403, 404) } }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await (await loadIntegrations()).redeliver({ ctx: ctx(c), input: { webhookId: p.id, deliveryId: p.delivery_id } }), 202);
    },
  );

const StripeParams = z.object({ workspace_id: z.string().min(1).max(80).openapi({ param: { name: "workspace_id", in: "path" }, example: "ws_4f9QaB1c2D3e4F5g6H7i" }) });

webhooksRoutes.openapi(
  createRoute({
    tags: ["Commerce"], method: "post", path: "/stripe/{workspace_id}", summary: "Stripe webhook (the workspace's own Stripe account)",
    description: "Called by Stripe, not by clients. The raw body is verified against the `Stripe-Signature` header with the workspace's webhook secret; an event already applied answers `duplicate: true`.",
    request: {
      params: StripeParams,
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
