#!/usr/bin/env node
// `wrangler deploy --dry-run`: bundles the Worker exactly as a deploy would and prints its size.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const outdir = path.join(root, ".wrangler/dry-run");
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
let raw = 0;
let gz = 0;
for (const f of readdirSync(outdir)) {
  if (!/\.(m?js|wasm)$/.test(f)) continue;
  const p = path.join(outdir, f);
  raw += statSync(p).size;
  gz += gzipSync(readFileSync(p)).length;
}
console.log(`Worker bundle: ${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzipped (limit 3 MiB free / 10 MiB paid, gzipped)`);
