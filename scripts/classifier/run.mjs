#!/usr/bin/env node
// Runs a classifier script (TypeScript) by bundling it with esbuild:
//   node scripts/classifier/run.mjs [--write-data]   train (scripts/classifier/train.ts)
//   node scripts/classifier/run.mjs bench            decision latency (scripts/classifier/bench.ts)
import { build } from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

// the Worker's lazily loaded modules (worker/lazy.ts) run from their sources here, as under vitest
const lazySources = {
  name: "lazy-sources",
  setup(b) {
    b.onResolve({ filter: /lazy-dist\/.+\.mjs$/ }, (args) => ({ path: path.join(root, "worker/lazy", path.basename(args.path).replace(/\.mjs$/, ".ts")) }));
  },
};
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = mkdtempSync(path.join(os.tmpdir(), "classifier-"));
const out = path.join(dir, "train.mjs");
await build({ entryPoints: [path.join(root, `scripts/classifier/${process.argv[2] === "bench" ? "bench" : "train"}.ts`)], bundle: true, platform: "node", format: "esm", outfile: out, logLevel: "error", plugins: [lazySources] });
process.chdir(root);
try {
  await import(pathToFileURL(out).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
