// Bindings and secrets that `wrangler types` cannot see in wrangler.toml:
// optional bindings (enabled on a real account) and secrets set with
// `wrangler secret put` (locally: `.dev.vars`, written by `npm run dev`).
declare namespace Cloudflare {
  interface Env {
    /** Vectorize index for chunk embeddings; absent locally (a D1 vector store is used). */
    VECTORS?: VectorizeIndex;
    /** Workers AI; absent locally (offline embeddings and the extractive answerer are used). */
    AI?: Ai;
    /** HMAC key for access and visitor JWTs. */
    JWT_SECRET: string;
    /** Base64 32-byte key for AES-GCM encryption of workspace secrets (provider API keys). */
    ENCRYPTION_KEY: string;
    GOOGLE_CLIENT_ID?: string;
    GOOGLE_CLIENT_SECRET?: string;
    /** The platform's own Stripe account (tenant subscriptions). */
    STRIPE_SECRET_KEY?: string;
    /** Signing secret of the platform's billing webhook (`POST /api/v1/billing/webhook`). */
    STRIPE_WEBHOOK_SECRET?: string;
    /** JSON map of "<plan>:<monthly|yearly>" to Stripe price ids. */
    STRIPE_PRICES?: string;
    /** Optional Stripe tax rate id for Thai VAT (7 %) on subscriptions. */
    STRIPE_VAT_RATE_ID?: string;
    /** Name of the transactional email provider the OUTBOUND consumer delivers through; unset: no mail leaves (dev mailbox locally). */
    EMAIL_PROVIDER?: string;
    /** A Sentry-compatible DSN; when set, unexpected errors are reported there. */
    SENTRY_DSN?: string;
  }
}

declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("./index");
    durableNamespaces: "ConversationDO" | "WorkspaceHubDO" | "ApiRateLimiterDO";
  }
}
