#!/usr/bin/env node
// The whole test suite: workers-pool tests, the production build with its size
// budgets, a deploy dry run (prints the Worker bundle size), the security probe
// and the browser tests.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };

function step(title, cmd, args) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`\n✗ ${title} failed`);
    process.exit(r.status ?? 1);
  }
}

const marker = path.join(root, "node_modules/.package-lock.json");
if (!existsSync(marker) || statSync(path.join(root, "package-lock.json")).mtimeMs > statSync(marker).mtimeMs) {
  step("install dependencies", "npm", ["ci", "--no-audit", "--no-fund"]);
}

step("type check", "npx", ["tsc", "--noEmit", "-p", "."]);
step("workers tests (vitest in workerd)", "npx", ["vitest", "run"]);
step("build widget and dashboard (with size budgets)", "npm", ["run", "build", "--silent"]);
step("deploy dry run", "node", ["scripts/deploy-check.mjs"]);
step("security probe (the review's attack chains against wrangler dev)", "node", ["scripts/security-probe.mjs"]);
step("browser tests (Chromium against wrangler dev)", "node", ["test/e2e/run.mjs"]);
