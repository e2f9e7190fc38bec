#!/usr/bin/env node
// Analytics-at-scale benchmark driver: runs bench/analytics.scale-test.ts inside workerd
// (local D1) and prints p50/p95 per endpoint; the last line is one JSON object.
//   npm run bench:analytics -- [--conversations 100000] [--messages 10] [--neighbours 9] [--neighbour-conversations 10000]
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const conversations = opt("conversations", 100_000);
const scale = { conversations, messages: opt("messages", 10), neighbours: opt("neighbours", 9), neighbour_conversations: opt("neighbour-conversations", Math.round(conversations / 10)) };
const child = spawn(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.eval.config.ts", "--reporter=dot"], {
  cwd: root,
  env: { ...process.env, EVAL_MODE: "analytics", EVAL_FILE: "bench/analytics.scale-test.ts", BENCH_SCALE: JSON.stringify(scale), WRANGLER_SEND_METRICS: "false" },
  stdio: ["ignore", "pipe", "pipe"],
});
let out = "";
child.stdout.on("data", (d) => (out += d));
child.stderr.on("data", (d) => (out += d));
child.on("close", (code) => {
  const line = out.split("\n").filter((l) => l.includes("BENCH_RESULT ")).pop();
  if (!line) {
    console.error(out);
    console.error("benchmark did not produce a result");
    process.exit(code || 1);
  }
  const r = JSON.parse(line.slice(line.indexOf("BENCH_RESULT ") + 13));
  console.log(`seeded ${r.conversations} conversations / ${r.messages} messages (${r.events} events) in one workspace + ${r.neighbours} neighbours of ${r.neighbour_conversations} in ${r.seed_ms} ms`);
  for (const k of Object.keys(r).filter((k) => k.endsWith("_p50_ms"))) {
    const name = k.slice(0, -7);
    console.log(`${name.padEnd(20)} p50 ${r[k]} ms, p95 ${r[`${name}_p95_ms`]} ms (target p95 ≤ 200 ms)`);
  }
  console.log(JSON.stringify(r));
});
