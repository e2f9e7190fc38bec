import fs from "node:fs";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Knowledge-base evaluation: runs test/eval/*.eval.ts inside workerd with the
// corpus and questions passed as bindings (scripts/eval.mjs sets the paths).
function readCorpus(dir: string): { path: string; content: string }[] {
  const out: { path: string; content: string }[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(md|mdx|markdown|txt)$/i.test(entry.name) && !/^attribution\.md$/i.test(entry.name)) {
        out.push({ path: path.relative(dir, full).split(path.sep).join("/"), content: fs.readFileSync(full, "utf8") });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export default defineConfig(async () => {
  const root = import.meta.dirname;
  const migrations = await readD1Migrations(path.join(root, "migrations"));
  const corpusDir = path.resolve(root, process.env.EVAL_CORPUS ?? "../shared/eval/helpcenter");
  // question sets: [{name, file}] from scripts/eval.mjs (default: the public set)
  const sets: { name: string; file: string }[] = process.env.EVAL_SETS
    ? JSON.parse(process.env.EVAL_SETS)
    : [{ name: "public", file: path.resolve(root, process.env.EVAL_QUESTIONS ?? "../shared/eval/questions.public.jsonl") }];
  const mode = process.env.EVAL_MODE ?? "eval";
  return {
    plugins: [
      cloudflareTest({
        main: "./worker/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            APP_ENV: "test",
            JWT_SECRET: "test-jwt-secret-0123456789abcdef0123456789abcdef",
            ENCRYPTION_KEY: "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcy0hISE=",
            TEST_MIGRATIONS: migrations,
            EVAL_DOCS: JSON.stringify(mode === "eval" || mode === "bench" ? readCorpus(corpusDir) : []),
            EVAL_SETS: JSON.stringify(mode === "eval" ? sets.map((s) => ({ name: s.name, lines: fs.readFileSync(s.file, "utf8") })) : []),
            EVAL_KNOBS: process.env.EVAL_KNOBS ?? "{}",
            EVAL_PROVIDER: process.env.EVAL_PROVIDER ?? "offline",
            ...(JSON.parse(process.env.EVAL_PROVIDER_BINDINGS ?? "{}") as Record<string, string>),
            EVAL_BENCH_CHUNKS: process.env.BENCH_CHUNKS ?? "10000",
            BENCH_SCALE: process.env.BENCH_SCALE ?? "",
          },
        },
      }),
    ],
    // the lazily loaded modules (worker/lazy.ts) run from their sources, as in vitest.config.ts
    resolve: { alias: [{ find: /^\.\/lazy-dist\/(.+)\.mjs$/, replacement: path.join(root, "worker/lazy/$1.ts") }] },
    test: {
      include: [mode === "bench" ? "bench/**/*.bench-test.ts" : process.env.EVAL_FILE ?? "test/eval/helpcenter.eval.ts"],
      setupFiles: ["./test/setup.ts"],
      // seeding the inbox benchmark's 10 M messages takes longer than a quarter of an hour on a busy machine
      testTimeout: mode === "inbox" ? 7_200_000 : 900_000,
      hookTimeout: 900_000,
    },
  };
});
