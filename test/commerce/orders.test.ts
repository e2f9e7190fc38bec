import { describe, expect, it } from "vitest";
import { ORDER_STATUSES } from "../../worker/db/schema";
import { ORDER_MOVES, canTransitionOrder } from "../../worker/commerce/orders/status";
import { api } from "../helpers";
import { eventually } from "../live/helpers";
import { checkoutAs, sellingShop, shopper, stockOf, widgetHeaders } from "./fixtures";

const LEGAL: [string, string][] = [
  ["pending_payment", "awaiting_confirmation"], ["pending_payment", "paid"], ["pending_payment", "cancelled"], ["pending_payment", "expired"],
  ["awaiting_confirmation", "paid"], ["awaiting_confirmation", "pending_payment"], ["awaiting_confirmation", "cancelled"],
  ["paid", "fulfilled"], ["paid", "shipped"], ["paid", "cancelled"], ["paid", "refunded"],
  ["fulfilled", "shipped"], ["fulfilled", "refunded"], ["shipped", "delivered"], ["shipped", "refunded"], ["delivered", "refunded"],
];

async function placed(shop: Awaited<ReturnType<typeof sellingShop>>, quantity = 1) {
  const s = await shopper(shop.bot.public_key, shop.blue.id, quantity);
  const res = await checkoutAs(s);
  if (res.status !== 201) throw new Error(`checkout ${res.status} ${res.text}`);
  return { s, order: res.json.order };
}

async function texts(s: { token: string; conversationId: string }): Promise<string[]> {
  return (await api(`/api/v1/widget/conversations/${s.conversationId}/messages`, { token: s.token, headers: widgetHeaders })).json.data.map((m: any) => m.text);
}

describe("orders", () => {
  it("allows exactly the legal status moves and refuses every other one", () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const legal = LEGAL.some(([f, t]) => f === from && t === to);
        expect(canTransitionOrder(from, to), `${from} → ${to}`).toBe(legal);
      }
    }
    expect(ORDER_MOVES.cancelled).toEqual([]);
    expect(ORDER_MOVES.expired).toEqual([]);
    expect(ORDER_MOVES.refunded).toEqual([]);
  });

  it("walks an order from payment to delivery and refund, recording who did what and telling the conversation", async () => {
    const shop = await sellingShop();
    const { s, order } = await placed(shop, 2);
    const paid = await api(`/api/v1/orders/${order.id}/confirm-payment`, { method: "POST", token: shop.agent.token, body: { note: "slip checked" } });
    expect(paid.status).toBe(200);
    expect(paid.json).toMatchObject({ status: "paid", number: "#1001" });
    expect(paid.json.paid_at).toBeTruthy();
    expect((await api(`/api/v1/orders/${order.id}/fulfil`, { method: "POST", token: shop.agent.token })).json.status).toBe("fulfilled");
    const noTracking = await api(`/api/v1/orders/${order.id}/ship`, { method: "POST", token: shop.agent.token, body: {} });
    expect(noTracking.status).toBe(400);
    const shipped = await api(`/api/v1/orders/${order.id}/ship`, { method: "POST", token: shop.agent.token, body: { tracking_number: "TH1234567890", tracking_url: "https://track.example.com/TH1234567890" } });
    expect(shipped.json).toMatchObject({ status: "shipped", tracking_number: "TH1234567890" });
    expect((await api(`/api/v1/orders/${order.id}/deliver`, { method: "POST", token: shop.agent.token })).json.status).toBe("delivered");
    const againPaid = await api(`/api/v1/orders/${order.id}/confirm-payment`, { method: "POST", token: shop.agent.token });
    expect(againPaid.status).toBe(409);
    expect(againPaid.json.error.code).toBe("INVALID_ORDER_TRANSITION");
    expect((await api(`/api/v1/orders/${order.id}/refund`, { method: "POST", token: shop.agent.token })).status).toBe(403);
    const refunded = await api(`/api/v1/orders/${order.id}/refund`, { method: "POST", token: shop.owner.token });
    expect(refunded.json.status).toBe("refunded");
    expect(refunded.json.timeline.map((e: any) => e.to)).toEqual(["pending_payment", "paid", "fulfilled", "shipped", "delivered", "refunded"]);
    expect(refunded.json.timeline[1]).toMatchObject({ from: "pending_payment", actor: `user:${shop.agent.userId}`, note: "slip checked" });
    await eventually(async () => {
      const t = await texts(s);
      expect(t).toContain("Payment of ฿1,180.00 received for order #1001. Thank you!");
      expect(t).toContain("Order #1001 has shipped. Tracking number: TH1234567890 (https://track.example.com/TH1234567890)");
      expect(t).toContain("Order #1001 was delivered. Enjoy!");
    });
  });

  it("gives the stock back when an order is cancelled, once", async () => {
    const shop = await sellingShop();
    const { order } = await placed(shop, 4);
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(6);
    const cancelled = await api(`/api/v1/orders/${order.id}/cancel`, { method: "POST", token: shop.agent.token, body: { note: "customer asked" } });
    expect(cancelled.json.status).toBe("cancelled");
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(10);
    const twice = await api(`/api/v1/orders/${order.id}/cancel`, { method: "POST", token: shop.agent.token });
    expect(twice.status).toBe(409);
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(10);
  });

  it("lists orders with filters, search and cursor pages, and exports them as CSV", async () => {
    const shop = await sellingShop();
    const a = await placed(shop);
    const b = await placed(shop);
    await placed(shop);
    await api(`/api/v1/orders/${a.order.id}/confirm-payment`, { method: "POST", token: shop.owner.token });
    const list = async (qs: string) => (await api(`/api/v1/orders${qs}`, { token: shop.viewer.token })).json;
    expect((await list("?status=paid")).data.map((o: any) => o.id)).toEqual([a.order.id]);
    expect((await list("?q=%231002")).data.map((o: any) => o.id)).toEqual([b.order.id]);
    expect((await list("?q=somchai")).data).toHaveLength(3);
    expect((await list(`?conversation_id=${b.s.conversationId}`)).data.map((o: any) => o.number)).toEqual(["#1002"]);
    expect((await list("?payment_method=cod")).data).toEqual([]);
    const first = await list("?limit=2");
    expect(first.data.map((o: any) => o.number)).toEqual(["#1003", "#1002"]);
    const second = await list(`?limit=2&cursor=${encodeURIComponent(first.next_cursor)}`);
    expect(second.data.map((o: any) => o.number)).toEqual(["#1001"]);
    expect(second.next_cursor).toBeNull();
    expect((await api("/api/v1/orders?status=bogus", { token: shop.owner.token })).status).toBe(400);
    const csv = await api("/api/v1/orders/export.csv", { token: shop.owner.token });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain("number,id,status,payment_method");
    expect(csv.text).toContain(`#1001,${a.order.id},paid,promptpay,THB,590.00,Somchai Jaidee`);
    expect((await api("/api/v1/orders/export.csv", { token: shop.agent.token })).status).toBe(403);
    const mine = await api(`/api/v1/widget/conversations/${b.s.conversationId}/orders`, { token: b.s.token, headers: widgetHeaders });
    expect(mine.json.data.map((o: any) => o.number)).toEqual(["#1002"]);
    // another visitor's conversation is not found, not an empty list
    const theirs = await api(`/api/v1/widget/conversations/${a.s.conversationId}/orders`, { token: b.s.token, headers: widgetHeaders });
    expect(theirs.status).toBe(404);
  });

  it("answers 404 for another workspace's orders and refuses viewers' actions", async () => {
    const shop = await sellingShop();
    const other = await sellingShop();
    const { order } = await placed(shop);
    expect((await api(`/api/v1/orders/${order.id}`, { token: other.owner.token })).status).toBe(404);
    expect((await api(`/api/v1/orders/${order.id}/confirm-payment`, { method: "POST", token: other.owner.token })).status).toBe(404);
    expect((await api(`/api/v1/orders/${order.id}/cancel`, { method: "POST", token: other.owner.token })).status).toBe(404);
    expect((await api("/api/v1/orders", { token: other.owner.token })).json.data).toEqual([]);
    expect((await api(`/api/v1/orders/${order.id}/confirm-payment`, { method: "POST", token: shop.viewer.token })).status).toBe(403);
    expect((await api(`/api/v1/orders/${order.id}`, { token: shop.owner.token })).json.status).toBe("pending_payment");
  });
});
