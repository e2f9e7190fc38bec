/**
 * The Stripe SDK: only checkout with card payments and the Stripe webhook use
 * it, so it loads on first use (see worker/lazy.ts).
 */
export { default as Stripe } from "stripe";
