#!/usr/bin/env node
// `wrangler deploy --dry-run`: bundles the Worker exactly as a deploy would, prints
// the size of every module and fails when the request path is over budget.
// The request path is the main module: what every request loads and parses. The
// lazily imported modules (worker/lazy.ts) are listed but not counted.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";

/** Main module, gzipped. */
const REQUEST_PATH_BUDGET_BYTES = 400 * 1024;

const root = path.resolve(import.meta.dirname, "..");
const outdir = path.join(root, ".wrangler/dry-run");
rmSync(outdir, { recursive: true, force: true });
const r = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir], {
  cwd: root,
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  stdio: ["ignore", "pipe", "inherit"],
  encoding: "utf8",
});
process.stdout.write(r.stdout);
if (r.status !== 0) process.exit(r.status ?? 1);
// The deployed configuration must be production: no dev routes, no dev mailbox.
if (!/APP_ENV \("production"\)/.test(r.stdout)) {
  console.error('✗ wrangler.toml must deploy with APP_ENV = "production" (local runs pass --var APP_ENV:development)');
  process.exit(1);
}

function modules(dir, prefix = "") {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return modules(p, `${prefix}${f}/`);
    return /\.(m?js|wasm)$/.test(f) ? [{ name: `${prefix}${f}`, path: p }] : [];
  });
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
let raw = 0;
let gz = 0;
let main = null;
console.log("\nWorker modules (raw / gzipped):");
for (const m of modules(outdir)) {
  const bytes = readFileSync(m.path);
  const z = gzipSync(bytes).length;
  raw += bytes.length;
  gz += z;
  const isMain = m.name === "index.js";
  if (isMain) main = { raw: bytes.length, gz: z };
  console.log(`  ${m.name.padEnd(32)} ${kib(bytes.length).padStart(12)} ${kib(z).padStart(12)}${isMain ? "  (request path)" : "  (loaded on first use)"}`);
}
console.log(`Worker bundle: ${kib(raw)} raw, ${kib(gz)} gzipped in all (limit 3 MiB free / 10 MiB paid, gzipped)`);
if (!main) {
  console.error("✗ no index.js in the dry-run output");
  process.exit(1);
}
const within = main.gz <= REQUEST_PATH_BUDGET_BYTES;
console.log(`Request path: ${kib(main.gz)} gzipped, budget ${kib(REQUEST_PATH_BUDGET_BYTES)} ${within ? "✓" : "✗ over budget"}`);
if (!within) process.exit(1);
