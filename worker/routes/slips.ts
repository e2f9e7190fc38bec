import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { requireAuth, requirePermission } from "../auth/middleware";
import { MAX_SLIP_BYTES } from "../commerce/slips/limits";
import { loadSlipLibs } from "../lazy";
import { AppError } from "../lib/errors";
import type { AppEnv } from "../lib/context";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";
import { visitorOf } from "./widget-visitor";

const OrderParams = z.object({
  id: z.string().min(1).max(80).openapi({ param: { name: "id", in: "path" } }),
  order_id: z.string().min(1).max(64).openapi({ param: { name: "order_id", in: "path" } }),
});
const AgentOrderParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });
const SlipParams = AgentOrderParams.extend({ slip_id: z.string().min(1).max(64).openapi({ param: { name: "slip_id", in: "path" } }) });
const Slip = z
  .object({
    id: z.string(), order_id: z.string(),
    status: z.enum(["pending", "verified", "mismatch", "unreadable", "duplicate", "confirmed", "rejected"]),
    trans_ref: z.string().nullable(), sending_bank: z.string().nullable(), content_type: z.string(), size: z.number().int(),
    duplicate_of_order_id: z.string().nullable(), provider: z.string().nullable(), provider_amount: z.number().int().nullable(), provider_note: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("PaymentSlip");
const SlipUpload = z
  .object({ file: z.custom<File>((v) => v instanceof File, { message: "Attach the slip photo in a form field named \"file\"" }).openapi({ type: "string", format: "binary" }) })
  .openapi("SlipUpload");

/** Refuses an oversized body before it is read (the photo limit plus the multipart envelope). */
const limitBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (Number(c.req.header("content-length") ?? "0") > MAX_SLIP_BYTES + 64 * 1024) throw new AppError(413, "PAYLOAD_TOO_LARGE", "A slip photo is limited to 5 MB");
  if (!(c.req.header("content-type") ?? "").startsWith("multipart/form-data")) throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the slip as multipart/form-data");
  await next();
};
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

/** `POST /api/v1/widget/conversations/:id/orders/:order_id/slip`: the visitor sends the bank slip of an order. */
export const widgetSlips = createRouter().openapi(
  createRoute({
    tags: ["Widget"], method: "post", path: "/{id}/orders/{order_id}/slip", summary: "Send the bank slip for an order",
    description:
      "Multipart field `file` (PNG, JPEG or WebP, ≤ 5 MB). The slip's mini-QR is read; its transaction reference pays one order per workspace (a reused slip answers 409 SLIP_ALREADY_USED and the conversation is told). With a slip-verification provider a transfer matching the amount and the shop's account marks the order `paid`; otherwise it becomes `awaiting_confirmation` for an agent.",
    middleware: [limitBody],
    request: { params: OrderParams, body: { content: { "multipart/form-data": { schema: SlipUpload } }, required: true } },
    responses: {
      201: json(z.object({ slip: Slip, order: z.object({ id: z.string(), number: z.string(), status: z.string() }) }), "The slip as read and the order's status"),
      ...errorResponses(400, 401, 404, 409),
      413: { description: "The photo is larger than 5 MB" },
      415: { description: "Not a PNG, JPEG or WebP image, or not multipart" },
    },
  }),
  async (c) => {
    const visitor = await visitorOf(c);
    const p = c.req.valid("param");
    const { submitSlip } = await loadSlipLibs();
    return c.json(await submitSlip(c.env, visitor, p.id, p.order_id, c.req.valid("form").file), 201);
  },
);

const agentBase = { tags: ["Commerce"], security: AUTHENTICATED, middleware: [requireAuth, requirePermission("commerce:read")] };

/** `/api/v1/orders/:id/slips…`: the Orders page shows the slip beside the expected amount. */
export const orderSlipRoutes = createRouter()
  .openapi(
    createRoute({
      ...agentBase, method: "get", path: "/{id}/slips", summary: "An order's payment slips", request: { params: AgentOrderParams },
      responses: { 200: json(z.object({ data: z.array(Slip) }), "Slips in the order they were sent"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { orderSlips } = await loadSlipLibs();
      return c.json({ data: await orderSlips(c.env, c.get("auth").workspaceId, c.req.valid("param").id) }, 200);
    },
  )
  .openapi(
    createRoute({
      ...agentBase, method: "get", path: "/{id}/slips/{slip_id}/image", summary: "A slip's photo", request: { params: SlipParams },
      responses: { 200: { description: "The image", content: { "image/*": { schema: z.any().openapi({ type: "string", format: "binary" }) } } }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const { slipImage } = await loadSlipLibs();
      return slipImage(c.env, c.get("auth").workspaceId, p.id, p.slip_id) as never;
    },
  );
