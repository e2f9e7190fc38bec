import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireAuth, requirePermission } from "../auth/middleware";
import { exportOrdersCsv } from "../commerce/orders/export";
import { changeOrderStatus, getOrder, listOrders } from "../commerce/orders/orders";
import { ORDER_STATUSES, PAYMENT_METHODS } from "../db/schema";
import type { AppEnv } from "../lib/context";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { csvResponse } from "./csv-body";
import { AUTHENTICATED, errorResponses } from "./docs";

const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "ord_4f9QaB1c2D3e4F5g6H7i" }) });
const ListOrdersQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  payment_method: z.enum(PAYMENT_METHODS).optional(),
  from: z.string().datetime().optional(),
  to: z.string().datetime().optional(),
  q: z.string().max(200).optional(),
  conversation_id: z.string().max(80).optional(),
  visitor_id: z.string().max(80).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
const OrderResponse = z.object({ id: z.string(), number: z.string(), status: z.enum(ORDER_STATUSES), total: z.number().int(), currency: z.string() }).passthrough().openapi("Order");
const NoteBody = z.object({ note: z.string().trim().max(1000).optional() }).openapi("OrderActionNote");
const ShipBody = z.object({ tracking_number: z.string().trim().min(1).max(100), tracking_url: z.string().url().max(2000).optional(), note: z.string().trim().max(1000).optional() }).openapi("ShipOrder");
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const base = { tags: ["Commerce"], security: AUTHENTICATED };
const ctxOf = serviceCtx;
const optionalBody = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: false } });

async function noteOf(c: Context<AppEnv>): Promise<string | null> {
  const parsed = NoteBody.safeParse(await c.req.json().catch(() => ({})));
  return parsed.success ? (parsed.data.note ?? null) : null;
}

/** `/api/v1/orders`: the Orders page — list, detail with timeline, status actions, CSV export. */
export const ordersRoutes = createRouter();

ordersRoutes.openapi(
  createRoute({
    ...base, method: "get", path: "/export.csv", summary: "Export orders as CSV", description: "The list's filters apply (without cursor and limit).",
    middleware: [requireAuth, requirePermission("data:export")], request: { query: ListOrdersQuery.omit({ cursor: true, limit: true }) },
    responses: { 200: { description: "orders.csv (Content-Disposition: attachment)", content: { "text/csv": { schema: { type: "string" } } } }, ...errorResponses(400, 401, 403) },
  }),
  async (c) => csvResponse(await exportOrdersCsv({ ctx: ctxOf(c), input: c.req.valid("query") }), "orders.csv"),
);

const action = (path: string, summary: string, description: string, permission: "orders:manage" | "commerce:manage") =>
  createRoute({
    ...base, method: "post", path: `/{id}/${path}`, summary, description, middleware: [requireAuth, requirePermission(permission)],
    request: { params: IdParams, ...optionalBody(NoteBody) },
    responses: { 200: json(OrderResponse, "The order after the change"), ...errorResponses(401, 403, 404, 409) },
  });

ordersRoutes
  .openapi(
    createRoute({
      ...base, method: "get", path: "/", summary: "List orders",
      description: "Newest first; filters by status, payment method, date range (ISO), conversation or visitor; `q` matches the number (#1001), customer name, phone or email.",
      middleware: [requireAuth, requirePermission("commerce:read")], request: { query: ListOrdersQuery },
      responses: { 200: json(z.object({ data: z.array(OrderResponse), next_cursor: z.string().nullable() }), "A page of orders"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await listOrders({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}", summary: "Get an order with its items and timeline", middleware: [requireAuth, requirePermission("commerce:read")],
      request: { params: IdParams }, responses: { 200: json(OrderResponse, "The order"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await getOrder({ ctx: ctxOf(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(action("confirm-payment", "Confirm a payment", "pending_payment or awaiting_confirmation → paid (PromptPay slip, bank transfer, cash on delivery).", "orders:manage"), async (c) =>
    c.json(await changeOrderStatus({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, to: "paid", note: await noteOf(c) } }), 200),
  )
  .openapi(action("fulfil", "Mark fulfilled (packed)", "paid → fulfilled.", "orders:manage"), async (c) =>
    c.json(await changeOrderStatus({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, to: "fulfilled", note: await noteOf(c) } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/ship", summary: "Mark shipped with tracking", description: "paid or fulfilled → shipped; the conversation gets the tracking number and link.",
      middleware: [requireAuth, requirePermission("orders:manage")], request: { params: IdParams, body: { content: { "application/json": { schema: ShipBody } }, required: true } },
      responses: { 200: json(OrderResponse, "The shipped order"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      return c.json(await changeOrderStatus({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, to: "shipped", note: b.note ?? null, tracking: { number: b.tracking_number, url: b.tracking_url ?? null } } }), 200);
    },
  )
  .openapi(action("deliver", "Mark delivered", "shipped → delivered.", "orders:manage"), async (c) =>
    c.json(await changeOrderStatus({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, to: "delivered", note: await noteOf(c) } }), 200),
  )
  .openapi(action("cancel", "Cancel an order", "Before shipping; the held stock goes back to the catalog.", "orders:manage"), async (c) =>
    c.json(await changeOrderStatus({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, to: "cancelled", note: await noteOf(c), returnStock: true } }), 200),
  )
  .openapi(action("refund", "Mark refunded", "A paid order (any later stage) → refunded. Stock is not returned (the goods may be out).", "commerce:manage"), async (c) =>
    c.json(await changeOrderStatus({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, to: "refunded", note: await noteOf(c) } }), 200),
  );
