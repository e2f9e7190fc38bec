import { createRoute } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { PaymentSettingsResponse, PutPaymentSettingsBody, getPaymentSettings, putPaymentSettings } from "../commerce/payments/settings";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";

const json = { description: "The workspace's store and payment settings", content: { "application/json": { schema: PaymentSettingsResponse } } };
const base = { tags: ["Commerce"], security: AUTHENTICATED, path: "/" };

/** `/api/v1/payment-settings`: currency, tax, payment window, PromptPay ID, bank transfer, COD, Stripe keys. */
export const paymentSettingsRoutes = createRouter()
  .openapi(
    createRoute({ ...base, method: "get", summary: "Get payment settings", middleware: [requireAuth, requirePermission("commerce:read")], responses: { 200: json, ...errorResponses(401, 403) } }),
    async (c) => c.json(await getPaymentSettings({ ctx: serviceCtx(c), input: undefined }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "put", summary: "Save payment settings",
      description: "Fields left out keep their value; `promptpay: null` or `stripe: null` remove them. A PromptPay phone is a Thai mobile number (0812345678), a national/tax ID 13 digits, an e-wallet ID 15 digits. Stripe keys are stored encrypted and never returned.",
      middleware: [requireAuth, requirePermission("commerce:manage")],
      request: { body: { content: { "application/json": { schema: PutPaymentSettingsBody } }, required: true } },
      responses: { 200: json, ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await putPaymentSettings({ ctx: serviceCtx(c), input: c.req.valid("json") }), 200),
  );
