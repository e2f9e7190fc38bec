#!/usr/bin/env node
// Inbox-at-scale benchmark driver: runs bench/inbox.scale-test.ts inside workerd
// (local D1) and prints its figures; the last line is one JSON object.
//   npm run bench:inbox -- [--conversations 100000] [--messages 10] [--neighbours 9]
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const scale = { conversations: opt("conversations", 10_000), messages: opt("messages", 10), neighbours: opt("neighbours", 9) };
const child = spawn(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.eval.config.ts", "--reporter=dot"], {
  cwd: root,
  env: { ...process.env, EVAL_MODE: "inbox", EVAL_FILE: "bench/inbox.scale-test.ts", BENCH_SCALE: JSON.stringify(scale), WRANGLER_SEND_METRICS: "false" },
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
  console.log(`seeded ${r.conversations} conversations / ${r.messages} messages in one workspace + ${r.neighbours} neighbours (${r.total_messages} messages) in ${r.seed_ms} ms`);
  console.log(`inbox list: p50 ${r.list_p50_ms} ms, p95 ${r.list_p95_ms} ms over ${r.list_requests} pages (target p95 ≤ 50 ms)`);
  console.log(`search:     p50 ${r.search_p50_ms} ms, p95 ${r.search_p95_ms} ms over ${r.search_requests} queries (target p95 ≤ 100 ms)`);
  console.log(JSON.stringify(r));
});
