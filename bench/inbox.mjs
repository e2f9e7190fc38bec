#!/usr/bin/env node
// Inbox-at-scale benchmark driver: runs bench/inbox.scale-test.ts inside workerd
// (local D1) and prints its figures; the last line is one JSON object.
//   npm run bench:inbox -- [--conversations 100000] [--messages 10] [--neighbours 9]
import { option, runInWorkerd } from "./lib/workerd-bench.mjs";

const scale = { conversations: Number(option("conversations", 10_000)), messages: Number(option("messages", 10)), neighbours: Number(option("neighbours", 9)) };
runInWorkerd({ EVAL_MODE: "inbox", EVAL_FILE: "bench/inbox.scale-test.ts", BENCH_SCALE: JSON.stringify(scale) }, (r) => {
  console.log(`seeded ${r.conversations} conversations / ${r.messages} messages in one workspace + ${r.neighbours} neighbours (${r.total_messages} messages) in ${r.seed_ms} ms`);
  console.log(`inbox list: p50 ${r.list_p50_ms} ms, p95 ${r.list_p95_ms} ms over ${r.list_requests} pages (target p95 ≤ 50 ms)`);
  console.log(`search:     p50 ${r.search_p50_ms} ms, p95 ${r.search_p95_ms} ms over ${r.search_requests} queries (target p95 ≤ 100 ms)`);
  console.log(`search p50 by query: ${Object.entries(r.search_p50_ms_by_query ?? {}).map(([q, ms]) => `"${q}" ${ms}`).join(", ")}`);
  console.log(JSON.stringify(r));
});
