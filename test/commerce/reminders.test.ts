import { describe, expect, it } from "vitest";
import { remindUnpaidOrders } from "../../worker/commerce/orders/reminders";
import { api } from "../helpers";
import { env } from "cloudflare:workers";
import { checkoutAs, sellingShop, shopper, widgetHeaders } from "./fixtures";

const texts = async (s: { token: string; conversationId: string }): Promise<string[]> =>
  (await api(`/api/v1/widget/conversations/${s.conversationId}/messages`, { token: s.token, headers: widgetHeaders })).json.data.map((m: any) => m.text);

describe("abandoned checkout follow-up", () => {
  it("reminds an unpaid order once, shortly before its payment window closes, and never a paid one", async () => {
    const shop = await sellingShop();
    const s = await shopper(shop.bot.public_key, shop.blue.id, 1);
    const res = await checkoutAs(s);
    expect(res.status).toBe(201);
    const { order, payment } = res.json;
    const expires = Date.parse(payment.promptpay.expires_at);
    const at = (minutesLeft: number) => new Date(expires - minutesLeft * 60_000).toISOString();

    // a fresh order with 30 minutes left is not reminded
    await remindUnpaidOrders(env, new Date().toISOString());
    expect((await texts(s)).some((t) => t.includes("gentle reminder"))).toBe(false);

    expect(await remindUnpaidOrders(env, at(15))).toBeGreaterThanOrEqual(1);
    const reminded = (await texts(s)).filter((t) => t.includes("gentle reminder"));
    expect(reminded).toEqual([`A gentle reminder: order ${order.number} (฿590.00) is still waiting for payment, about 15 min left before the items go back on sale. Send the slip here once you have paid.`]);
    await remindUnpaidOrders(env, at(5));
    expect((await texts(s)).filter((t) => t.includes("gentle reminder"))).toHaveLength(1);

    const paid = await shopper(shop.bot.public_key, shop.blue.id, 1);
    const paidOrder = await checkoutAs(paid);
    expect((await api(`/api/v1/orders/${paidOrder.json.order.id}/confirm-payment`, { token: shop.owner.token, body: {} })).status).toBe(200);
    await remindUnpaidOrders(env, new Date(Date.parse(paidOrder.json.payment.promptpay.expires_at) - 15 * 60_000).toISOString());
    expect((await texts(paid)).some((t) => t.includes("gentle reminder"))).toBe(false);
  });
});
