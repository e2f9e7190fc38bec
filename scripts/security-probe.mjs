#!/usr/bin/env node
// The security probe: starts MiniChat locally the way `npm test` does (a fresh
// local state, development configuration) plus a second instance with the
// configuration a deploy gets (no overrides), replays the attack chains of the security review
// against them, prints one line per case and, last, one JSON object
// `{"cases":N,"passed":N,"failed":[...]}`. Exit code 1 when a case fails.
//
//   node scripts/security-probe.mjs [hole number or name part…]
//   PROBE_URL=http://127.0.0.1:8787 PROBE_PROD_URL=… node scripts/security-probe.mjs   (running instances)
import { startLocalServer } from "./lib/local-server.mjs";
import { cases } from "./probe/cases.mjs";

const filters = process.argv.slice(2).filter((a) => !a.startsWith("--"));
/** A number picks the hole ("7"), anything else a part of the case's name. */
const picks = (c, f) => (/^\d+$/.test(f) ? c.name.split(" ")[0] === f : c.name.includes(f));
const selected = cases.filter((c) => filters.length === 0 || filters.some((f) => picks(c, f)));
const port = Number(process.env.PROBE_PORT ?? 8796);

const servers = [];
const stopAll = () => servers.forEach((s) => s.stop());
process.on("SIGINT", () => (stopAll(), process.exit(130)));
process.on("SIGTERM", () => (stopAll(), process.exit(143)));

async function start(vars, label, p) {
  console.error(`▶ start ${label} instance on port ${p}`);
  const s = await startLocalServer({ port: p, vars, quiet: true });
  servers.push(s);
  if (!s.healthy) throw new Error(`${label} instance did not become healthy:\n${s.log()}`);
  return s.baseUrl;
}

let failed = [];
let passed = 0;
try {
  const baseUrl = process.env.PROBE_URL ?? (await start({ APP_ENV: "development" }, "development", port));
  const prodUrl = process.env.PROBE_PROD_URL ?? (await start({}, "deployed-configuration", port + 1));
  for (const c of selected) {
    const started = Date.now();
    try {
      await c.run({ baseUrl, prodUrl });
      passed++;
      console.log(`PASS ${c.name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed.push(c.name);
      console.log(`FAIL ${c.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
} catch (err) {
  console.log(`FAIL probe setup: ${err instanceof Error ? err.message : String(err)}`);
  failed = failed.length ? failed : ["setup"];
} finally {
  stopAll();
}

console.log(JSON.stringify({ cases: selected.length, passed, failed }));
process.exit(failed.length > 0 ? 1 : 0);
