#!/usr/bin/env node
// One command to run MiniChat locally: install dependencies if needed, write
// local secrets, apply D1 migrations, build the widget and dashboard, start
// wrangler's local dev server (local D1, R2, Durable Objects, Queues) and seed the demo
// workspace once. Local runs are `APP_ENV=development` (dev mailbox, demo seed);
// the deployed default in wrangler.toml is production.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { ensureDevVars, root, startDevWorker } from "./lib/dev-worker.mjs";

const port = process.env.PORT ?? "8787";
const host = "127.0.0.1";
/**
 * `--persist-to DIR`: keep the local D1, R2, Durable Objects and Queues state in DIR instead of
 * `.wrangler/state` (relative to where the command was typed: npm runs this from the project root).
 */
const persistAt = process.argv.indexOf("--persist-to");
const persistArg = persistAt >= 0 ? process.argv[persistAt + 1] : undefined;
if (persistAt >= 0 && (!persistArg || persistArg.startsWith("--"))) {
  console.error("✗ --persist-to needs a directory");
  process.exit(2);
}
const persist = persistArg ? path.resolve(process.env.INIT_CWD ?? process.cwd(), persistArg) : undefined;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  if (r.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(" ")} failed`);
    process.exit(r.status ?? 1);
  }
}

function dependenciesStale() {
  const marker = path.join(root, "node_modules/.package-lock.json");
  if (!existsSync(marker)) return true;
  return statSync(path.join(root, "package-lock.json")).mtimeMs > statSync(marker).mtimeMs;
}

if (dependenciesStale()) run("npm", ["ci", "--no-audit", "--no-fund"]);

ensureDevVars();

run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", ...(persist ? ["--persist-to", persist] : [])], { stdio: ["ignore", "inherit", "inherit"] });
if (!process.argv.includes("--no-build")) run("npm", ["run", "build", "--silent"]);

const base = `http://${host}:${port}`;
// APP_URL follows the port, so embed codes, mail links and the demo chatbot's allowed origin match;
// the inspector is off unless INSPECTOR_PORT asks for it (see scripts/lib/dev-worker.mjs)
const { inspector } = await startDevWorker({ port, host, persist, vars: { APP_URL: base, APP_ENV: "development" } });
if (inspector) console.log(`• DevTools inspector on ${host}:${inspector.port}`);

for (let i = 0; i < 240; i++) {
  try {
    const res = await fetch(`${base}/api/v1/health`);
    if (res.ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 500));
}

try {
  const res = await fetch(`${base}/api/v1/dev/seed`, { method: "POST" });
  const body = await res.json();
  if (!res.ok) throw new Error(JSON.stringify(body));
  console.log(`
  MiniChat is running at ${base}
    dashboard   ${base}/
    demo page   ${base}/demo
    API docs    ${base}/docs
    dev mailbox ${base}/dev/mail
  Demo login: ${body.owner.email} / ${body.owner.password}${body.created ? "" : " (already seeded)"}
`);
} catch (err) {
  console.error("✗ seeding the demo workspace failed:", err.message ?? err);
}
