#!/usr/bin/env node
// Recomputes the analytics hourly rollups from the analytics events, with the
// same statement the API's rebuild runs (REBUILD_SQL in worker/analytics/rollup.ts),
// for every workspace or one:
//   npm run analytics:rebuild [-- --workspace <id>] [-- --remote]
// Local by default (the database `npm start` uses). Events not yet rolled up are
// left to the rollup job, which adds them when it runs.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const at = args.indexOf("--workspace");
const workspace = at >= 0 ? args[at + 1] : null;
if (workspace !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(workspace ?? "")) {
  console.error("--workspace needs a workspace id");
  process.exit(2);
}
// REBUILD_SQL is assembled from the measures' definitions: bundle the module and read it
const { build } = await import("esbuild");
const bundled = await build({ entryPoints: [path.join(root, "worker/analytics/rollup.ts")], bundle: true, write: false, format: "esm", platform: "neutral", logLevel: "silent" });
const { REBUILD_SQL } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString("base64")}`);
// every workspace: the same statements without the workspace condition
const sql = workspace
  ? REBUILD_SQL.replaceAll("?1", `'${workspace}'`)
  : REBUILD_SQL.replace(/(\w+\.)?workspace_id = \?1 AND /g, "").replace(/ WHERE (\w+\.)?workspace_id = \?1/g, "");
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
