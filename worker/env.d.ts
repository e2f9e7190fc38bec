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
    /** The Stripe API's base URL for the platform account (default https://api.stripe.com); local development and tests point it at a fake. */
    STRIPE_API_BASE_URL?: string;
    /** The platform's PromptPay ID for plan payments by transfer (10-digit phone, 13-digit tax ID or 15-digit e-wallet); unset: PromptPay plan payments are off. */
    PLATFORM_PROMPTPAY_ID?: string;
    /** The account name on that PromptPay ID (shown under the QR; matched against verified slips). */
    PLATFORM_PROMPTPAY_NAME?: string;
    /** Optional slip-verification provider for plan payments (`slipok` or `easyslip`), its key, SlipOK branch and base URL; unset: an operator confirms each slip. */
    PLATFORM_SLIP_PROVIDER?: string;
    PLATFORM_SLIP_API_KEY?: string;
    PLATFORM_SLIP_BRANCH_ID?: string;
    PLATFORM_SLIP_BASE_URL?: string;
    /** Name of the transactional email provider the OUTBOUND consumer delivers through; unset: no mail leaves (dev mailbox locally). */
    EMAIL_PROVIDER?: string;
    /** A Sentry-compatible DSN; when set, unexpected errors are reported there. */
    SENTRY_DSN?: string;
    /** `resend`/`http` providers: the API key, and the API's base URL (default https://api.resend.com). */
    EMAIL_API_KEY?: string;
    EMAIL_API_BASE_URL?: string;
    /** Sender address, e.g. `MiniChat <support@example.com>`. */
    EMAIL_FROM?: string;
    /** Domain of the signed reply-to addresses (`reply+<conversation>.<sig>@…`) routed to the `email()` handler; unset: no email continuation. */
    EMAIL_REPLY_DOMAIN?: string;
    /** `cloudflare` provider: the send_email binding. */
    SEND_EMAIL?: SendEmail;
    /** Channel provider API base URLs (defaults: the providers' own); tests and `channel:simulate` point them at fakes. */
    LINE_API_BASE_URL?: string;
    LINE_DATA_API_BASE_URL?: string;
    TELEGRAM_API_BASE_URL?: string;
    /** Messenger and Instagram: the Graph API with its version (default https://graph.facebook.com/v21.0). */
    MESSENGER_API_BASE_URL?: string;
    /** WhatsApp Cloud API: the Graph API base including its version (default https://graph.facebook.com/v21.0). */
    WHATSAPP_API_BASE_URL?: string;
    /** Slack incoming webhooks: a further allowed URL prefix besides https://hooks.slack.com/services/ (a local fake). */
    SLACK_WEBHOOK_BASE_URL?: string;
    /** Web Push: the VAPID contact (`mailto:` or https URL) push services may use; default mailto:push@<APP_URL host>. */
    VAPID_SUBJECT?: string;
  }
}

declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("./index");
    durableNamespaces: "ConversationDO" | "WorkspaceHubDO" | "ApiRateLimiterDO";
  }
}
