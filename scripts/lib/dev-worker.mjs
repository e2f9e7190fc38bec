// Starts MiniChat's Worker on wrangler's local dev server (local D1, R2,
// Durable Objects, Queues) through wrangler's dev API: the one way every local
// run starts it — `npm start` in its own process, the browser tests, the
// security probe and `api:types` through `serve-worker.mjs` in a child.
//
// The runtime's DevTools inspector is off unless INSPECTOR_PORT names its
// port: attached, wrangler relays every subrequest (each D1 query, with its
// response body) to its own debug log, which costs more CPU per chat message
// than the message itself. `INSPECTOR_PORT=9229 npm start` to debug. (The
// `wrangler dev` command always attaches it.)
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");
// no usage metrics from wrangler: set on import, so the importing script's own
// wrangler commands (migrations), which inherit its environment, send none either
process.env.WRANGLER_SEND_METRICS = "false";

/** Local secrets: the dev server reads .dev.vars (gitignored); written once with fresh random values. */
export function ensureDevVars() {
  const devVars = path.join(root, ".dev.vars");
  if (existsSync(devVars)) return;
  writeFileSync(devVars, [`JWT_SECRET=${randomBytes(32).toString("hex")}`, `ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`, ""].join("\n"));
  console.log("• wrote local secrets to .dev.vars");
}

/**
 * @param {{ port: number | string, host?: string, vars?: Record<string, string>, env?: string, persist?: string, watch?: boolean }} opts
 *   vars: plain-text bindings over wrangler.toml's; env: a wrangler environment name;
 *   persist: the local state directory (default `.wrangler/state`); watch: reload on source changes.
 * Resolves once the server is ready. SIGINT and SIGTERM then dispose it (local
 * state flushed, workerd gone with it) and end the process.
 */
export async function startDevWorker({ port, host = "127.0.0.1", vars = {}, env, persist, watch = true }) {
  const inspector = process.env.INSPECTOR_PORT ? { hostname: host, port: Number(process.env.INSPECTOR_PORT) } : false;
  const { unstable_startWorker: startWorker } = await import("wrangler");
  const worker = await startWorker({
    config: path.join(root, "wrangler.toml"),
    ...(env ? { env } : {}),
    bindings: Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, { type: "plain_text", value: String(value) }])),
    dev: { server: { hostname: host, port: Number(port) }, inspector, remote: false, watch, ...(persist ? { persist } : {}) },
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.dispose().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await worker.ready;
  return { worker, inspector };
}
