import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// The dependencies the Worker imports when it starts (the lazily loaded ones
// stay as they are). A new one, or a new subpath of one listed, belongs here
// too: a package loaded both pre-bundled and as its own files exists twice
// (two `HTTPException` classes, and `instanceof` fails across them).
const preBundled = [
  "@hono/zod-openapi",
  "hono",
  "hono/body-limit",
  "hono/cookie",
  "hono/factory",
  "hono/http-exception",
  "hono/secure-headers",
  "hono/utils/cookie",
  "hono/utils/http-status",
  "zod",
  "drizzle-orm",
  "drizzle-orm/d1",
  "drizzle-orm/sqlite-core",
  "jose",
  "arctic",
  "otpauth",
  "tldts",
  "ua-parser-js",
  "uqr",
  "wink-porter2-stemmer",
];

// Tests run inside workerd with the real local bindings of wrangler.toml
// (D1, R2, Durable Objects, Queues). Secrets that production sets with
// `wrangler secret put` get fixed test values here.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        main: "./worker/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            APP_ENV: "test",
            JWT_SECRET: "test-jwt-secret-0123456789abcdef0123456789abcdef",
            ENCRYPTION_KEY: "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcy0hISE=",
            // the platform's own Stripe account (subscriptions); tests stub its API
            STRIPE_SECRET_KEY: "sk_test_platform0000000000000000",
            STRIPE_WEBHOOK_SECRET: "whsec_platformtestsecret",
            STRIPE_PRICES: JSON.stringify({ "starter:monthly": "price_starter_m", "starter:yearly": "price_starter_y", "pro:monthly": "price_pro_m", "pro:yearly": "price_pro_y", "business:monthly": "price_business_m", "business:yearly": "price_business_y" }),
            // the platform's PromptPay ID for plan payments by transfer (a 13-digit tax ID)
            PLATFORM_PROMPTPAY_ID: "0105561234567",
            PLATFORM_PROMPTPAY_NAME: "MiniChat Co., Ltd.",
            TEST_MIGRATIONS: migrations,
          },
        },
      }),
    ],
    // the lazily loaded modules (worker/lazy.ts) run from their sources under test
    resolve: { alias: [{ find: /^\.\/lazy-dist\/(.+)\.mjs$/, replacement: path.join(import.meta.dirname, "worker/lazy/$1.ts") }] },
    test: {
      include: ["test/**/*.test.ts"],
      exclude: ["test/e2e/**", "node_modules/**"],
      setupFiles: ["./test/setup.ts"],
      // Every test file starts a fresh runtime that imports the Worker's whole
      // module graph; its dependencies load as a few pre-bundled files instead
      // of hundreds (a file's start-up goes from about 10 s to about 7 s on 2 cores).
      deps: { optimizer: { ssr: { enabled: true, include: preBundled } } },
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  };
});
