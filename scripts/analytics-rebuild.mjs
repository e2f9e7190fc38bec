#!/usr/bin/env node
// Recomputes the analytics hourly rollups from the analytics events, with the
// same statement the API's rebuild runs (REBUILD_SQL in worker/analytics/rollup.ts),
// for every workspace or one:
//   npm run analytics:rebuild [-- --workspace <id>] [-- --remote]
// Local by default (the database `npm start` uses). Events not yet rolled up are
// left to the rollup job, which adds them when it runs.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const at = args.indexOf("--workspace");
const workspace = at >= 0 ? args[at + 1] : null;
if (workspace !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(workspace ?? "")) {
  console.error("--workspace needs a workspace id");
  process.exit(2);
}
const source = readFileSync(path.join(root, "worker/analytics/rollup.ts"), "utf8");
const match = source.match(/\/\* rebuild-sql \*\/ `([\s\S]*?)` \/\* end-rebuild-sql \*\//);
if (!match) {
  console.error("REBUILD_SQL not found in worker/analytics/rollup.ts");
  process.exit(1);
}
const sql = workspace
  ? match[1].replaceAll("?1", `'${workspace}'`)
  : match[1].replace("DELETE FROM analytics_hourly WHERE workspace_id = ?1", "DELETE FROM analytics_hourly").replace("workspace_id = ?1 AND ", "");
const where = args.includes("--remote") ? "--remote" : "--local";
const run = (command) =>
  spawnSync(process.execPath, [path.join(root, "node_modules/wrangler/bin/wrangler.js"), "d1", "execute", "DB", where, "--command", command], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    encoding: "utf8",
  });
const res = run(sql);
if (res.status !== 0) {
  console.error(res.stdout, res.stderr);
  process.exit(res.status ?? 1);
}
const count = run(`SELECT COUNT(*) AS rows, TOTAL(count) AS events FROM analytics_hourly${workspace ? ` WHERE workspace_id = '${workspace}'` : ""}`);
const figures = count.stdout.match(/"rows":\s*(\d+)[\s\S]*?"events":\s*([\d.]+)/);
console.log(`rebuilt the hourly rollups ${workspace ? `of ${workspace}` : "of every workspace"} (${where.slice(2)})`);
console.log(JSON.stringify({ workspace, rows: Number(figures?.[1] ?? 0), events: Number(figures?.[2] ?? 0) }));
