/**
 * Subscriptions on the platform's own Stripe account: Checkout in
 * subscription mode (14-day trial on a workspace's first paid plan), the
 * customer portal, and the signed webhook that keeps `workspaces` in step.
 * Every subscription event re-reads the subscription from Stripe, so events
 * arriving out of order still leave the plan right; event ids are kept, so a
 * replay changes nothing. Nothing is deleted on a downgrade.
 */
import type Stripe from "stripe";
import { stripeClient, verifyStripeEvent } from "../lib/stripe";
import { AppError, badRequest } from "../lib/errors";
import { forgetAllowance } from "./bot-allowance";
import { isPlanId, type PlanId } from "./plans";

const TRIAL_DAYS = 14;
export type Interval = "monthly" | "yearly";

let billingFetch: typeof fetch | null = null;
/** Tests swap the HTTP client's fetch for a stand-in of api.stripe.com. */
export function setBillingStripeFetch(next: typeof fetch | null): void {
  billingFetch = next;
}

type BillingEnv = Pick<Env, "DB" | "APP_URL" | "STRIPE_SECRET_KEY" | "STRIPE_WEBHOOK_SECRET" | "STRIPE_PRICES" | "STRIPE_VAT_RATE_ID" | "STRIPE_API_BASE_URL">;

function prices(env: BillingEnv): Record<string, string> {
  try {
    return env.STRIPE_PRICES ? (JSON.parse(env.STRIPE_PRICES) as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function planOfPrice(env: BillingEnv, priceId: string | undefined): { plan: PlanId; interval: Interval } | null {
  for (const [key, id] of Object.entries(prices(env))) {
    const [plan, interval] = key.split(":");
    if (id === priceId && isPlanId(plan) && (interval === "monthly" || interval === "yearly")) return { plan, interval };
  }
  return null;
}

async function client(env: BillingEnv) {
  if (!env.STRIPE_SECRET_KEY) throw new AppError(503, "BILLING_NOT_CONFIGURED", "Card billing is not set up on this installation");
  return stripeClient(env.STRIPE_SECRET_KEY, billingFetch, env.STRIPE_API_BASE_URL);
}

/** A Checkout Session for `plan` (owner only; the route checks billing:manage). */
export async function startSubscriptionCheckout(env: BillingEnv, workspaceId: string, email: string, plan: PlanId, interval: Interval): Promise<{ checkout_url: string }> {
  if (plan === "free") throw badRequest("INVALID_PLAN", "The free plan needs no checkout");
  const price = prices(env)[`${plan}:${interval}`];
  if (!price) throw new AppError(503, "BILLING_NOT_CONFIGURED", `No Stripe price is configured for ${plan} (${interval})`);
  const { stripe } = await client(env);
  const ws = await env.DB.prepare(`select name, stripe_customer_id, trial_ends_at from workspaces where id = ?1`)
    .bind(workspaceId)
    .first<{ name: string; stripe_customer_id: string | null; trial_ends_at: string | null }>();
  let customer = ws?.stripe_customer_id ?? null;
  if (!customer) {
    const created = await stripe.customers.create({ email, name: ws?.name, metadata: { workspace_id: workspaceId } });
    customer = created.id;
    await env.DB.prepare(`update workspaces set stripe_customer_id = ?2 where id = ?1`).bind(workspaceId, customer).run();
  }
  const base = env.APP_URL.replace(/\/$/, "");
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: workspaceId,
    line_items: [{ price, quantity: 1 }],
    metadata: { workspace_id: workspaceId, plan, interval },
    subscription_data: {
      metadata: { workspace_id: workspaceId },
      // one trial per workspace: the first time it picks a paid plan
      ...(ws?.trial_ends_at ? {} : { trial_period_days: TRIAL_DAYS }),
      ...(env.STRIPE_VAT_RATE_ID ? { default_tax_rates: [env.STRIPE_VAT_RATE_ID] } : {}),
    },
    tax_id_collection: { enabled: true },
    customer_update: { name: "auto", address: "auto" },
    success_url: `${base}/billing?checkout=success`,
    cancel_url: `${base}/billing?checkout=cancelled`,
  });
  if (!session.url) throw new AppError(502, "STRIPE_ERROR", "Stripe did not return a checkout URL");
  return { checkout_url: session.url };
}

/** The Stripe customer portal (plan change, card, cancel, invoices). */
export async function openCustomerPortal(env: BillingEnv, workspaceId: string): Promise<{ portal_url: string }> {
  const row = await env.DB.prepare(`select stripe_customer_id from workspaces where id = ?1`).bind(workspaceId).first<{ stripe_customer_id: string | null }>();
  if (!row?.stripe_customer_id) throw badRequest("NO_SUBSCRIPTION", "This workspace has no card subscription yet");
  const { stripe } = await client(env);
  const portal = await stripe.billingPortal.sessions.create({ customer: row.stripe_customer_id, return_url: `${env.APP_URL.replace(/\/$/, "")}/billing` });
  return { portal_url: portal.url };
}

const STATUS: Record<string, "trialing" | "active" | "past_due" | "canceled"> = {
  trialing: "trialing",
  active: "active",
  past_due: "past_due",
  unpaid: "past_due",
  canceled: "canceled",
  incomplete_expired: "canceled",
  incomplete: "past_due",
  paused: "canceled",
};

const iso = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000).toISOString() : null);

/** Puts the workspace in the state the subscription (as Stripe has it now) says. */
async function applySubscription(env: BillingEnv, workspaceId: string, sub: Stripe.Subscription): Promise<void> {
  const item = sub.items?.data?.[0];
  const mapped = planOfPrice(env, item?.price?.id);
  const status = STATUS[sub.status] ?? "past_due";
  const ended = status === "canceled";
  const periodEnd = (item as { current_period_end?: number } | undefined)?.current_period_end ?? (sub as unknown as { current_period_end?: number }).current_period_end;
  await env.DB.prepare(
    `update workspaces set
       plan = ?2, billing_status = ?3, billing_interval = ?4, trial_ends_at = coalesce(?5, trial_ends_at), current_period_end = ?6,
       past_due_since = case when ?3 = 'past_due' then coalesce(past_due_since, ?7) else null end,
       stripe_customer_id = coalesce(?8, stripe_customer_id), stripe_subscription_id = ?9, plan_expires_at = null, updated_at = ?7
     where id = ?1`,
  )
    .bind(
      workspaceId,
      ended || !mapped ? "free" : mapped.plan,
      status,
      ended ? null : (mapped?.interval ?? null),
      iso(sub.trial_end),
      iso(periodEnd),
      new Date().toISOString(),
      typeof sub.customer === "string" ? sub.customer : (sub.customer?.id ?? null),
      ended ? null : sub.id,
    )
    .run();
  forgetAllowance(workspaceId);
}

async function workspaceOf(env: BillingEnv, meta: Record<string, string> | null | undefined, customer: string | null): Promise<string | null> {
  if (meta?.workspace_id) {
    const row = await env.DB.prepare(`select id from workspaces where id = ?1`).bind(meta.workspace_id).first<{ id: string }>();
    if (row) return row.id;
  }
  if (customer) {
    const row = await env.DB.prepare(`select id from workspaces where stripe_customer_id = ?1`).bind(customer).first<{ id: string }>();
    if (row) return row.id;
  }
  return null;
}

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));

/** `POST /api/v1/billing/webhook`: raw body verified with the platform's signing secret (bad → 400). */
export async function handleBillingWebhook(env: BillingEnv, rawBody: string, signature: string | null): Promise<{ received: true; duplicate?: true }> {
  if (!env.STRIPE_WEBHOOK_SECRET) throw new AppError(503, "BILLING_NOT_CONFIGURED", "Card billing is not set up on this installation");
  const stripeApi = await client(env);
  const { stripe } = stripeApi;
  const event = await verifyStripeEvent(stripeApi, rawBody, signature, env.STRIPE_WEBHOOK_SECRET);
  const seen = await env.DB.prepare(`select 1 from billing_events where id = ?1`).bind(event.id).first();
  if (seen) return { received: true, duplicate: true };

  let workspaceId: string | null = null;
  let subscriptionId: string | null = null;
  switch (event.type) {
    case "checkout.session.completed": {
      const s = event.data.object as Stripe.Checkout.Session;
      workspaceId = await workspaceOf(env, s.metadata, idOf(s.customer));
      subscriptionId = idOf(s.subscription as string | { id: string } | null);
      break;
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      const s = event.data.object as Stripe.Subscription;
      workspaceId = await workspaceOf(env, s.metadata, idOf(s.customer));
      subscriptionId = s.id;
      break;
    }
    case "invoice.paid":
    case "invoice.payment_failed": {
      const inv = event.data.object as Stripe.Invoice & { subscription?: string | { id: string } | null };
      const fromParent = (inv as unknown as { parent?: { subscription_details?: { subscription?: string } } }).parent?.subscription_details?.subscription ?? null;
      workspaceId = await workspaceOf(env, null, idOf(inv.customer as string | { id: string } | null));
      subscriptionId = idOf(inv.subscription) ?? fromParent;
      break;
    }
    default:
      break;
  }
  if (workspaceId && subscriptionId) {
    const sub = await stripe.subscriptions.retrieve(subscriptionId);
    await applySubscription(env, workspaceId, sub);
  }
  await env.DB.prepare(`insert into billing_events (id, provider, type, workspace_id, received_at) values (?1, 'stripe', ?2, ?3, ?4) on conflict do nothing`)
    .bind(event.id, event.type, workspaceId, new Date().toISOString())
    .run();
  return { received: true };
}
