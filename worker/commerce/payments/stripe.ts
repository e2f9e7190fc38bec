import type Stripe from "stripe";
import { stripeClient, verifyStripeEvent } from "../../lib/stripe";
import { eq, or } from "drizzle-orm";
import { getDb } from "../../db/client";
import { orders, type CommerceSettings, type Order, type OrderItem, type OrderStatus } from "../../db/schema";
import { AppError, badRequest, notFound } from "../../lib/errors";
import { nowIso } from "../../lib/ids";
import { decryptSecret } from "../../lib/secrets";
import { loadSettings } from "../settings";
import { transitionOrder } from "../orders/orders";

/**
 * The workspace's own Stripe account: Checkout Sessions for orders and the
 * signed webhook that moves them. All calls go through the fetch HTTP client
 * (Workers have no Node http); `setStripeFetch` swaps its fetch (tests use a stub).
 */
let stripeFetch: typeof fetch | null = null;
export function setStripeFetch(next: typeof fetch | null): void {
  stripeFetch = next;
}

/** Stripe refuses a Checkout Session that expires sooner than 30 minutes. */
const MIN_SESSION_MS = 30 * 60_000;

/** The SDK loads on first use: it is not on the request path of anything but card payments. */
const client = (secretKey: string) => stripeClient(secretKey, stripeFetch);

async function secretsOf(env: Env, settings: CommerceSettings): Promise<{ key: string; webhook: string } | null> {
  if (!settings.stripeSecretKeyEnc || !settings.stripeWebhookSecretEnc) return null;
  return { key: await decryptSecret(env, settings.stripeSecretKeyEnc), webhook: await decryptSecret(env, settings.stripeWebhookSecretEnc) };
}

/** Creates the Checkout Session for an order (metadata = order id, expires with the payment window) and remembers its id. */
export async function createCheckoutSession(env: Env, order: Order, items: OrderItem[], settings: CommerceSettings, origin: string): Promise<{ checkout_url: string; session_id: string }> {
  const secrets = await secretsOf(env, settings);
  if (!secrets) throw badRequest("PAYMENT_METHOD_UNAVAILABLE", "This shop does not accept card payments");
  const expiresMs = Math.max(Date.parse(order.expiresAt ?? nowIso()), Date.now() + MIN_SESSION_MS + 60_000);
  const { stripe } = await client(secrets.key);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    client_reference_id: order.id,
    metadata: { order_id: order.id, workspace_id: order.workspaceId },
    payment_intent_data: { metadata: { order_id: order.id, workspace_id: order.workspaceId } },
    line_items: items.map((i) => ({
      quantity: i.quantity,
      price_data: { currency: order.currency.toLowerCase(), unit_amount: i.unitPrice, product_data: { name: `${i.productName} (${i.variantName})` } },
    })),
    ...(order.customerEmail ? { customer_email: order.customerEmail } : {}),
    expires_at: Math.floor(expiresMs / 1000),
    success_url: `${origin}/demo?order=${order.id}&paid=1`,
    cancel_url: `${origin}/demo?order=${order.id}`,
  });
  if (!session.url) throw new AppError(502, "STRIPE_ERROR", "Stripe did not return a checkout URL");
  await getDb(env).update(orders).set({ stripeSessionId: session.id, expiresAt: new Date(expiresMs).toISOString() }).where(eq(orders.id, order.id));
  return { checkout_url: session.url, session_id: session.id };
}

/** The status a Checkout Session says its order should have now (null: nothing to do yet). */
function statusOfSession(s: Stripe.Checkout.Session): OrderStatus | null {
  if (s.status === "complete" && (s.payment_status === "paid" || s.payment_status === "no_payment_required")) return "paid";
  if (s.status === "expired") return "expired";
  return null;
}

async function orderBy(env: Env, workspaceId: string, match: { orderId?: string | null; sessionId?: string | null; intentId?: string | null }): Promise<Order | null> {
  const conds = [
    ...(match.orderId ? [eq(orders.id, match.orderId)] : []),
    ...(match.sessionId ? [eq(orders.stripeSessionId, match.sessionId)] : []),
    ...(match.intentId ? [eq(orders.stripePaymentIntentId, match.intentId)] : []),
  ];
  if (!conds.length) return null;
  const row = await getDb(env).select().from(orders).where(or(...conds)).get();
  return row && row.workspaceId === workspaceId ? row : null;
}

async function moveIfLegal(env: Env, order: Order, to: OrderStatus, note: string) {
  if (order.status === to) return;
  try {
    await transitionOrder(env, order, to, { actor: "stripe", note, returnStock: to === "expired" });
  } catch (err) {
    // an event that no longer applies (e.g. expired after paid) changes nothing
    if (!(err instanceof AppError && err.status === 409)) throw err;
  }
}

/**
 * `POST /api/v1/webhooks/stripe/:workspace_id`: verifies the raw body with the
 * workspace's signing secret (bad signature → 400), applies each event once
 * (ids kept in D1), and for Checkout Session events re-reads the session so
 * events arriving out of order still leave the order in the right state.
 */
export async function handleStripeWebhook(env: Env, workspaceId: string, rawBody: string, signature: string | null): Promise<{ received: true; duplicate?: true }> {
  if (!/^ws_[A-Za-z0-9]{1,64}$/.test(workspaceId)) throw notFound("Webhook endpoint");
  const settings = await loadSettings(env, workspaceId);
  const secrets = await secretsOf(env, settings);
  if (!secrets) throw notFound("Webhook endpoint");
  const stripeApi = await client(secrets.key);
  const { stripe } = stripeApi;
  const event = await verifyStripeEvent(stripeApi, rawBody, signature, secrets.webhook);
  const seen = await env.DB.prepare(`SELECT 1 FROM stripe_events WHERE event_id = ?1`).bind(event.id).first();
  if (seen) return { received: true, duplicate: true };

  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired": {
      const fromEvent = event.data.object;
      const order = await orderBy(env, workspaceId, { orderId: fromEvent.metadata?.order_id, sessionId: fromEvent.id });
      if (!order) break;
      const session = await stripe.checkout.sessions.retrieve(fromEvent.id);
      const intent = typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null);
      if (intent && !order.stripePaymentIntentId) {
        await getDb(env).update(orders).set({ stripePaymentIntentId: intent }).where(eq(orders.id, order.id));
        order.stripePaymentIntentId = intent;
      }
      const to = statusOfSession(session);
      if (to) await moveIfLegal(env, order, to, `stripe ${event.type}`);
      break;
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const intent = typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null);
      const order = await orderBy(env, workspaceId, { orderId: charge.metadata?.order_id, intentId: intent });
      if (order && charge.refunded) await moveIfLegal(env, order, "refunded", "stripe charge.refunded");
      break;
    }
    default:
      break;
  }
  await env.DB.prepare(`INSERT INTO stripe_events (event_id, workspace_id, type, received_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(event_id) DO NOTHING`)
    .bind(event.id, workspaceId, event.type, nowIso())
    .run();
  return { received: true };
}
