// Starts the local dev server (scripts/lib/serve-worker.mjs: wrangler's dev
// API, as `npm start` runs it) on a throwaway local state directory (fresh D1
// with migrations applied), waits until it is healthy and returns how to reach
// and stop it. Used by the browser tests, the security probe and api:types.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
// (importing dev-worker.mjs turns wrangler's usage metrics off for the commands started here too)
import { ensureDevVars, root } from "./dev-worker.mjs";

/**
 * @param {{ port: string | number, vars?: Record<string, string>, env?: string, quiet?: boolean }} opts
 *   vars: plain-text bindings over wrangler.toml's (APP_URL follows the port); env: a wrangler environment name.
 */
export async function startLocalServer({ port, vars = {}, env: wranglerEnv, quiet = false }) {
  ensureDevVars();
  const host = "127.0.0.1";
  const baseUrl = `http://${host}:${port}`;
  const envArgs = wranglerEnv ? ["--env", wranglerEnv] : [];
  const persistDir = mkdtempSync(path.join(os.tmpdir(), "minichat-local-"));
  const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir, ...envArgs], {
    cwd: root,
    env: { ...process.env, CI: "1" },
    stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
  });
  if (migrate.status !== 0) {
    rmSync(persistDir, { recursive: true, force: true });
    throw new Error(`applying D1 migrations failed${quiet ? `: ${migrate.stderr}` : ""}`);
  }
  const options = { port: Number(port), host, persist: persistDir, vars: { APP_URL: baseUrl, ...vars }, ...(wranglerEnv ? { env: wranglerEnv } : {}) };
  const server = spawn(process.execPath, [path.join(root, "scripts/lib/serve-worker.mjs"), JSON.stringify(options)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  server.stdout.on("data", keep);
  server.stderr.on("data", keep);
  let exited = false;
  server.on("exit", () => {
    exited = true;
  });

  const stop = () => {
    if (!exited) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
    try {
      rmSync(persistDir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  };

  const deadline = Date.now() + 120_000;
  let healthy = false;
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`);
      if (res.ok) {
        healthy = true;
        break;
      }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { baseUrl, healthy, stop, log: () => log };
}
