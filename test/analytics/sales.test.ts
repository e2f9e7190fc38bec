import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { expireDueOrders } from "../../worker/commerce/orders/orders";
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
    // a third checkout of 3 totes (3 × 590.00) is never paid: its payment window passes → an abandoned checkout
    const left = await checkoutAs(await shopper(shop.bot.public_key, shop.blue.id, 3));
    expect(left.status, left.text).toBe(201);
    expect(await expireDueOrders(env, shop.owner.workspaceId, new Date(Date.now() + 7 * 86_400_000).toISOString())).toBe(1);
    // expiring again finds nothing and counts nothing
    expect(await expireDueOrders(env, shop.owner.workspaceId, new Date(Date.now() + 7 * 86_400_000).toISOString())).toBe(0);

    const events = await env.DB.prepare(`SELECT name, value, dim FROM analytics_events WHERE workspace_id = ? AND name LIKE 'order_%' ORDER BY name, value`)
      .bind(shop.owner.workspaceId)
      .all<{ name: string; value: number; dim: string }>();
    expect(events.results).toEqual([
      { name: "order_expired", value: 177000, dim: "bot" },
      { name: "order_paid", value: 59000, dim: "bot" },
      { name: "order_paid", value: 118000, dim: "bot" },
      { name: "order_placed", value: 59000, dim: "bot" },
      { name: "order_placed", value: 118000, dim: "bot" },
      { name: "order_placed", value: 177000, dim: "bot" },
      { name: "order_refunded", value: 59000, dim: "bot" },
    ]);
    // the expiry is dated 7 days ahead: a range up to then sees it
    const to = encodeURIComponent(new Date(Date.now() + 8 * 86_400_000).toISOString());
    const ov = await api(`/api/v1/analytics/overview?to=${to}&from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`, { token: shop.owner.token });
    // 3 orders placed; 2 paid (590 + 1,180), 1 refunded (590) → revenue 1,180.00; AOV over paid orders (590 + 1,180) / 2 = 885.00;
    // 3 conversations, 2 paid → conversion 0.6667; the unpaid 1,770.00 is the abandoned checkout
    expect(ov.json.sales).toEqual({
      orders: 3, paid_orders: 2, refunded_orders: 1, revenue_minor: 118000, refunded_minor: 59000, average_order_value_minor: 88500,
      conversion_rate: 0.6667, revenue_by: { bot: 118000, agent: 0 }, abandoned_checkouts: 1, abandoned_minor: 177000,
      // each checkout opened a lead (new ×3); the two paid ones were won; the expired one stays open
      lead_stage_changes: { new: 3, won: 2 },
    });
  });
});
