import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { checkoutAs, sellingShop, shopper } from "../commerce/fixtures";
import { api } from "../helpers";

describe("sales in the analytics", () => {
  it("order placed, paid and refunded land once as analytics events and in the overview's sales", async () => {
    const shop = await sellingShop();
    const orders = [];
    for (const qty of [1, 2]) {
      const s = await shopper(shop.bot.public_key, shop.blue.id, qty);
      const res = await checkoutAs(s);
      expect(res.status, res.text).toBe(201);
      orders.push(res.json.order);
    }
    for (const o of orders) expect((await api(`/api/v1/orders/${o.id}/confirm-payment`, { method: "POST", token: shop.agent.token, body: {} })).status).toBe(200);
    // paying twice is refused and counts nothing
    expect((await api(`/api/v1/orders/${orders[0].id}/confirm-payment`, { method: "POST", token: shop.agent.token, body: {} })).status).toBe(409);
    expect((await api(`/api/v1/orders/${orders[0].id}/refund`, { method: "POST", token: shop.owner.token })).status).toBe(200);

    const events = await env.DB.prepare(`SELECT name, value, dim FROM analytics_events WHERE workspace_id = ? AND name LIKE 'order_%' ORDER BY name, value`)
      .bind(shop.owner.workspaceId)
      .all<{ name: string; value: number; dim: string }>();
    expect(events.results).toEqual([
      { name: "order_paid", value: 59000, dim: "bot" },
      { name: "order_paid", value: 118000, dim: "bot" },
      { name: "order_placed", value: 59000, dim: "bot" },
      { name: "order_placed", value: 118000, dim: "bot" },
      { name: "order_refunded", value: 59000, dim: "bot" },
    ]);
    const ov = await api("/api/v1/analytics/overview", { token: shop.owner.token });
    expect(ov.json.sales).toEqual({
      orders: 2, paid_orders: 2, refunded_orders: 1, revenue_minor: 118000, refunded_minor: 59000, average_order_value_minor: 88500,
      conversion_rate: 1, revenue_by: { bot: 118000, agent: 0 },
    });
  });
});
