import { z } from "@hono/zod-openapi";
import type { Cart } from "../../../durable-objects/protocol";
import { unwrap } from "../../conversations/do-result";
import { PAYMENT_METHODS, type CommerceSettings, type Order, type OrderItem } from "../../db/schema";
import { AppError, badRequest, conflict } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import type { ConversationStub } from "../../widget/conversations";
import type { VisitorClaims } from "../../widget/token";
import { loadLeads } from "../../lazy";
import { lookupVariant } from "../cart/catalog-port";
import { enabledMethods } from "../payments/settings";
import { loadSettings } from "../settings";
import { announce } from "./announce";
import { formatMoney, orderNumber } from "./format";
import { expireDueOrders, serializeOrder, transitionOrder } from "./orders";
import { paymentFor, type PaymentDto } from "./payment";
import { orderEventStatement } from "../../analytics/order-events";

export const CheckoutBody = z
  .object({
    payment_method: z.enum(PAYMENT_METHODS),
    customer: z.object({
      name: z.string().trim().min(1).max(100),
      phone: z.string().trim().regex(/^\+?[0-9][0-9 \-]{6,19}$/, "A phone number"),
      email: z.string().trim().email().max(254).optional(),
    }),
    shipping: z
      .object({
        address_line1: z.string().trim().min(1).max(200),
        address_line2: z.string().trim().max(200).optional(),
        subdistrict: z.string().trim().max(100).optional(),
        district: z.string().trim().max(100).optional(),
        province: z.string().trim().max(100).optional(),
        postcode: z.string().trim().regex(/^[0-9A-Za-z \-]{3,10}$/).optional(),
        country: z.string().trim().length(2).optional(),
      })
      .optional(),
    note: z.string().trim().max(1000).optional(),
    /** the visitor saw the new prices and accepts them */
    accept_price_changes: z.boolean().optional(),
  })
  .openapi("Checkout");
export type CheckoutInput = z.infer<typeof CheckoutBody>;

interface Line {
  variant_id: string;
  product_id: string;
  product_name: string;
  variant_name: string;
  sku: string;
  unit_price: number;
  quantity: number;
  stock: number;
}

/** Re-reads every cart line from the catalog: unavailable items are refused, changed prices collected. */
async function currentLines(env: Env, workspaceId: string, cart: Cart) {
  const lines: Line[] = [];
  const changed: { variant_id: string; product_name: string; variant_name: string; old_price: number; new_price: number }[] = [];
  for (const item of cart.items) {
    const v = await lookupVariant(env, workspaceId, item.variant_id);
    if (!v) throw conflict("ITEM_UNAVAILABLE", `${item.product_name} (${item.variant_name}) is no longer sold`, { item: { variant_id: item.variant_id, sku: item.sku } });
    if (v.unit_price !== item.unit_price) changed.push({ variant_id: v.variant_id, product_name: v.product_name, variant_name: v.variant_name, old_price: item.unit_price, new_price: v.unit_price });
    lines.push({ ...v, quantity: item.quantity });
  }
  return { lines, changed };
}

function methodAllowed(settings: CommerceSettings, method: Order["paymentMethod"]) {
  if (!enabledMethods(settings).includes(method)) throw badRequest("PAYMENT_METHOD_UNAVAILABLE", `This shop does not accept ${method.replace("_", " ")}`);
}

/**
 * Places the conversation's cart as an order: prices re-read (a change answers
 * 409 PRICE_CHANGED with the new totals, and the cart shows them, unless
 * accepted), stock reserved atomically with the order in one D1 batch (the
 * stock CHECK makes an oversold batch fail whole: 409 OUT_OF_STOCK with the
 * item), the cart emptied, the conversation told, and the payment prepared.
 * `stub` is the visitor's own conversation: the caller proved it from the
 * conversation's D1 row (workspace, the token's chatbot and visitor).
 */
export async function checkout(env: Env, visitor: VisitorClaims, stub: ConversationStub, conversationId: string, input: CheckoutInput, origin: string) {
  const settings = await loadSettings(env, visitor.workspaceId);
  methodAllowed(settings, input.payment_method);
  const cart = await stub.cart();
  if (!cart.items.length) throw conflict("CART_EMPTY", "The cart is empty");
  await expireDueOrders(env, visitor.workspaceId);
  const { lines, changed } = await currentLines(env, visitor.workspaceId, cart);
  const subtotal = lines.reduce((n, l) => n + l.unit_price * l.quantity, 0);
  if (changed.length && !input.accept_price_changes) {
    // the cart shows the new prices at once (cart:updated), so the visitor sees them before paying
    for (const l of lines) {
      if (changed.some((c) => c.variant_id === l.variant_id)) {
        const snap = await lookupVariant(env, visitor.workspaceId, l.variant_id);
        // same quantity, new price (stock is checked when the order reserves it)
        if (snap) await stub.changeCart({ op: "set", variant_id: l.variant_id, quantity: l.quantity }, { ...snap, stock: Math.max(snap.stock, l.quantity) }, null);
      }
    }
    throw conflict("PRICE_CHANGED", "Some prices changed since the items were added; check the new total", {
      items: changed, subtotal, total: subtotal, currency: settings.currency,
    });
  }
  const order = await reserveAndCreate(env, {
    workspaceId: visitor.workspaceId, conversationId, chatbotId: visitor.chatbotId, visitorId: visitor.visitorId, settings, lines, subtotal, input,
  });
  let payment: PaymentDto;
  try {
    payment = await paymentFor(env, order.order, order.items, settings, origin);
  } catch (err) {
    // the payment could not be prepared (e.g. Stripe unreachable): the order is cancelled, its stock returned, the cart kept
    await transitionOrder(env, order.order, "cancelled", { actor: "system", note: "payment could not be started", returnStock: true }).catch(() => undefined);
    if (err instanceof AppError) throw err;
    console.error("payment setup failed", err);
    throw new AppError(502, "PAYMENT_PROVIDER_ERROR", "The payment provider could not be reached; try again or choose another method");
  }
  await stub.changeCart({ op: "clear" }, null, null);
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  await announce(
    env,
    conversationId,
    `Order ${orderNumber(order.order.number)} placed: ${count} item${count === 1 ? "" : "s"}, total ${formatMoney(order.order.total, order.order.currency)}.` +
      (order.order.status === "pending_payment" ? ` Please pay within ${settings.paymentWindowMinutes} minutes.` : " We will confirm it shortly."),
  );
  // purchase intent: the customer becomes a contact and the order a lead (never fails the checkout)
  await loadLeads().then((m) => m.leadFromCheckout(env, order.order)).catch((err) => console.error("lead from checkout failed", err));
  return { order: serializeOrder(order.order, order.items), payment } satisfies { order: unknown; payment: PaymentDto };
}

interface ReserveInput {
  workspaceId: string;
  conversationId: string | null;
  chatbotId: string | null;
  visitorId: string | null;
  settings: CommerceSettings;
  lines: Line[];
  subtotal: number;
  input: CheckoutInput;
}

/** One D1 batch: decrement every line's stock (CHECK stock >= 0), number and insert the order, its items and its first timeline row. */
export async function reserveAndCreate(env: Env, r: ReserveInput): Promise<{ order: Order; items: OrderItem[] }> {
  const now = nowIso();
  const manual = r.input.payment_method === "cod";
  const order: Order = {
    id: newId("ord"), workspaceId: r.workspaceId, number: 0, conversationId: r.conversationId, chatbotId: r.chatbotId, visitorId: r.visitorId,
    status: manual ? "awaiting_confirmation" : "pending_payment", currency: r.settings.currency, subtotal: r.subtotal, shippingFee: 0, total: r.subtotal,
    paymentMethod: r.input.payment_method, customerName: r.input.customer.name, customerPhone: r.input.customer.phone,
    customerEmail: r.input.customer.email ?? null, shipping: (r.input.shipping as Record<string, string> | undefined) ?? null, note: r.input.note ?? null,
    trackingNumber: null, trackingUrl: null, stockReserved: true,
    expiresAt: manual ? null : new Date(Date.now() + r.settings.paymentWindowMinutes * 60_000).toISOString(), paidAt: null, stripeSessionId: null, stripePaymentIntentId: null,
    createdAt: now, updatedAt: now,
  };
  const items: OrderItem[] = r.lines.map((l) => ({
    id: newId("oit"), orderId: order.id, workspaceId: r.workspaceId, productId: l.product_id, variantId: l.variant_id, productName: l.product_name,
    variantName: l.variant_name, sku: l.sku, unitPrice: l.unit_price, quantity: l.quantity, lineTotal: l.unit_price * l.quantity,
  }));
  const db = env.DB;
  const stmts: D1PreparedStatement[] = r.lines.map((l) =>
    db.prepare(`UPDATE product_variants SET stock = stock - ?1, updated_at = ?2 WHERE id = ?3 AND workspace_id = ?4`).bind(l.quantity, now, l.variant_id, r.workspaceId),
  );
  stmts.push(
    db.prepare(
      `INSERT INTO orders (id, workspace_id, number, conversation_id, chatbot_id, visitor_id, status, currency, subtotal, shipping_fee, total, payment_method,
         customer_name, customer_phone, customer_email, shipping, note, stock_reserved, expires_at, created_at, updated_at)
       VALUES (?1, ?2, (SELECT coalesce(max(number), 1000) + 1 FROM orders WHERE workspace_id = ?2), ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1, ?16, ?17, ?17)`,
    ).bind(
      order.id, order.workspaceId, order.conversationId, order.chatbotId, order.visitorId, order.status, order.currency, order.subtotal, order.total,
      order.paymentMethod, order.customerName, order.customerPhone, order.customerEmail, order.shipping ? JSON.stringify(order.shipping) : null, order.note,
      order.expiresAt, now,
    ),
  );
  stmts.push(orderEventStatement(db, "order_placed", order.id, order.status, now));
  for (const i of items) {
    stmts.push(
      db.prepare(
        `INSERT INTO order_items (id, order_id, workspace_id, product_id, variant_id, product_name, variant_name, sku, unit_price, quantity, line_total)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
      ).bind(i.id, i.orderId, i.workspaceId, i.productId, i.variantId, i.productName, i.variantName, i.sku, i.unitPrice, i.quantity, i.lineTotal),
    );
  }
  stmts.push(
    db.prepare(`INSERT INTO order_events (id, order_id, workspace_id, from_status, to_status, actor, note, created_at) VALUES (?1, ?2, ?3, NULL, ?4, ?5, 'placed', ?6)`)
      .bind(newId("oev"), order.id, order.workspaceId, order.status, r.visitorId ? `visitor:${r.visitorId}` : "system", now),
  );
  for (let attempt = 0; ; attempt++) {
    try {
      await db.batch(stmts);
      break;
    } catch (err) {
      const msg = String(err);
      if (msg.includes("CHECK constraint")) throw await outOfStock(env, r);
      if (msg.includes("UNIQUE") && attempt < 5) continue; // two orders took the same number; try again
      throw err;
    }
  }
  const row = await db.prepare(`SELECT number FROM orders WHERE id = ?1`).bind(order.id).first<{ number: number }>();
  order.number = row?.number ?? 0;
  return { order, items };
}

/** The 409 for a batch the stock CHECK refused: which item is short and how many are left. */
async function outOfStock(env: Env, r: ReserveInput): Promise<AppError> {
  for (const l of r.lines) {
    const row = await env.DB.prepare(`SELECT stock FROM product_variants WHERE id = ?1`).bind(l.variant_id).first<{ stock: number }>();
    const available = row?.stock ?? 0;
    if (available < l.quantity) {
      return conflict("OUT_OF_STOCK", available > 0 ? `Only ${available} of ${l.product_name} (${l.variant_name}) left` : `${l.product_name} (${l.variant_name}) is sold out`, {
        item: { variant_id: l.variant_id, sku: l.sku, product_name: l.product_name, variant_name: l.variant_name, requested: l.quantity, available },
      });
    }
  }
  return conflict("OUT_OF_STOCK", "An item sold out meanwhile", {});
}
