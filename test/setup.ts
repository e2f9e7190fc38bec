import { applyD1Migrations, env } from "cloudflare:test";

// Applies the D1 migrations once per test file's storage; re-running is a no-op.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
