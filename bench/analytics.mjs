#!/usr/bin/env node
// Analytics-at-scale benchmark driver: runs bench/analytics.scale-test.ts inside workerd
// (local D1) and prints p50/p95 per endpoint; the last line is one JSON object.
//   npm run bench:analytics -- [--conversations 100000] [--messages 10] [--neighbours 9] [--neighbour-conversations 10000]
import { option, runInWorkerd } from "./lib/workerd-bench.mjs";

const conversations = Number(option("conversations", 100_000));
const scale = {
  conversations,
  messages: Number(option("messages", 10)),
  neighbours: Number(option("neighbours", 9)),
  neighbour_conversations: Number(option("neighbour-conversations", Math.round(conversations / 10))),
};
runInWorkerd({ EVAL_MODE: "analytics", EVAL_FILE: "bench/analytics.scale-test.ts", BENCH_SCALE: JSON.stringify(scale) }, (r) => {
  console.log(`seeded ${r.conversations} conversations / ${r.messages} messages (${r.events} events) in one workspace + ${r.neighbours} neighbours of ${r.neighbour_conversations} in ${r.seed_ms} ms`);
  for (const k of Object.keys(r).filter((k) => k.endsWith("_p50_ms"))) {
    const name = k.slice(0, -7);
    console.log(`${name.padEnd(20)} p50 ${r[k]} ms, p95 ${r[`${name}_p95_ms`]} ms (target p95 ≤ 200 ms)`);
  }
  console.log(`export job           ${r.export_rows} rows (${r.export_bytes} bytes) in ${r.export_seconds} s: ${r.export_rows_per_s} rows/s`);
  console.log(JSON.stringify(r));
});
