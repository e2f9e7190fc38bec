#!/usr/bin/env node
// A new owner on the free plan creates chatbots until the plan's limit, is
// offered an upgrade where the refusal happened, pays through Stripe Checkout
// (a small fake of Stripe served here: the API the Worker calls, the hosted
// checkout page, and the signed webhook), and the new limit shows without a
// reload: the Billing page notices the plan change itself and the next chatbot
// is created.
//
// Needs the Worker started with STRIPE_API_BASE_URL pointing at this fake
// (test/e2e/run.mjs does it): E2E_STRIPE_PORT, E2E_STRIPE_WEBHOOK_SECRET, E2E_STRIPE_PRICES.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { BASE_URL, assert, expectHidden, expectPath, expectText, expectVisible, newContext, run, unique } from "./lib.mjs";

const STRIPE_PORT = Number(process.env.E2E_STRIPE_PORT ?? 0);
const SECRET = process.env.E2E_STRIPE_WEBHOOK_SECRET ?? "";
const PRICES = JSON.parse(process.env.E2E_STRIPE_PRICES ?? "{}");
if (!STRIPE_PORT || !SECRET) {
  console.error("billing.e2e needs E2E_STRIPE_PORT and E2E_STRIPE_WEBHOOK_SECRET (run it through test/e2e/run.mjs)");
  process.exit(1);
}

/** The slice of Stripe the Worker talks to, kept in memory. */
function fakeStripe() {
  const base = `http://127.0.0.1:${STRIPE_PORT}`;
  const customers = new Map();
  const sessions = new Map();
  const subscriptions = new Map();
  const calls = [];
  let n = 0;
  const next = (prefix) => `${prefix}_e2e${++n}`;
  const now = () => Math.floor(Date.now() / 1000);

  const json = (res, status, body) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url, base);
    const form = new URLSearchParams(raw);
    calls.push(`${req.method} ${url.pathname}`);
    const auth = req.headers.authorization ?? "";

    if (url.pathname.startsWith("/v1/") && auth !== "Bearer sk_test_e2e") return json(res, 401, { error: { type: "invalid_request_error", message: "bad key" } });

    if (req.method === "POST" && url.pathname === "/v1/customers") {
      const c = { id: next("cus"), object: "customer", email: form.get("email"), name: form.get("name"), metadata: { workspace_id: form.get("metadata[workspace_id]") } };
      customers.set(c.id, c);
      return json(res, 200, c);
    }
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const id = next("cs_test");
      const s = {
        id,
        object: "checkout.session",
        mode: form.get("mode"),
        customer: form.get("customer"),
        client_reference_id: form.get("client_reference_id"),
        price: form.get("line_items[0][price]"),
        trial_days: Number(form.get("subscription_data[trial_period_days]") ?? 0),
        metadata: { workspace_id: form.get("metadata[workspace_id]"), plan: form.get("metadata[plan]"), interval: form.get("metadata[interval]") },
        success_url: form.get("success_url"),
        cancel_url: form.get("cancel_url"),
        subscription: null,
        status: "open",
        url: `${base}/pay/${id}`,
      };
      sessions.set(id, s);
      return json(res, 200, s);
    }
    const sub = url.pathname.match(/^\/v1\/subscriptions\/([\w]+)$/);
    if (req.method === "GET" && sub) {
      const s = subscriptions.get(sub[1]);
      return s ? json(res, 200, s) : json(res, 404, { error: { type: "invalid_request_error", message: "No such subscription" } });
    }

    // Stripe's hosted checkout page, reduced to one button
    const page = url.pathname.match(/^\/pay\/([\w]+)$/);
    if (req.method === "GET" && page && sessions.has(page[1])) {
      const s = sessions.get(page[1]);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(`<!doctype html><title>Checkout</title><h1>Pay for ${s.metadata.plan}</h1>
        <form method="post" action="/pay/${s.id}"><button data-testid="stripe-pay">Start trial</button></form>
        <a data-testid="stripe-cancel" href="${s.cancel_url}">Back</a>`);
    }
    if (req.method === "POST" && page && sessions.has(page[1])) {
      const s = sessions.get(page[1]);
      const trialEnd = s.trial_days ? now() + s.trial_days * 86_400 : null;
      const subscription = {
        id: next("sub"),
        object: "subscription",
        status: trialEnd ? "trialing" : "active",
        customer: s.customer,
        metadata: { workspace_id: s.metadata.workspace_id },
        trial_end: trialEnd,
        items: { object: "list", data: [{ id: next("si"), object: "subscription_item", price: { id: s.price, object: "price" }, current_period_end: trialEnd ?? now() + 30 * 86_400 }] },
      };
      subscriptions.set(subscription.id, subscription);
      s.subscription = subscription.id;
      s.status = "complete";
      res.writeHead(303, { location: s.success_url });
      return res.end();
    }
    json(res, 404, { error: { type: "invalid_request_error", message: `fake Stripe has no ${req.method} ${url.pathname}` } });
  });

  /** Sends `checkout.session.completed` for a paid session, signed like Stripe signs it. */
  async function deliverCompleted(sessionId, eventId = next("evt")) {
    const s = sessions.get(sessionId);
    const payload = JSON.stringify({
      id: eventId,
      object: "event",
      api_version: "2025-01-27",
      created: now(),
      type: "checkout.session.completed",
      data: { object: { id: s.id, object: "checkout.session", mode: "subscription", customer: s.customer, subscription: s.subscription, client_reference_id: s.client_reference_id, metadata: s.metadata, status: s.status } },
    });
    const t = now();
    const v1 = createHmac("sha256", SECRET).update(`${t}.${payload}`).digest("hex");
    const res = await fetch(`${BASE_URL}/api/v1/billing/webhook`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${v1}` }, body: payload });
    return { status: res.status, body: await res.json(), eventId };
  }

  return {
    sessions,
    subscriptions,
    calls,
    deliverCompleted,
    listen: () => new Promise((resolve, reject) => server.once("error", reject).listen(STRIPE_PORT, "127.0.0.1", resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const id = unique();
const owner = { workspace: `Growth ${id}`, name: "Nok Owner", email: `nok+${id}@example.com`, password: "Harvest#2026" };
const stripe = fakeStripe();
await stripe.listen();

await run("billing", async ({ browser, step, watch }) => {
  try {
    const ctx = await newContext(browser);
    watch(ctx);
    const page = await ctx.newPage();
    const tid = (t) => page.getByTestId(t);

    step("register a new workspace: it starts on the free plan");
    await page.goto(`${BASE_URL}/register`, { timeout: 60_000 });
    await tid("input-workspace_name").fill(owner.workspace);
    await tid("input-name").fill(owner.name);
    await tid("input-email").fill(owner.email);
    await tid("input-password").fill(owner.password);
    await tid("register-submit").click();
    await expectPath(page, "/", { timeout: 45_000 });
    await tid("nav-billing").click();
    await expectText(tid("current-plan"), "Free");
    await expectText(tid("usage-chatbots"), /0\D+1/);

    const createChatbot = async (name) => {
      await tid("nav-chatbots").click();
      await tid("new-chatbot").click();
      await expectPath(page, "/chatbots/new");
      await tid("input-name").fill(name);
      await tid("save-chatbot").click();
    };

    step("the first chatbot fits the free plan");
    await createChatbot("Front desk");
    await expectPath(page, /^\/chatbots\/cb_/);

    step("the second is refused where it was asked for, with an upgrade offer");
    await createChatbot("Sales desk");
    await expectVisible(tid("upgrade-prompt"));
    await expectText(tid("upgrade-prompt"), /1/);
    await expectPath(page, "/chatbots/new");

    step("the offer leads to the plans; choosing Starter opens Stripe Checkout");
    await tid("upgrade-link").click();
    await expectPath(page, "/billing");
    await tid("choose-starter").click();
    await page.waitForURL((u) => u.port === String(STRIPE_PORT), { timeout: 15_000 });
    const [session] = [...stripe.sessions.values()];
    assert(session, "the Worker did not create a Checkout Session");
    assert(session.mode === "subscription" && session.price === PRICES["starter:monthly"], `unexpected session ${JSON.stringify(session)}`);
    assert(session.trial_days === 14, `the first paid plan should start a 14-day trial, got ${session.trial_days}`);

    step("pay: back on the Billing page, it waits for Stripe's confirmation");
    await page.getByTestId("stripe-pay").click();
    await expectPath(page, "/billing");
    await expectVisible(tid("checkout-pending"));
    await expectText(tid("current-plan"), "Free");
    // a marker that a reload would wipe
    await page.evaluate(() => {
      window.__sameDocument = true;
    });

    step("the signed webhook arrives: the page shows Starter without a reload");
    const delivered = await stripe.deliverCompleted(session.id);
    assert(delivered.status === 200 && delivered.body.received === true, `webhook answered ${delivered.status} ${JSON.stringify(delivered.body)}`);
    await expectText(tid("current-plan"), "Starter", { timeout: 15_000 });
    await expectHidden(tid("checkout-pending"));
    await expectText(tid("usage-chatbots"), /1\D+3/);
    const replay = await stripe.deliverCompleted(session.id, delivered.eventId);
    assert(replay.status === 200 && replay.body.duplicate === true, `a replayed event was not recognised: ${JSON.stringify(replay.body)}`);

    step("the limit is lifted: the next chatbot is created");
    await createChatbot("Sales desk");
    await expectPath(page, /^\/chatbots\/cb_/);
    assert(await page.evaluate(() => window.__sameDocument === true), "the dashboard reloaded to pick up the new plan");
    await tid("nav-billing").click();
    await expectText(tid("usage-chatbots"), /2\D+3/);
  } finally {
    await stripe.close();
  }
});
