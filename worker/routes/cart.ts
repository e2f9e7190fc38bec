import { createRoute, z } from "@hono/zod-openapi";
import { Cart, MAX_CART_QUANTITY } from "../../durable-objects/protocol";
import { requireAuth, requirePermission } from "../auth/middleware";
import { agentCart, changeAgentCart, changeVisitorCart, type CartRequest } from "../commerce/cart/service";
import { CheckoutBody, checkout } from "../commerce/orders/checkout";
import { visitorOrders } from "../commerce/orders/visitor";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";
import { ownConversation } from "./widget-visitor";

const ConvParams = z.object({ id: z.string().min(1).max(80).openapi({ param: { name: "id", in: "path" } }) });
const ItemParams = ConvParams.extend({ variant_id: z.string().min(1).max(64).openapi({ param: { name: "variant_id", in: "path" } }) });
const AddItemBody = z.object({ variant_id: z.string().min(1).max(64), quantity: z.number().int().min(1).max(MAX_CART_QUANTITY).default(1) }).openapi("AddCartItem");
const SetItemBody = z.object({ quantity: z.number().int().min(0).max(MAX_CART_QUANTITY) }).openapi("SetCartItem");
const CartResponse = { description: "The cart after the change (also pushed as `cart:updated` to every socket)", content: { "application/json": { schema: Cart } } };
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const add = (b: z.infer<typeof AddItemBody>): CartRequest => ({ op: "add", variant_id: b.variant_id, quantity: b.quantity });

const widgetBase = { tags: ["Widget"] };

/** `/api/v1/widget/conversations/:id/cart…`: the visitor's cart over REST (channels, scripts, the widget without a socket). */
export const widgetCart = createRouter()
  .openapi(
    createRoute({ ...widgetBase, method: "get", path: "/{id}/cart", summary: "The conversation's cart", request: { params: ConvParams }, responses: { 200: CartResponse, ...errorResponses(401, 404) } }),
    async (c) => c.json(await (await ownConversation(c, c.req.valid("param").id)).stub.cart(), 200),
  )
  .openapi(
    createRoute({
      ...widgetBase, method: "post", path: "/{id}/cart/items", summary: "Add to the cart",
      description: "Adds `quantity` of an active product's variant (prices come from the catalog). More than the stock answers 409 OUT_OF_STOCK.",
      request: { params: ConvParams, ...body(AddItemBody) }, responses: { 200: CartResponse, ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const { visitor, stub } = await ownConversation(c, c.req.valid("param").id);
      return c.json(await changeVisitorCart(c.env, visitor, stub, add(c.req.valid("json"))), 200);
    },
  )
  .openapi(
    createRoute({
      ...widgetBase, method: "patch", path: "/{id}/cart/items/{variant_id}", summary: "Set an item's quantity (0 removes it)",
      request: { params: ItemParams, ...body(SetItemBody) }, responses: { 200: CartResponse, ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const { visitor, stub } = await ownConversation(c, p.id);
      return c.json(await changeVisitorCart(c.env, visitor, stub, { op: "set", variant_id: p.variant_id, quantity: c.req.valid("json").quantity }), 200);
    },
  )
  .openapi(
    createRoute({ ...widgetBase, method: "delete", path: "/{id}/cart/items/{variant_id}", summary: "Remove an item", request: { params: ItemParams }, responses: { 200: CartResponse, ...errorResponses(401, 404) } }),
    async (c) => {
      const p = c.req.valid("param");
      const { visitor, stub } = await ownConversation(c, p.id);
      return c.json(await changeVisitorCart(c.env, visitor, stub, { op: "remove", variant_id: p.variant_id }), 200);
    },
  );

widgetCart
  .openapi(
    createRoute({
      ...widgetBase, method: "post", path: "/{id}/checkout", summary: "Check out the cart",
      description: "Creates an order from the cart (prices re-read: a change answers 409 PRICE_CHANGED with the new totals unless `accept_price_changes`), reserves the stock atomically (409 OUT_OF_STOCK with the item) and answers `{order, payment}`; PromptPay answers the QR payload and SVG for the total and when it expires.",
      request: { params: ConvParams, ...body(CheckoutBody) },
      responses: { 201: { description: "The order and how to pay it", content: { "application/json": { schema: z.object({ order: z.any(), payment: z.any() }) } } }, ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { visitor, stub } = await ownConversation(c, id);
      return c.json(await checkout(c.env, visitor, stub, id, c.req.valid("json"), new URL(c.req.url).origin), 201);
    },
  )
  .openapi(
    createRoute({
      ...widgetBase, method: "get", path: "/{id}/orders", summary: "The visitor's orders in this conversation", request: { params: ConvParams },
      responses: { 200: { description: "Orders, newest first", content: { "application/json": { schema: z.object({ data: z.array(z.object({ id: z.string() }).passthrough()) }) } } }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { visitor } = await ownConversation(c, id);
      return c.json({ data: await visitorOrders(c.env, visitor, id) }, 200);
    },
  );

const agentBase = { tags: ["Commerce"], security: AUTHENTICATED };
const ctxOf = serviceCtx;

/** `/api/v1/conversations/:id/cart…`: agents see and change the visitor's cart from the inbox. */
export const agentCartRoutes = createRouter()
  .openapi(
    createRoute({
      ...agentBase, method: "get", path: "/{id}/cart", summary: "The conversation's cart", middleware: [requireAuth, requirePermission("conversations:read")],
      request: { params: ConvParams }, responses: { 200: CartResponse, ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await agentCart({ ctx: ctxOf(c), input: { conversationId: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({
      ...agentBase, method: "post", path: "/{id}/cart/items", summary: "Add to the visitor's cart",
      description: "The conversation shows a line such as \"Olivia added 1 × Canvas Tote (Blue) to the cart\".",
      middleware: [requireAuth, requirePermission("orders:manage")], request: { params: ConvParams, ...body(AddItemBody) },
      responses: { 200: CartResponse, ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await changeAgentCart({ ctx: ctxOf(c), input: { conversationId: c.req.valid("param").id, change: add(c.req.valid("json")) } }), 200),
  )
  .openapi(
    createRoute({
      ...agentBase, method: "patch", path: "/{id}/cart/items/{variant_id}", summary: "Set an item's quantity in the visitor's cart",
      middleware: [requireAuth, requirePermission("orders:manage")], request: { params: ItemParams, ...body(SetItemBody) },
      responses: { 200: CartResponse, ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await changeAgentCart({ ctx: ctxOf(c), input: { conversationId: p.id, change: { op: "set", variant_id: p.variant_id, quantity: c.req.valid("json").quantity } } }), 200);
    },
  )
  .openapi(
    createRoute({
      ...agentBase, method: "delete", path: "/{id}/cart/items/{variant_id}", summary: "Remove an item from the visitor's cart",
      middleware: [requireAuth, requirePermission("orders:manage")], request: { params: ItemParams }, responses: { 200: CartResponse, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await changeAgentCart({ ctx: ctxOf(c), input: { conversationId: p.id, change: { op: "remove", variant_id: p.variant_id } } }), 200);
    },
  );
