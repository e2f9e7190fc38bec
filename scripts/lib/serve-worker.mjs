#!/usr/bin/env node
// The local dev server as a command (what `wrangler dev` would be, without its
// DevTools inspector): `node scripts/lib/serve-worker.mjs '<options as JSON>'`,
// the options of startDevWorker. SIGINT/SIGTERM stop it (local state is flushed
// and workerd exits with it). Used by local-server.mjs.
import { startDevWorker } from "./dev-worker.mjs";

const options = JSON.parse(process.argv[2] ?? "{}");
await startDevWorker({ watch: false, ...options });
console.log(`ready on ${options.host ?? "127.0.0.1"}:${options.port}`);
