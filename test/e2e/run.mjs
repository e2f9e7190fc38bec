#!/usr/bin/env node
// Browser tests: builds the app, starts the local dev server on a throwaway
// local state directory (scripts/lib/local-server.mjs, as `npm start` runs it),
// seeds the demo workspace and runs every test/e2e/*.e2e.mjs in turn against it.
//
//   node test/e2e/run.mjs [--no-build] [name-filter…]
//
// Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH); without it the run is
// skipped (and fails when CI is set). Port: E2E_PORT (default 8790).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { startLocalServer } from "../../scripts/lib/local-server.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const e2eDir = path.join(root, "test/e2e");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const port = process.env.E2E_PORT ?? "8790";
const host = "127.0.0.1";
const baseUrl = `http://${host}:${port}`;
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith("--"));
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
// The platform's Stripe account points at a fake the billing test serves on this port, with a per-run signing secret.
const stripe = {
  port: process.env.E2E_STRIPE_PORT ?? String(Number(port) + 3),
  secret: `whsec_e2e${randomBytes(16).toString("hex")}`,
  prices: JSON.stringify({ "starter:monthly": "price_e2e_starter_m", "starter:yearly": "price_e2e_starter_y", "pro:monthly": "price_e2e_pro_m", "pro:yearly": "price_e2e_pro_y", "business:monthly": "price_e2e_business_m", "business:yearly": "price_e2e_business_y" }),
};
const FILE_TIMEOUT_MS = Number(process.env.E2E_FILE_TIMEOUT ?? 240_000);

if (!existsSync(chromium)) {
  console.log(`skipped: install chromium (no browser at ${chromium}; apt-get install -y chromium)`);
  process.exit(process.env.CI ? 1 : 0);
}

const files = readdirSync(e2eDir)
  .filter((f) => f.endsWith(".e2e.mjs"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.log("no browser tests found");
  console.log("0 passed, 0 failed");
  process.exit(0);
}

function runSync(title, cmd, cmdArgs, extraEnv = {}) {
  console.log(`▶ ${title}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, env: { ...env, ...extraEnv }, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) {
    console.error(`✗ ${title} failed`);
    process.exit(r.status ?? 1);
  }
}

if (!args.includes("--no-build")) runSync("build dashboard and widget", "npm", ["run", "build", "--silent"]);

console.log(`▶ start the local dev server on ${baseUrl}`);
const server = await startLocalServer({
  port,
  vars: {
    APP_ENV: "development",
    STRIPE_SECRET_KEY: "sk_test_e2e",
    STRIPE_WEBHOOK_SECRET: stripe.secret,
    STRIPE_PRICES: stripe.prices,
    STRIPE_API_BASE_URL: `http://${host}:${stripe.port}`,
  },
});
process.on("SIGINT", () => {
  server.stop();
  process.exit(130);
});
process.on("SIGTERM", () => {
  server.stop();
  process.exit(143);
});

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(e2eDir, file)], {
      cwd: root,
      env: { ...env, BASE_URL: baseUrl, E2E_STRIPE_PORT: stripe.port, E2E_STRIPE_WEBHOOK_SECRET: stripe.secret, E2E_STRIPE_PRICES: stripe.prices },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const timer = setTimeout(() => {
      console.error(`  ✗ ${file} timed out after ${FILE_TIMEOUT_MS / 1000} s`);
      child.kill("SIGKILL");
    }, FILE_TIMEOUT_MS);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, seconds: (Date.now() - started) / 1000 });
    });
  });
}

let passed = 0;
let failed = 0;
try {
  if (!server.healthy) {
    console.error("✗ the local dev server did not become healthy; its last output:\n" + server.log());
    failed = files.length;
  } else {
    // Warm the asset server so the first page load of the first test is not the slow one.
    await fetch(`${baseUrl}/`).catch(() => {});
    const seed = await fetch(`${baseUrl}/api/v1/dev/seed`, { method: "POST" });
    if (!seed.ok) console.error(`! seeding the demo workspace answered ${seed.status}: ${await seed.text()}`);
    for (const file of files) {
      console.log(`\n▶ ${file}`);
      const r = await runFile(file);
      if (r.ok) passed++;
      else failed++;
      console.log(`${r.ok ? "PASS" : "FAIL"} ${file} (${r.seconds.toFixed(1)} s)`);
      if (!r.ok) console.log(`  the server's last output:\n${server.log().slice(-6_000).replace(/^/gm, "  | ")}`);
    }
  }
} finally {
  server.stop();
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
