import { env } from "cloudflare:test";
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setBillingStripeFetch } from "../../worker/billing/stripe-subscriptions";
import { api, registerOwner } from "../helpers";

const WEBHOOK_SECRET = "whsec_platformtestsecret";

/** A stand-in for api.stripe.com: customers, checkout sessions, and subscriptions in whatever state the test sets. */
class StripeStub {
  subscriptions = new Map<string, any>();
  sessions: URLSearchParams[] = [];
  private n = 0;
  fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (url.hostname !== "api.stripe.com") throw new Error(`unexpected host ${url.hostname}`);
    if (req.method === "POST" && url.pathname === "/v1/customers") return Response.json({ id: `cus_${crypto.randomUUID().slice(0, 12)}`, object: "customer" });
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const form = new URLSearchParams(await req.text());
      this.sessions.push(form);
      return Response.json({ id: `cs_${++this.n}`, object: "checkout.session", url: `https://checkout.stripe.com/c/pay/cs_${this.n}` });
    }
    const m = url.pathname.match(/^\/v1\/subscriptions\/([^/]+)$/);
    if (req.method === "GET" && m && this.subscriptions.has(m[1]!)) return Response.json(this.subscriptions.get(m[1]!));
    return Response.json({ error: { type: "invalid_request_error", message: "No such resource" } }, { status: 404 });
  }) as typeof fetch;

  setSubscription(id: string, customer: string, status: string, price: string, extra: Record<string, unknown> = {}) {
    const now = Math.floor(Date.now() / 1000);
    this.subscriptions.set(id, {
      id, object: "subscription", customer, status, metadata: {},
      items: { object: "list", data: [{ id: `si_${id}`, price: { id: price }, current_period_end: now + 30 * 86400 }] },
      trial_end: status === "trialing" ? now + 14 * 86400 : null, ...extra,
    });
  }
}

const signer = new Stripe("sk_test_signer", { httpClient: Stripe.createFetchHttpClient(async () => new Response("{}")) });
const cryptoProvider = Stripe.createSubtleCryptoProvider();
let eventN = 0;

async function deliver(type: string, object: Record<string, unknown>, opts: { id?: string; secret?: string; signature?: string | null } = {}) {
  const id = opts.id ?? `evt_${Date.now()}_${++eventN}`;
  const payload = JSON.stringify({ id, object: "event", type, api_version: "2025-01-01", created: Math.floor(Date.now() / 1000), livemode: false, data: { object } });
  const header = opts.signature !== undefined ? opts.signature : await signer.webhooks.generateTestHeaderStringAsync({ payload, secret: opts.secret ?? WEBHOOK_SECRET, cryptoProvider });
  const res = await api("/api/v1/billing/webhook", { method: "POST", body: payload, headers: { "content-type": "application/json", ...(header ? { "stripe-signature": header } : {}) } });
  return { ...res, id };
}

const billing = async (token: string) => (await api("/api/v1/billing", { token })).json;

let stub: StripeStub;
beforeEach(() => {
  stub = new StripeStub();
  setBillingStripeFetch(stub.fetch);
});
afterEach(() => setBillingStripeFetch(null));

describe("subscriptions", () => {
  it("checkout starts a trial on the first paid plan, in subscription mode, with the workspace in the metadata", async () => {
    const owner = await registerOwner({ plan: "free" });
    const res = await api("/api/v1/billing/checkout", { token: owner.token, body: { plan: "pro", interval: "yearly" } });
    expect(res.status).toBe(200);
    expect(res.json.checkout_url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const form = stub.sessions[0]!;
    expect(form.get("mode")).toBe("subscription");
    expect(form.get("line_items[0][price]")).toBe("price_pro_y");
    expect(form.get("metadata[workspace_id]")).toBe(owner.workspaceId);
    expect(form.get("subscription_data[trial_period_days]")).toBe("14");
    expect(form.get("tax_id_collection[enabled]")).toBe("true");
  });

  it("validates the plan before anything else, and only owners may buy", async () => {
    const owner = await registerOwner({ plan: "free" });
    expect((await api("/api/v1/billing/checkout", { token: owner.token, body: { plan: "platinum" } })).status).toBe(400);
    expect((await api("/api/v1/billing/checkout", { token: owner.token, body: { plan: "free" } })).status).toBe(400);
  });

  it("trial → paid → past due → grace → free, with nothing deleted", async () => {
    const owner = await registerOwner({ plan: "free" });
    await api("/api/v1/billing/checkout", { token: owner.token, body: { plan: "pro" } });
    const ws = await env.DB.prepare("select stripe_customer_id from workspaces where id = ?").bind(owner.workspaceId).first<{ stripe_customer_id: string }>();
    const customer = ws!.stripe_customer_id;
    const subId = `sub_${owner.workspaceId}`;

    stub.setSubscription(subId, customer, "trialing", "price_pro_m");
    expect((await deliver("checkout.session.completed", { id: "cs_1", object: "checkout.session", customer, subscription: subId, metadata: { workspace_id: owner.workspaceId } })).status).toBe(200);
    let b = await billing(owner.token);
    expect(b).toMatchObject({ plan: { id: "pro" }, status: "trialing", interval: "monthly" });
    expect(b.trial_ends_at).toBeTruthy();
    for (const name of ["Bot One", "Bot Two", "Bot Three"]) expect((await api("/api/v1/chatbots", { token: owner.token, body: { name } })).status).toBe(201);

    stub.setSubscription(subId, customer, "active", "price_pro_m");
    const paid = await deliver("invoice.paid", { id: "in_1", object: "invoice", customer, subscription: subId });
    expect(paid.status, paid.text).toBe(200);
    expect(await billing(owner.token)).toMatchObject({ plan: { id: "pro" }, status: "active" });

    stub.setSubscription(subId, customer, "past_due", "price_pro_m");
    await deliver("invoice.payment_failed", { id: "in_2", object: "invoice", customer, subscription: subId });
    b = await billing(owner.token);
    expect(b).toMatchObject({ plan: { id: "pro" }, status: "past_due" });
    expect(b.past_due_since).toBeTruthy();

    // eight days later the grace period is over: the workspace counts as free
    await env.DB.prepare("update workspaces set past_due_since = ? where id = ?").bind(new Date(Date.now() - 8 * 86_400_000).toISOString(), owner.workspaceId).run();
    b = await billing(owner.token);
    expect(b.plan.id).toBe("free");
    expect(b.usage.chatbots).toBe(3);
    const list = await api("/api/v1/chatbots", { token: owner.token });
    expect(list.json.data).toHaveLength(3);
    expect((await api("/api/v1/chatbots", { token: owner.token, body: { name: "Bot Four" } })).status).toBe(402);

    // paying again restores the plan
    stub.setSubscription(subId, customer, "active", "price_pro_m");
    await deliver("invoice.paid", { id: "in_3", object: "invoice", customer, subscription: subId });
    expect(await billing(owner.token)).toMatchObject({ plan: { id: "pro" }, status: "active", past_due_since: null });

    // cancelled: free, still nothing deleted
    stub.setSubscription(subId, customer, "canceled", "price_pro_m");
    await deliver("customer.subscription.deleted", { id: subId, object: "subscription", customer, metadata: { workspace_id: owner.workspaceId } });
    b = await billing(owner.token);
    expect(b).toMatchObject({ plan: { id: "free" }, status: "canceled" });
    expect(b.usage.chatbots).toBe(3);
  });

  it("refuses a bad or missing signature with 400, ignores a replay, and handles events out of order", async () => {
    const owner = await registerOwner({ plan: "free" });
    await api("/api/v1/billing/checkout", { token: owner.token, body: { plan: "starter" } });
    const { stripe_customer_id: customer } = (await env.DB.prepare("select stripe_customer_id from workspaces where id = ?").bind(owner.workspaceId).first<{ stripe_customer_id: string }>())!;
    const subId = `sub_ooo_${owner.workspaceId}`;
    const obj = { id: subId, object: "subscription", customer, metadata: { workspace_id: owner.workspaceId } };

    const bad = await deliver("customer.subscription.updated", obj, { secret: "whsec_wrong" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("INVALID_SIGNATURE");
    expect((await deliver("customer.subscription.updated", obj, { signature: null })).status).toBe(400);
    expect((await billing(owner.token)).plan.id).toBe("free");

    // the newer state (active on business) arrives first; the older "created/trialing on starter" event comes late —
    // both re-read the subscription, so the workspace ends in Stripe's current state
    stub.setSubscription(subId, customer, "active", "price_business_m");
    const first = await deliver("customer.subscription.updated", obj);
    expect(first.status).toBe(200);
    await deliver("customer.subscription.created", obj);
    expect(await billing(owner.token)).toMatchObject({ plan: { id: "business" }, status: "active" });

    const replay = await deliver("customer.subscription.updated", obj, { id: first.id });
    expect(replay.json).toEqual({ received: true, duplicate: true });
  });
});
