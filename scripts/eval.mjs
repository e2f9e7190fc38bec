#!/usr/bin/env node
// Knowledge-base evaluation: ingests a help center as one chatbot's knowledge,
// asks every question through retrieval + the answer path, prints recall@k,
// MRR, escalation precision/recall/F1 and each miss. The last line is one JSON
// object with the figures.
//   npm run eval -- [--corpus DIR] [--questions FILE]
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? path.resolve(process.cwd(), args[i + 1]) : fallback;
};
const corpus = opt("corpus", path.resolve(root, "../shared/eval/helpcenter"));
const questions = opt("questions", path.resolve(root, "../shared/eval/questions.public.jsonl"));

const child = spawn(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.eval.config.ts", "--reporter=dot", "--silent=false"], {
  cwd: root,
  env: { ...process.env, EVAL_MODE: "eval", EVAL_CORPUS: corpus, EVAL_QUESTIONS: questions, WRANGLER_SEND_METRICS: "false" },
  stdio: ["ignore", "pipe", "pipe"],
});
let out = "";
child.stdout.on("data", (d) => (out += d));
child.stderr.on("data", (d) => (out += d));
child.on("close", (code) => {
  const lines = out.split("\n");
  const report = lines.filter((l) => l.includes("EVAL| ")).map((l) => l.slice(l.indexOf("EVAL| ") + 6));
  const result = lines.map((l) => (l.includes("EVAL_RESULT ") ? l.slice(l.indexOf("EVAL_RESULT ") + 12) : null)).filter(Boolean).pop();
  if (!result) {
    console.error(out);
    console.error("evaluation did not produce a result");
    process.exit(code || 1);
  }
  for (const l of report) console.log(l);
  console.log(JSON.stringify(JSON.parse(result)));
  process.exit(0);
});
