#!/usr/bin/env node
// Knowledge benchmark driver: runs bench/kb.bench-test.ts inside workerd and
// prints its figures; the last line is one JSON object.
//   npm run bench:kb -- [--corpus DIR] [--chunks N]
import path from "node:path";
import { option, root, runInWorkerd } from "./lib/workerd-bench.mjs";

const corpus = option("corpus") ? path.resolve(process.cwd(), option("corpus")) : path.resolve(root, "../shared/eval/helpcenter");
runInWorkerd({ EVAL_MODE: "bench", EVAL_CORPUS: corpus, BENCH_CHUNKS: option("chunks", "10000") }, (result) => {
  console.log(`ingestion: ${result.ingest_pages} pages (${result.ingest_chunks} chunks) in ${result.ingest_ms} ms = ${result.ingest_pages_per_second} pages/s`);
  console.log(`retrieval + offline answer over ${result.indexed_chunks} chunks: p50 ${result.answer_p50_ms} ms, p95 ${result.answer_p95_ms} ms (first call in a fresh isolate ${result.answer_cold_ms} ms, first call after an index change ${result.answer_after_change_ms} ms)`);
  for (const [q, t] of Object.entries(result.answer_by_question ?? {})) console.log(`  ${String(t.p50_ms).padStart(4)} ms median, ${String(t.max_ms).padStart(4)} ms slowest  ${q}`);
  console.log(`latent basis built over every passage in ${result.latent_build_ms} ms (a queue job; the index change that makes it due does not wait for it)`);
  console.log(JSON.stringify(result));
});
