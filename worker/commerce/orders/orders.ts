import type { Call } from "../../lib/service";
import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { orderEvents, orderItems, orders, type Order, type OrderEvent, type OrderItem, type OrderStatus } from "../../db/schema";
import { badRequest, conflict, notFound } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import { loadLeads } from "../../lazy";
import { announce, statusLine } from "./announce";
import { orderNumber } from "./format";
import { canTransitionOrder } from "./status";
import { orderEventStatement } from "../../analytics/order-events";

export function serializeItem(i: OrderItem) {
  return {
    id: i.id, product_id: i.productId, variant_id: i.variantId, product_name: i.productName, variant_name: i.variantName, sku: i.sku,
    unit_price: i.unitPrice, quantity: i.quantity, line_total: i.lineTotal,
  };
}

export function serializeOrder(o: Order, items: OrderItem[], events: OrderEvent[] | null = null) {
  return {
    id: o.id,
    number: orderNumber(o.number),
    status: o.status,
    currency: o.currency,
    subtotal: o.subtotal,
    shipping_fee: o.shippingFee,
    total: o.total,
    payment_method: o.paymentMethod,
    items: items.map(serializeItem),
    customer: { name: o.customerName, phone: o.customerPhone, email: o.customerEmail },
    shipping: o.shipping,
    note: o.note,
    tracking_number: o.trackingNumber,
    tracking_url: o.trackingUrl,
    conversation_id: o.conversationId,
    chatbot_id: o.chatbotId,
    visitor_id: o.visitorId,
    expires_at: o.expiresAt,
    paid_at: o.paidAt,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    ...(events ? { timeline: events.map((e) => ({ from: e.fromStatus, to: e.toStatus, actor: e.actor, note: e.note, at: e.createdAt })) } : {}),
  };
}
export type OrderDto = ReturnType<typeof serializeOrder>;

export async function loadOrder(env: Env, workspaceId: string, id: string): Promise<Order> {
  const row = await getDb(env).select().from(orders).where(and(eq(orders.id, id), eq(orders.workspaceId, workspaceId))).get();
  if (!row) throw notFound("Order");
  return row;
}

export async function itemsOf(env: Env, orderIds: string[]): Promise<Map<string, OrderItem[]>> {
  const out = new Map<string, OrderItem[]>();
  if (!orderIds.length) return out;
  for (const i of await getDb(env).select().from(orderItems).where(inArray(orderItems.orderId, orderIds))) {
    out.set(i.orderId, [...(out.get(i.orderId) ?? []), i]);
  }
  return out;
}

export async function getOrder({ ctx, input: { id } }: Call<{ id: string }>): Promise<OrderDto> {
  await expireDueOrders(ctx.env, ctx.auth.workspaceId);
  const o = await loadOrder(ctx.env, ctx.auth.workspaceId, id);
  const db = getDb(ctx.env);
  const [items, events] = await Promise.all([
    db.select().from(orderItems).where(eq(orderItems.orderId, o.id)),
    db.select().from(orderEvents).where(eq(orderEvents.orderId, o.id)).orderBy(orderEvents.createdAt, orderEvents.id),
  ]);
  return serializeOrder(o, items, events);
}

export interface ListOrdersInput {
  status?: OrderStatus | undefined;
  payment_method?: Order["paymentMethod"] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  conversation_id?: string | undefined;
  visitor_id?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export function orderFilters(workspaceId: string, input: Omit<ListOrdersInput, "cursor" | "limit">): SQL[] {
  const where: SQL[] = [eq(orders.workspaceId, workspaceId)];
  if (input.status) where.push(eq(orders.status, input.status));
  if (input.payment_method) where.push(eq(orders.paymentMethod, input.payment_method));
  if (input.from) where.push(gte(orders.createdAt, input.from));
  if (input.to) where.push(lte(orders.createdAt, input.to));
  if (input.conversation_id) where.push(eq(orders.conversationId, input.conversation_id));
  if (input.visitor_id) where.push(eq(orders.visitorId, input.visitor_id));
  if (input.q) {
    const q = input.q.trim();
    const num = q.replace(/^#/, "");
    const p = `%${q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    where.push(
      or(
        ...(/^\d{1,12}$/.test(num) ? [eq(orders.number, Number(num))] : []),
        eq(orders.id, q),
        sql`${orders.customerName} like ${p} escape '\\'`,
        sql`${orders.customerPhone} like ${p} escape '\\'`,
        sql`${orders.customerEmail} like ${p} escape '\\'`,
      )!,
    );
  }
  return where;
}

export async function listOrders({ ctx, input }: Call<ListOrdersInput>) {
  await expireDueOrders(ctx.env, ctx.auth.workspaceId);
  const where = orderFilters(ctx.auth.workspaceId, input);
  if (input.cursor) {
    let c: [string, string];
    try {
      c = JSON.parse(atob(input.cursor));
      if (!Array.isArray(c) || typeof c[0] !== "string" || typeof c[1] !== "string") throw new Error();
    } catch {
      throw badRequest("INVALID_CURSOR", "cursor is not one this API returned");
    }
    where.push(or(lt(orders.createdAt, c[0]), and(eq(orders.createdAt, c[0]), lt(orders.id, c[1])))!);
  }
  const rows = await getDb(ctx.env).select().from(orders).where(and(...where)).orderBy(desc(orders.createdAt), desc(orders.id)).limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const items = await itemsOf(ctx.env, page.map((o) => o.id));
  const last = page[page.length - 1];
  return {
    data: page.map((o) => serializeOrder(o, items.get(o.id) ?? [])),
    next_cursor: rows.length > input.limit && last ? btoa(JSON.stringify([last.createdAt, last.id])) : null,
  };
}

export interface TransitionOptions {
  /** user:<id> | visitor:<id> | system | stripe */
  actor: string;
  note?: string | null;
  /** give the held stock back (cancel, expiry) */
  returnStock?: boolean;
  tracking?: { number: string; url: string | null };
  /** the statuses the order may be in for this move to apply (defaults to its current one) */
  expectFrom?: OrderStatus;
}

/**
 * Moves an order to `to` if the status machine allows it, in one D1 batch:
 * stock back (only while still held), the status, and the timeline row. A
 * concurrent change in between answers 409 ORDER_CHANGED and changes nothing.
 * The conversation is told.
 */
export async function transitionOrder(env: Env, order: Order, to: OrderStatus, opts: TransitionOptions): Promise<Order> {
  const from = order.status;
  if (!canTransitionOrder(from, to)) {
    throw conflict("INVALID_ORDER_TRANSITION", `An order cannot move from ${from} to ${to}`, { from, to });
  }
  const now = nowIso();
  const returnStock = Boolean(opts.returnStock && order.stockReserved);
  const stmts: D1PreparedStatement[] = [];
  if (returnStock) {
    for (const i of (await itemsOf(env, [order.id])).get(order.id) ?? []) {
      stmts.push(
        env.DB.prepare(
          `UPDATE product_variants SET stock = stock + ?1, updated_at = ?2 WHERE id = ?3 AND workspace_id = ?4
             AND EXISTS (SELECT 1 FROM orders WHERE id = ?5 AND status = ?6 AND stock_reserved = 1)`,
        ).bind(i.quantity, now, i.variantId, order.workspaceId, order.id, from),
      );
    }
  }
  const paidAt = to === "paid" ? now : order.paidAt;
  const tracking = opts.tracking ?? { number: order.trackingNumber, url: order.trackingUrl };
  const update = env.DB.prepare(
    `UPDATE orders SET status = ?1, updated_at = ?2, paid_at = ?3, tracking_number = ?4, tracking_url = ?5,
       stock_reserved = CASE WHEN ?6 = 1 THEN 0 ELSE stock_reserved END
     WHERE id = ?7 AND workspace_id = ?8 AND status = ?9`,
  ).bind(to, now, paidAt, tracking.number, tracking.url, returnStock ? 1 : 0, order.id, order.workspaceId, from);
  const updateAt = stmts.push(update) - 1;
  stmts.push(
    env.DB.prepare(
      `INSERT INTO order_events (id, order_id, workspace_id, from_status, to_status, actor, note, created_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM orders WHERE id = ?2 AND status = ?5 AND updated_at = ?8)`,
    ).bind(newId("oev"), order.id, order.workspaceId, from, to, opts.actor, opts.note ?? null, now),
  );
  if (to === "paid" || to === "refunded" || to === "expired") stmts.push(orderEventStatement(env.DB, `order_${to}`, order.id, to, now));
  const results = await env.DB.batch(stmts);
  if ((results[updateAt]?.meta.changes ?? 0) === 0) {
    throw conflict("ORDER_CHANGED", "The order changed meanwhile; reload it", { order_id: order.id });
  }
  const next: Order = {
    ...order, status: to, updatedAt: now, paidAt, trackingNumber: tracking.number, trackingUrl: tracking.url,
    stockReserved: returnStock ? false : order.stockReserved,
  };
  await announce(env, order.conversationId, statusLine(next, to));
  if (to === "paid" || to === "cancelled" || to === "expired") {
    await loadLeads().then((m) => m.leadFollowsOrder(env, order.workspaceId, order.id, to)).catch((err) => console.error("lead update failed", err));
  }
  return next;
}

/** Unpaid orders past their payment window become `expired` and give their stock back (cron, and lazily before reads and checkouts). */
export async function expireDueOrders(env: Env, workspaceId?: string, now = nowIso()): Promise<number> {
  const where = [eq(orders.status, "pending_payment"), lte(orders.expiresAt, now)];
  if (workspaceId) where.push(eq(orders.workspaceId, workspaceId));
  const due = await getDb(env).select().from(orders).where(and(...where)).limit(100);
  let n = 0;
  for (const o of due) {
    try {
      await transitionOrder(env, o, "expired", { actor: "system", note: "payment window passed", returnStock: true });
      n++;
    } catch (err) {
      // a concurrent payment or expiry won; nothing to do
      if (!(err instanceof Error && "code" in err)) console.error("order expiry failed", err);
    }
  }
  return n;
}

/** Loads the caller's order and moves it; answers the order as the API shows it. */
export async function changeOrderStatus({ ctx, input: { id, to, ...opts } }: Call<{ id: string; to: OrderStatus } & Omit<TransitionOptions, "actor">>): Promise<OrderDto> {
  const order = await loadOrder(ctx.env, ctx.auth.workspaceId, id);
  const actor = ctx.auth.userId ? `user:${ctx.auth.userId}` : `api_key:${ctx.auth.apiKeyId}`;
  await transitionOrder(ctx.env, order, to, { ...opts, actor });
  return getOrder({ ctx, input: { id } });
}
