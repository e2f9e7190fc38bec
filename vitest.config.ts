import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

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
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  };
});
