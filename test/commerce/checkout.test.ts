import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { crc16ccitt } from "../../worker/commerce/payments/promptpay";
import { api } from "../helpers";
import { connect, eventually } from "../live/helpers";
import { checkoutAs, sellingShop, shopper, stockOf, widgetHeaders } from "./fixtures";

async function messagesOf(s: { token: string; conversationId: string }): Promise<string[]> {
  const res = await api(`/api/v1/widget/conversations/${s.conversationId}/messages`, { token: s.token, headers: widgetHeaders });
  return res.json.data.map((m: any) => m.text);
}

describe("checkout", () => {
  it("places a PromptPay order: numbered, stock reserved, cart emptied, QR for the total, announced in the conversation", async () => {
    const shop = await sellingShop();
    const s = await shopper(shop.bot.public_key, shop.blue.id, 2);
    const sock = (await connect(`/api/v1/widget/conversations/${s.conversationId}/ws`, { token: s.token })).frames!;
    await sock.next("hello");
    const started = Date.now();
    const res = await checkoutAs(s);
    expect(res.status).toBe(201);
    const { order, payment } = res.json;
    expect(order).toMatchObject({ number: "#1001", status: "pending_payment", total: 118000, currency: "THB", payment_method: "promptpay" });
    expect(order.id).toMatch(/^ord_/);
    expect(order.items).toEqual([expect.objectContaining({ variant_id: shop.blue.id, sku: "TOTE-BLU", quantity: 2, unit_price: 59000, line_total: 118000 })]);
    expect(payment.method).toBe("promptpay");
    expect(payment.promptpay.payload).toContain("0113006681234567");
    expect(payment.promptpay.payload).toContain("54071180.00");
    expect(payment.promptpay.payload.slice(-4)).toBe(crc16ccitt(payment.promptpay.payload.slice(0, -4)));
    expect(payment.promptpay.qr_svg.startsWith("<svg")).toBe(true);
    const expires = Date.parse(payment.promptpay.expires_at);
    expect(expires - started).toBeGreaterThan(29 * 60_000);
    expect(expires - started).toBeLessThan(31 * 60_000);
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(8);
    expect((await sock.next((f) => f.type === "cart:updated" && f.cart.item_count === 0)).cart.items).toEqual([]);
    const placed = await sock.next((f) => f.type === "message:receive" && f.message.text.startsWith("Order #1001 placed"));
    expect(placed.message.text).toContain("total ฿1,180.00");
    const again = await shopper(shop.bot.public_key, shop.blue.id, 1);
    expect((await checkoutAs(again)).json.order.number).toBe("#1002");
    const got = await api(`/api/v1/orders/${order.id}`, { token: shop.owner.token });
    expect(got.json).toMatchObject({ status: "pending_payment", customer: { name: "Somchai Jaidee" }, shipping: { province: "Bangkok" }, conversation_id: s.conversationId });
    expect(got.json.timeline).toEqual([expect.objectContaining({ from: null, to: "pending_payment", actor: `visitor:${s.visitorId}` })]);
    sock.close();
  });

  it("answers 409 PRICE_CHANGED with the new totals, shows the new price in the cart, and places the order once seen", async () => {
    const shop = await sellingShop();
    const s = await shopper(shop.bot.public_key, shop.blue.id, 2);
    await api(`/api/v1/products/${shop.tote.id}/variants/${shop.blue.id}`, { method: "PATCH", token: shop.owner.token, body: { price: 65000 } });
    const changed = await checkoutAs(s);
    expect(changed.status).toBe(409);
    expect(changed.json.error.code).toBe("PRICE_CHANGED");
    expect(changed.json.error.details).toMatchObject({ total: 130000, items: [{ variant_id: shop.blue.id, old_price: 59000, new_price: 65000 }] });
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(10);
    const cart = await api(`/api/v1/widget/conversations/${s.conversationId}/cart`, { token: s.token, headers: widgetHeaders });
    expect(cart.json).toMatchObject({ subtotal: 130000, items: [{ unit_price: 65000, quantity: 2 }] });
    const placed = await checkoutAs(s);
    expect(placed.status).toBe(201);
    expect(placed.json.order.total).toBe(130000);

    const t = await shopper(shop.bot.public_key, shop.blue.id, 1);
    await api(`/api/v1/products/${shop.tote.id}/variants/${shop.blue.id}`, { method: "PATCH", token: shop.owner.token, body: { price: 60000 } });
    const accepted = await checkoutAs(t, { accept_price_changes: true });
    expect(accepted.status).toBe(201);
    expect(accepted.json.order.total).toBe(60000);
  });

  it("sells the last units exactly once: 50 concurrent checkouts for stock 10 make 10 orders and 40 OUT_OF_STOCK", async () => {
    const shop = await sellingShop();
    const shoppers = [];
    for (let i = 0; i < 50; i += 10) shoppers.push(...(await Promise.all(Array.from({ length: 10 }, () => shopper(shop.bot.public_key, shop.blue.id, 1)))));
    const started = Date.now();
    const results = await Promise.all(shoppers.map((s) => checkoutAs(s)));
    const elapsed = Date.now() - started;
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status === 409);
    expect(won).toHaveLength(10);
    expect(lost).toHaveLength(40);
    for (const r of lost) {
      expect(r.json.error.code).toBe("OUT_OF_STOCK");
      expect(r.json.error.details.item).toMatchObject({ variant_id: shop.blue.id, sku: "TOTE-BLU", requested: 1, available: 0 });
    }
    expect(new Set(won.map((r) => r.json.order.number)).size).toBe(10);
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(0);
    const count = await env.DB.prepare("select count(*) as n from orders where workspace_id = ?").bind(shop.owner.workspaceId).first<{ n: number }>();
    expect(count!.n).toBe(10);
    console.log(`race: 50 concurrent checkouts in ${elapsed} ms → ${won.length} orders, ${lost.length} × OUT_OF_STOCK`);
  });

  it("refuses an empty cart, a method the shop does not offer, and a bad customer", async () => {
    const shop = await sellingShop();
    const empty = await shopper(shop.bot.public_key);
    const r1 = await checkoutAs(empty);
    expect(r1.status).toBe(409);
    expect(r1.json.error.code).toBe("CART_EMPTY");
    const s = await shopper(shop.bot.public_key, shop.blue.id, 1);
    const r2 = await checkoutAs(s, { payment_method: "bank_transfer" });
    expect(r2.status).toBe(400);
    expect(r2.json.error.code).toBe("PAYMENT_METHOD_UNAVAILABLE");
    const r3 = await checkoutAs(s, { customer: { name: "", phone: "x" } });
    expect(r3.status).toBe(400);
    expect(r3.json.error.code).toBe("VALIDATION_ERROR");
    // another visitor's conversation is not found: its cart is not theirs to check out
    const other = await shopper(shop.bot.public_key);
    const r4 = await checkoutAs({ token: other.token, conversationId: s.conversationId });
    expect(r4.status).toBe(404);
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(10);
  });

  it("takes cash on delivery for manual confirmation without a payment window", async () => {
    const shop = await sellingShop({ cod: { enabled: true } });
    const s = await shopper(shop.bot.public_key, shop.blue.id, 1);
    const res = await checkoutAs(s, { payment_method: "cod" });
    expect(res.status).toBe(201);
    expect(res.json.order).toMatchObject({ status: "awaiting_confirmation", expires_at: null });
    expect(res.json.payment).toMatchObject({ method: "cod" });
    const paid = await api(`/api/v1/orders/${res.json.order.id}/confirm-payment`, { method: "POST", token: shop.agent.token });
    expect(paid.status).toBe(200);
    expect(paid.json.status).toBe("paid");
  });

  it("expires an unpaid order after the payment window: stock comes back and the conversation is told", async () => {
    const shop = await sellingShop();
    const s = await shopper(shop.bot.public_key, shop.blue.id, 3);
    const order = (await checkoutAs(s)).json.order;
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(7);
    await env.DB.prepare("update orders set expires_at = ? where id = ?").bind(new Date(Date.now() - 1000).toISOString(), order.id).run();
    const { expireDueOrders } = await import("../../worker/commerce/orders/orders");
    expect(await expireDueOrders(env as Env, shop.owner.workspaceId)).toBe(1);
    expect(await expireDueOrders(env as Env, shop.owner.workspaceId)).toBe(0);
    const got = await api(`/api/v1/orders/${order.id}`, { token: shop.owner.token });
    expect(got.json.status).toBe("expired");
    expect(got.json.timeline.at(-1)).toMatchObject({ from: "pending_payment", to: "expired", actor: "system" });
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(10);
    await eventually(async () => expect((await messagesOf(s)).some((t) => t.startsWith("Order #1001 expired"))).toBe(true));
    const late = await api(`/api/v1/orders/${order.id}/confirm-payment`, { method: "POST", token: shop.owner.token });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("INVALID_ORDER_TRANSITION");
  });
});
