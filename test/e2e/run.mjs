#!/usr/bin/env node
// Browser tests: builds the app, starts `wrangler dev` on a throwaway local
// state directory, seeds the demo workspace and runs every test/e2e/*.e2e.mjs
// in turn against it.
//
//   node test/e2e/run.mjs [--no-build] [name-filter…]
//
// Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH); without it the run is
// skipped (and fails when CI is set). Port: E2E_PORT (default 8790).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

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

// Local secrets: wrangler dev reads .dev.vars (gitignored), created the same way as `npm start` does.
const devVars = path.join(root, ".dev.vars");
if (!existsSync(devVars)) {
  writeFileSync(devVars, [`JWT_SECRET=${randomBytes(32).toString("hex")}`, `ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`, ""].join("\n"));
  console.log("• wrote local secrets to .dev.vars");
}

const persistDir = mkdtempSync(path.join(os.tmpdir(), "minichat-e2e-"));
runSync("apply D1 migrations to a fresh local database", "npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], { CI: "1" });

console.log(`▶ start wrangler dev on ${baseUrl}`);
const server = spawn(
  "npx",
  ["wrangler", "dev", "--ip", host, "--port", port, "--local", "--persist-to", persistDir, "--var", `APP_URL:${baseUrl}`, "--var", "APP_ENV:development",
   "--var", "STRIPE_SECRET_KEY:sk_test_e2e", "--var", `STRIPE_WEBHOOK_SECRET:${stripe.secret}`, "--var", `STRIPE_PRICES:${stripe.prices}`, "--var", `STRIPE_API_BASE_URL:http://${host}:${stripe.port}`,
   "--show-interactive-dev-session=false"],
  { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
);
let serverLog = "";
const keep = (chunk) => {
  serverLog = (serverLog + chunk.toString()).slice(-20_000);
};
server.stdout.on("data", keep);
server.stderr.on("data", keep);
let serverExited = false;
server.on("exit", () => {
  serverExited = true;
});

function stopServer() {
  if (serverExited) return;
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
}

function cleanup() {
  stopServer();
  try {
    rmSync(persistDir, { recursive: true, force: true });
  } catch {
    /* best effort */
  }
}
process.on("SIGINT", () => {
  cleanup();
  process.exit(130);
});
process.on("SIGTERM", () => {
  cleanup();
  process.exit(143);
});

async function waitForHealth() {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (serverExited) break;
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`);
      if (res.ok) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

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
  if (!(await waitForHealth())) {
    console.error("✗ wrangler dev did not become healthy; its last output:\n" + serverLog);
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
      if (!r.ok) console.log(`  wrangler dev's last output:\n${serverLog.slice(-6_000).replace(/^/gm, "  | ")}`);
    }
  }
} finally {
  cleanup();
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
