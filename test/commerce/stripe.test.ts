import { env } from "cloudflare:test";
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setStripeFetch } from "../../worker/commerce/payments/stripe";
import { api } from "../helpers";
import { checkoutAs, sellingShop, shopper, stockOf } from "./fixtures";

const SECRET_KEY = "sk_test_51TestKeyForMiniChat0000";
const WEBHOOK_SECRET = "whsec_minichattestsecret";

/** A stand-in for api.stripe.com: creates sessions and answers them back in whatever state the test sets. */
class StripeStub {
  sessions = new Map<string, any>();
  created: URLSearchParams[] = [];
  private n = 0;
  fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (url.hostname !== "api.stripe.com") throw new Error(`unexpected host ${url.hostname}`);
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const form = new URLSearchParams(await req.text());
      this.created.push(form);
      const id = `cs_test_${++this.n}${Date.now()}`;
      const session = {
        id, object: "checkout.session", url: `https://checkout.stripe.com/c/pay/${id}`, status: "open", payment_status: "unpaid",
        payment_intent: null, metadata: { order_id: form.get("metadata[order_id]") }, expires_at: Number(form.get("expires_at")),
      };
      this.sessions.set(id, session);
      return Response.json(session);
    }
    const m = url.pathname.match(/^\/v1\/checkout\/sessions\/([^/]+)$/);
    if (req.method === "GET" && m && this.sessions.has(m[1]!)) return Response.json(this.sessions.get(m[1]!));
    return Response.json({ error: { type: "invalid_request_error", message: "No such resource" } }, { status: 404 });
  }) as typeof fetch;
}

const signer = new Stripe(SECRET_KEY, { httpClient: Stripe.createFetchHttpClient(async () => new Response("{}")) });
const crypto = Stripe.createSubtleCryptoProvider();

async function deliver(workspaceId: string, event: Record<string, unknown>, opts: { secret?: string; timestamp?: number; signature?: string | null } = {}) {
  const payload = JSON.stringify({ object: "event", api_version: "2025-01-01", created: Math.floor(Date.now() / 1000), livemode: false, ...event });
  const header = opts.signature !== undefined ? opts.signature : await signer.webhooks.generateTestHeaderStringAsync({ payload, secret: opts.secret ?? WEBHOOK_SECRET, cryptoProvider: crypto, ...(opts.timestamp ? { timestamp: opts.timestamp } : {}) });
  return api(`/api/v1/webhooks/stripe/${workspaceId}`, { method: "POST", body: payload, headers: { "content-type": "application/json", ...(header ? { "stripe-signature": header } : {}) } });
}

const sessionEvent = (id: string, type: string, session: any) => ({ id, type, data: { object: { id: session.id, object: "checkout.session", metadata: session.metadata } } });

let stub: StripeStub;
beforeEach(() => {
  stub = new StripeStub();
  setStripeFetch(stub.fetch);
});
afterEach(() => setStripeFetch(null));

async function stripeOrder() {
  const shop = await sellingShop({ stripe: { secret_key: SECRET_KEY, webhook_secret: WEBHOOK_SECRET } });
  const s = await shopper(shop.bot.public_key, shop.blue.id, 2);
  const res = await checkoutAs(s, { payment_method: "stripe" });
  if (res.status !== 201) throw new Error(`checkout ${res.status} ${res.text}`);
  const session = [...stub.sessions.values()].at(-1);
  return { shop, s, res, order: res.json.order, session };
}

describe("Stripe", () => {
  it("creates a Checkout Session for the order with its id in the metadata and the payment window as expiry", async () => {
    const started = Date.now();
    const { res, order, session } = await stripeOrder();
    expect(res.json.payment).toMatchObject({ method: "stripe", stripe: { checkout_url: session.url, session_id: session.id } });
    const form = stub.created[0]!;
    expect(form.get("metadata[order_id]")).toBe(order.id);
    expect(form.get("mode")).toBe("payment");
    expect(form.get("line_items[0][price_data][unit_amount]")).toBe("59000");
    expect(form.get("line_items[0][price_data][currency]")).toBe("thb");
    expect(form.get("line_items[0][quantity]")).toBe("2");
    const expiresAt = Number(form.get("expires_at")) * 1000;
    expect(expiresAt - started).toBeGreaterThanOrEqual(30 * 60_000);
    expect(expiresAt - started).toBeLessThan(33 * 60_000);
  });

  it("refuses a bad, missing or stale signature with 400 and changes nothing", async () => {
    const { shop, order, session } = await stripeOrder();
    session.status = "complete";
    session.payment_status = "paid";
    const event = sessionEvent("evt_bad_1", "checkout.session.completed", session);
    const wrong = await deliver(shop.owner.workspaceId, event, { secret: "whsec_someoneelse" });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe("INVALID_SIGNATURE");
    expect((await deliver(shop.owner.workspaceId, event, { signature: null })).status).toBe(400);
    expect((await deliver(shop.owner.workspaceId, event, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(400);
    expect((await deliver("ws_doesnotexist", event)).status).toBe(404);
    expect((await api(`/api/v1/orders/${order.id}`, { token: shop.owner.token })).json.status).toBe("pending_payment");
  });

  it("marks the order paid on checkout.session.completed, once: a replayed event changes nothing", async () => {
    const { shop, order, session } = await stripeOrder();
    session.status = "complete";
    session.payment_status = "paid";
    session.payment_intent = "pi_test_1";
    const event = sessionEvent("evt_paid_1", "checkout.session.completed", session);
    const first = await deliver(shop.owner.workspaceId, event);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ received: true });
    const paid = await api(`/api/v1/orders/${order.id}`, { token: shop.owner.token });
    expect(paid.json.status).toBe("paid");
    expect(paid.json.timeline.at(-1)).toMatchObject({ from: "pending_payment", to: "paid", actor: "stripe" });
    const replay = await deliver(shop.owner.workspaceId, event);
    expect(replay.json).toEqual({ received: true, duplicate: true });
    expect((await api(`/api/v1/orders/${order.id}`, { token: shop.owner.token })).json.timeline).toHaveLength(paid.json.timeline.length);

    // then the charge is refunded in Stripe's dashboard
    const refund = await deliver(shop.owner.workspaceId, { id: "evt_refund_1", type: "charge.refunded", data: { object: { id: "ch_1", object: "charge", payment_intent: "pi_test_1", refunded: true, metadata: {} } } });
    expect(refund.status).toBe(200);
    expect((await api(`/api/v1/orders/${order.id}`, { token: shop.owner.token })).json.status).toBe("refunded");
  });

  it("handles events out of order by re-reading the session: a late expired event does not undo a payment", async () => {
    const { shop, order, session } = await stripeOrder();
    session.status = "complete";
    session.payment_status = "paid";
    // the expired event arrives first, but the session says it was paid
    expect((await deliver(shop.owner.workspaceId, sessionEvent("evt_ooo_1", "checkout.session.expired", session))).status).toBe(200);
    expect((await api(`/api/v1/orders/${order.id}`, { token: shop.owner.token })).json.status).toBe("paid");
    expect((await deliver(shop.owner.workspaceId, sessionEvent("evt_ooo_2", "checkout.session.completed", session))).status).toBe(200);
    expect((await api(`/api/v1/orders/${order.id}`, { token: shop.owner.token })).json.status).toBe("paid");
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(8);
  });

  it("expires the order and returns its stock on checkout.session.expired", async () => {
    const { shop, order, session } = await stripeOrder();
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(8);
    session.status = "expired";
    expect((await deliver(shop.owner.workspaceId, sessionEvent("evt_exp_1", "checkout.session.expired", session))).status).toBe(200);
    expect((await api(`/api/v1/orders/${order.id}`, { token: shop.owner.token })).json.status).toBe("expired");
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(10);
    const row = await env.DB.prepare("select count(*) as n from stripe_events where workspace_id = ?").bind(shop.owner.workspaceId).first<{ n: number }>();
    expect(row!.n).toBe(1);
  });

  it("cancels the order and keeps the cart when Stripe cannot be reached", async () => {
    const shop = await sellingShop({ stripe: { secret_key: SECRET_KEY, webhook_secret: WEBHOOK_SECRET } });
    setStripeFetch((async () => {
      throw new Error("network down");
    }) as typeof fetch);
    const s = await shopper(shop.bot.public_key, shop.blue.id, 1);
    const res = await checkoutAs(s, { payment_method: "stripe" });
    expect(res.status).toBe(502);
    expect(res.json.error.code).toBe("PAYMENT_PROVIDER_ERROR");
    expect(await stockOf(shop.owner.token, shop.tote.id, "TOTE-BLU")).toBe(10);
    const cart = await api(`/api/v1/widget/conversations/${s.conversationId}/cart`, { token: s.token, headers: { origin: "https://shop.example.com" } });
    expect(cart.json.item_count).toBe(1);
  });
});
