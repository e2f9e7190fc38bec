import type Stripe from "stripe";
import { loadPaymentLibs } from "../lazy";
import { badRequest } from "./errors";

/** Signature tolerance for Stripe webhook timestamps. */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

export interface StripeClient {
  stripe: Stripe;
  cryptoProvider: ReturnType<typeof Stripe.createSubtleCryptoProvider>;
}

/**
 * A Stripe client over the fetch HTTP client (Workers have no Node http). The
 * SDK loads on first use; `fetchImpl` lets tests stand in for api.stripe.com.
 */
export async function stripeClient(secretKey: string, fetchImpl: typeof fetch | null, apiBaseUrl?: string): Promise<StripeClient> {
  const { Stripe: StripeSdk } = await loadPaymentLibs();
  return {
    stripe: new StripeSdk(secretKey, { httpClient: StripeSdk.createFetchHttpClient(fetchImpl ?? fetch), maxNetworkRetries: 1, timeout: 15_000, ...apiHost(apiBaseUrl) }),
    cryptoProvider: StripeSdk.createSubtleCryptoProvider(),
  };
}

/** Host, port and protocol of another Stripe API base URL (a local fake in development and tests). */
function apiHost(base: string | undefined): { host?: string; port?: number; protocol?: "http" | "https" } {
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: Number(url.port || (protocol === "http" ? 80 : 443)), protocol };
}

/** The webhook's event, verified over the raw body against `secret` (missing or bad signature → 400 INVALID_SIGNATURE). */
export async function verifyStripeEvent(client: StripeClient, rawBody: string, signature: string | null, secret: string): Promise<Stripe.Event> {
  if (!signature) throw badRequest("INVALID_SIGNATURE", "Missing Stripe-Signature header");
  try {
    return await client.stripe.webhooks.constructEventAsync(rawBody, signature, secret, STRIPE_WEBHOOK_TOLERANCE_SECONDS, client.cryptoProvider);
  } catch {
    throw badRequest("INVALID_SIGNATURE", "The Stripe signature does not match this body");
  }
}
