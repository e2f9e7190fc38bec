#!/usr/bin/env node
// Knowledge-base evaluation: ingests a help center as one chatbot's knowledge
// once, asks every question of each chosen set through retrieval + the answer
// path, and prints per set: recall@k, MRR, escalation precision/recall/F1,
// faithfulness, the figures per group (answerable EN, answerable TH, each
// escalation reason) and per `kind`, and each miss. The last line is one JSON
// object: the first set's figures (the original keys plus `faithfulness`), the
// provider used, and every set's figures under `sets`.
//   npm run eval -- [--sets public,dev,test] [--questions FILE] [--corpus DIR]
//                   [--provider offline|workers-ai|openai-compatible] [--knobs JSON]
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const raw = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : undefined;
};
const file = (name, fallback) => (raw(name) ? path.resolve(process.cwd(), raw(name)) : fallback);
const corpus = file("corpus", path.resolve(root, "../shared/eval/helpcenter"));
const known = {
  public: path.resolve(root, "../shared/eval/questions.public.jsonl"),
  dev: path.join(root, "eval/questions.dev.jsonl"),
  test: path.join(root, "eval/questions.test.jsonl"),
};
const sets = raw("questions")
  ? [{ name: path.basename(raw("questions")).replace(/\.jsonl$/, ""), file: file("questions") }]
  : (raw("sets") ?? "public,dev,test").split(",").map((name) => {
      if (!known[name]) {
        console.error(`unknown set "${name}" (known: ${Object.keys(known).join(", ")}; or --questions FILE)`);
        process.exit(2);
      }
      return { name, file: known[name] };
    });
for (const s of sets) if (!fs.existsSync(s.file)) {
  console.error(`question set ${s.name} not found at ${s.file}`);
  process.exit(2);
}

// provider: only with its credentials; otherwise say so and run offline
let provider = raw("provider") ?? "offline";
const providerEnv = {};
if (provider === "workers-ai") {
  if (process.env.CLOUDFLARE_ACCOUNT_ID && process.env.CLOUDFLARE_API_TOKEN) {
    Object.assign(providerEnv, { EVAL_CF_ACCOUNT_ID: process.env.CLOUDFLARE_ACCOUNT_ID, EVAL_CF_API_TOKEN: process.env.CLOUDFLARE_API_TOKEN });
  } else {
    console.log("provider workers-ai: SKIPPED (CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN are not set); the figures below are offline");
    provider = "offline";
  }
} else if (provider === "openai-compatible") {
  const key = process.env.OPENAI_COMPATIBLE_API_KEY ?? process.env.OPENAI_API_KEY;
  if (key) {
    Object.assign(providerEnv, { EVAL_OPENAI_API_KEY: key, EVAL_OPENAI_BASE_URL: process.env.OPENAI_COMPATIBLE_BASE_URL ?? "" });
  } else {
    console.log("provider openai-compatible: SKIPPED (OPENAI_COMPATIBLE_API_KEY / OPENAI_API_KEY is not set); the figures below are offline");
    provider = "offline";
  }
} else if (provider !== "offline") {
  console.error(`unknown provider "${provider}" (offline, workers-ai, openai-compatible)`);
  process.exit(2);
}
const requested = raw("provider") ?? "offline";

const child = spawn(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.eval.config.ts", "--reporter=dot", "--silent=false"], {
  cwd: root,
  env: {
    ...process.env,
    EVAL_MODE: "eval",
    EVAL_CORPUS: corpus,
    EVAL_SETS: JSON.stringify(sets),
    EVAL_KNOBS: raw("knobs") ?? "{}",
    EVAL_PROVIDER: provider,
    EVAL_PROVIDER_BINDINGS: JSON.stringify({ ...providerEnv, EVAL_MODEL: process.env.EVAL_MODEL ?? "" }),
    WRANGLER_SEND_METRICS: "false",
  },
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
  const json = JSON.parse(result);
  if (requested !== provider) json.provider = `offline (${requested} skipped: no credentials)`;
  console.log(JSON.stringify(json));
  process.exit(0);
});
