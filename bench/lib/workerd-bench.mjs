// Runs a benchmark test file inside workerd (vitest with the eval config) and
// hands its BENCH_RESULT object to `report`; the caller prints the figures and
// the last line. Used by bench:kb, bench:inbox and bench:analytics.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** `--name value` from the command line, or `fallback`. */
export function option(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

export function runInWorkerd(env, report) {
  const child = spawn(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.eval.config.ts", "--reporter=dot"], {
    cwd: root,
    env: { ...process.env, ...env, WRANGLER_SEND_METRICS: "false" },
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
    report(JSON.parse(line.slice(line.indexOf("BENCH_RESULT ") + 13)));
  });
}
