#!/usr/bin/env node
// Knowledge benchmark driver: runs bench/kb.bench-test.ts inside workerd and
// prints its figures; the last line is one JSON object.
//   npm run bench:kb -- [--corpus DIR] [--chunks N]
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const corpus = opt("corpus") ? path.resolve(process.cwd(), opt("corpus")) : path.resolve(root, "../shared/eval/helpcenter");
const child = spawn(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.eval.config.ts", "--reporter=dot"], {
  cwd: root,
  env: { ...process.env, EVAL_MODE: "bench", EVAL_CORPUS: corpus, BENCH_CHUNKS: opt("chunks") ?? "10000", WRANGLER_SEND_METRICS: "false" },
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
  const result = JSON.parse(line.slice(line.indexOf("BENCH_RESULT ") + 13));
  console.log(`ingestion: ${result.ingest_pages} pages (${result.ingest_chunks} chunks) in ${result.ingest_ms} ms = ${result.ingest_pages_per_second} pages/s`);
  console.log(`retrieval + offline answer over ${result.indexed_chunks} chunks: p50 ${result.answer_p50_ms} ms, p95 ${result.answer_p95_ms} ms (first call in a fresh isolate ${result.answer_cold_ms} ms, first call after an index change ${result.answer_after_change_ms} ms)`);
  console.log(JSON.stringify(result));
});
