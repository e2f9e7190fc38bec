// Starts `wrangler dev` on a throwaway local state directory (fresh D1 with
// migrations applied), waits until it is healthy and returns how to reach and
// stop it. Used by the browser tests and the security probe.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");
const baseEnv = { ...process.env, WRANGLER_SEND_METRICS: "false" };

/** Local secrets: wrangler dev reads .dev.vars (gitignored), created as `npm start` does. */
export function ensureDevVars() {
  const devVars = path.join(root, ".dev.vars");
  if (existsSync(devVars)) return;
  writeFileSync(devVars, [`JWT_SECRET=${randomBytes(32).toString("hex")}`, `ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`, ""].join("\n"));
  console.log("• wrote local secrets to .dev.vars");
}

/**
 * @param {{ port: string | number, vars?: Record<string, string>, env?: string, quiet?: boolean }} opts
 *   vars: `--var` overrides; env: a wrangler environment name (`--env`).
 */
export async function startLocalServer({ port, vars = {}, env: wranglerEnv, quiet = false }) {
  ensureDevVars();
  const host = "127.0.0.1";
  const baseUrl = `http://${host}:${port}`;
  const envArgs = wranglerEnv ? ["--env", wranglerEnv] : [];
  const persistDir = mkdtempSync(path.join(os.tmpdir(), "minichat-local-"));
  const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir, ...envArgs], {
    cwd: root,
    env: { ...baseEnv, CI: "1" },
    stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
  });
  if (migrate.status !== 0) {
    rmSync(persistDir, { recursive: true, force: true });
    throw new Error(`applying D1 migrations failed${quiet ? `: ${migrate.stderr}` : ""}`);
  }
  const varArgs = Object.entries({ APP_URL: baseUrl, ...vars }).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const server = spawn(
    "npx",
    ["wrangler", "dev", "--ip", host, "--port", String(port), "--local", "--persist-to", persistDir, ...envArgs, ...varArgs, "--show-interactive-dev-session=false"],
    { cwd: root, env: baseEnv, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
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
