#!/usr/bin/env node
// `npm run bench:ws` — black-box WebSocket relay benchmark: MiniChat's
// ConversationDO path (widget session, visitor socket, agent socket, takeover)
// against a bare Durable Object relay (bench/ws/bare-do, one SQLite insert per
// message) and a minimal Express + Socket.IO relay (bench/ws/socketio-server.mjs),
// under the same workload on this machine. Progress goes to stderr; the results
// table to stdout, whose LAST line is one JSON object with every figure.
// Not part of `npm test`. `node bench/ws.mjs --help` lists the options.
import { spawn } from "node:child_process";
import { createHash, randomInt } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { io as ioClient } from "socket.io-client";

const HERE = path.join(path.dirname(fileURLToPath(import.meta.url)), "ws");
const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HOST = "127.0.0.1";
const RELAYS = ["minichat", "bare_do", "socketio"];

// ───────────────────────── options ─────────────────────────

const USAGE = `usage: npm run bench:ws --  [options]
  --project DIR           MiniChat checkout to run with \`PORT=<p> npm start\` (default: this one);
                          its node_modules/.bin/wrangler also runs the bare DO relay
  --url URL               use an already running MiniChat instead of starting one
  --n LIST                conversations per point (default 20,50,100)
  --seconds S             measured seconds per point (default 15)
  --warmup S              warm-up seconds per point, excluded (default 3)
  --drain S               how long messages may take after sending stops before they count as lost (default 5)
  --settle-max S          then wait up to S more for the backlog (reported as late), before closing (default 60)
  --closed-loop-seconds S single-conversation closed loop (default 10; 0 skips it)
  --relays LIST           subset of minichat,bare_do,socketio (default all)
  --agent-interval A-B    agent send interval, uniform, ms (default 50-100)
  --visitor-interval MS   visitor send interval per conversation, ms (default 7000)
  --ports A,B,C           MiniChat, bare DO, Socket.IO ports (default 8793,8794,8795)
  --build | --no-build    force or skip MiniChat's front-end build (default: skip when public/widget exists)
  --email E --password P --chatbot-key K --origin O
                          agent login, chatbot public key and an allowed Origin (default: from POST /api/v1/dev/seed)
  --concurrency C         parallel conversation setups (default 8)
  --no-resolve            leave MiniChat's bench conversations open (default: resolve them after each point)
  --start-timeout S       how long a relay server may take to come up (default 600)
  --max-minutes M         hard cap on the whole run (default 45)
  --state-dir DIR         where both Durable Object relays keep their local storage (D1, DOs), each in a new, empty
                          folder removed afterwards (default: the OS temp dir). Local workerd syncs every storage
                          commit to disk on the thread that runs the objects, so the disk's sync latency is part of
                          every message: a RAM disk takes it out and leaves the code's cost
  --log-dir DIR           server logs (default: a new folder under the OS temp dir)
  --keep-logs             keep wrangler's debug logs (they grow by ~2 KB per D1 query; deleted by default)`;

function parseArgs(argv) {
  const o = {
    project: PROJECT, url: null, n: [20, 50, 100], seconds: 15, warmup: 3, drain: 5, settleMax: 60, closedLoopSeconds: 10,
    relays: [...RELAYS], agentInterval: [50, 100], visitorInterval: 7000, ports: [8793, 8794, 8795], build: "auto",
    email: null, password: null, chatbotKey: null, origin: null, concurrency: 8, resolve: true, startTimeout: 600,
    maxMinutes: 45, logDir: null, keepLogs: false, stateDir: null,
  };
  const num = (v, name, min = 0) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x < min) throw new Error(`${name} must be a number >= ${min}`);
    return x;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const val = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case "--project": o.project = val(); break;
      case "--url": o.url = val().replace(/\/+$/, ""); break;
      case "--n": o.n = val().split(",").filter(Boolean).map((x) => Math.floor(num(x, "--n", 1))); break;
      case "--seconds": o.seconds = num(val(), "--seconds", 1); break;
      case "--warmup": o.warmup = num(val(), "--warmup", 0); break;
      case "--drain": o.drain = num(val(), "--drain", 0); break;
      case "--settle-max": o.settleMax = num(val(), "--settle-max", 0); break;
      case "--closed-loop-seconds": o.closedLoopSeconds = num(val(), "--closed-loop-seconds", 0); break;
      case "--relays": o.relays = val().split(",").filter(Boolean); break;
      case "--agent-interval": {
        const [lo, hi] = val().split("-").map((x) => num(x, "--agent-interval", 1));
        o.agentInterval = [lo, hi ?? lo];
        break;
      }
      case "--visitor-interval": o.visitorInterval = num(val(), "--visitor-interval", 100); break;
      case "--ports": o.ports = val().split(",").map((x) => Math.floor(num(x, "--ports", 1))); break;
      case "--build": o.build = "always"; break;
      case "--no-build": o.build = "never"; break;
      case "--email": o.email = val(); break;
      case "--password": o.password = val(); break;
      case "--chatbot-key": o.chatbotKey = val(); break;
      case "--origin": o.origin = val().replace(/\/+$/, ""); break;
      case "--concurrency": o.concurrency = Math.max(1, Math.floor(num(val(), "--concurrency", 1))); break;
      case "--no-resolve": o.resolve = false; break;
      case "--start-timeout": o.startTimeout = num(val(), "--start-timeout", 1); break;
      case "--max-minutes": o.maxMinutes = num(val(), "--max-minutes", 1); break;
      case "--log-dir": o.logDir = val(); break;
      case "--state-dir": o.stateDir = path.resolve(val()); break;
      case "--keep-logs": o.keepLogs = true; break;
      case "-h":
      case "--help": console.log(USAGE); process.exit(0);
      default: throw new Error(`unknown option ${a}\n${USAGE}`);
    }
  }
  for (const r of o.relays) if (!RELAYS.includes(r)) throw new Error(`--relays: unknown relay ${r} (known: ${RELAYS.join(", ")})`);
  if (o.ports.length !== 3) throw new Error("--ports needs three ports: MiniChat, bare DO, Socket.IO");
  if (o.agentInterval[1] < o.agentInterval[0]) throw new Error("--agent-interval: A-B with A <= B");
  if (o.n.length === 0 || o.n.length > 20 || o.n.some((x) => x > 2000)) throw new Error("--n: 1 to 20 points, each at most 2000");
  if (o.url) {
    const u = new URL(o.url);
    if (!["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)) throw new Error("--url must be on 127.0.0.1 (all bench traffic stays local)");
  }
  if (o.stateDir && !fs.existsSync(o.stateDir)) throw new Error(`--state-dir ${o.stateDir} does not exist`);
  o.project = path.resolve(o.project);
  return o;
}

// ───────────────────────── small helpers ─────────────────────────

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const log = (...a) => process.stderr.write(`[relay-bench ${new Date().toISOString().slice(11, 19)}] ${a.join(" ")}\n`);
const round = (x, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1];
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

/**
 * A port nobody listens on now (the OS picks it). Each wrangler gets its own
 * DevTools port this way: left to itself, wrangler probes 9229 upwards, and two
 * starting at the same moment (MiniChat and the bare DO here, or anyone else's
 * `wrangler dev` on the machine) can both pick the same one; the second one's
 * runtime then dies with "Address already in use".
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function portAnswers(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: HOST, port });
    const done = (v) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(1000, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

// ───────────────────────── child processes ─────────────────────────
// Every server runs in its own process group (detached), so stopping it stops
// everything it started (npm → node → wrangler → workerd). Only these groups are
// ever signalled, by their ids.

const children = new Set();
const openSockets = new Set();

function startChild(name, cmd, args, { cwd, env, logFile }) {
  const fd = fs.openSync(logFile, "a");
  let child;
  try {
    child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  const rec = { name, pid: child.pid, logFile, exited: false, exitInfo: null };
  rec.exitPromise = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      rec.exited = true;
      rec.exitInfo = { code, signal };
      resolve(rec.exitInfo);
    });
    child.once("error", (err) => {
      rec.exited = true;
      rec.exitInfo = { error: err.message };
      resolve(rec.exitInfo);
    });
  });
  if (!child.pid) throw new Error(`${name}: could not start ${cmd}`);
  children.add(rec);
  log(`started ${name} (process group ${child.pid}), log: ${logFile}`);
  return rec;
}

/** Live (non-zombie) members of a process group; falls back to kill(0) without /proc. */
function groupAlive(pgid) {
  try {
    const entries = fs.readdirSync("/proc");
    for (const e of entries) {
      if (!/^\d+$/.test(e)) continue;
      let stat;
      try {
        stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      } catch {
        continue;
      }
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // rest: state ppid pgrp ...
      if (Number(rest[2]) === pgid && rest[0] !== "Z" && rest[0] !== "X") return true;
    }
    return false;
  } catch {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch (err) {
      return err.code === "EPERM";
    }
  }
}

function signalGroup(pgid, sig) {
  try {
    process.kill(-pgid, sig);
  } catch {
    // already gone
  }
}

/** CPU time so far of each live process in a group: Map pid → { comm, ticks }. */
function groupCpuSample(pgid) {
  const m = new Map();
  if (!pgid) return m;
  let entries = [];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return m;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(")");
    const rest = stat.slice(close + 2).split(" ");
    if (Number(rest[2]) !== pgid) continue;
    m.set(e, { comm: stat.slice(stat.indexOf("(") + 1, close), ticks: Number(rest[11]) + Number(rest[12]) });
  }
  return m;
}

const USER_HZ = 100; // /proc reports CPU time in 1/100 s on Linux

function cpuDelta(a, b) {
  if (!a.size && !b.size) return null;
  const by = {};
  let total = 0;
  for (const [pid, x] of b) {
    const d = (x.ticks - (a.get(pid)?.ticks ?? 0)) / USER_HZ;
    if (d <= 0) continue;
    by[x.comm] = (by[x.comm] ?? 0) + d;
    total += d;
  }
  return { total_s: round(total), by_process: Object.fromEntries(Object.entries(by).map(([k, v]) => [k, round(v)])) };
}

async function stopChild(rec, graceMs = 10_000) {
  if (groupAlive(rec.pid)) {
    signalGroup(rec.pid, "SIGINT");
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && groupAlive(rec.pid)) await sleep(100);
    if (groupAlive(rec.pid)) {
      signalGroup(rec.pid, "SIGTERM");
      const d2 = Date.now() + 2000;
      while (Date.now() < d2 && groupAlive(rec.pid)) await sleep(100);
    }
    if (groupAlive(rec.pid)) signalGroup(rec.pid, "SIGKILL");
    log(`stopped ${rec.name} (process group ${rec.pid})`);
  }
  children.delete(rec);
}

let cleanupPromise = null;
function cleanup() {
  if (!cleanupPromise) {
    cleanupPromise = (async () => {
      for (const s of openSockets) {
        try {
          s.kill();
        } catch {
          // ignore
        }
      }
      openSockets.clear();
      for (const rec of [...children].reverse()) await stopChild(rec);
      for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
      // wrangler dev writes a debug log entry for every DevTools event of the worker (~4 per D1 query)
      for (const [name, dir] of Object.entries(debugLogDirs)) {
        if (!fs.existsSync(dir)) continue;
        try {
          debugLogBytes[name] = fs.readdirSync(dir).reduce((k, f) => k + fs.statSync(path.join(dir, f)).size, 0);
        } catch {
          // unreadable; leave it
        }
        if (!keepDebugLogs) fs.rmSync(dir, { recursive: true, force: true });
      }
    })();
  }
  return cleanupPromise;
}
const tempDirs = [];
const debugLogDirs = {};
const debugLogBytes = {};
let keepDebugLogs = false;

process.on("exit", () => {
  for (const rec of children) signalGroup(rec.pid, "SIGKILL");
});
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    log(`${sig}: stopping everything this run started`);
    cleanup().finally(() => process.exit(sig === "SIGINT" ? 130 : 143));
  });
}
process.on("uncaughtException", (err) => {
  log(`uncaught: ${err?.stack ?? err}`);
  cleanup().finally(() => process.exit(1));
});
process.on("unhandledRejection", (err) => {
  log(`unhandled rejection: ${err?.stack ?? err}`);
  cleanup().finally(() => process.exit(1));
});

async function waitHttpOk(url, { timeoutMs, rec, what }) {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; Date.now() < deadline && i < 100_000; i++) {
    if (rec?.exited) throw new Error(`${what} exited before answering (${JSON.stringify(rec.exitInfo)}); see ${rec.logFile}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(500);
  }
  throw new Error(`${what} did not answer ${url} within ${Math.round(timeoutMs / 1000)} s${rec ? `; see ${rec.logFile}` : ""}`);
}

async function waitLogLine(file, re, { timeoutMs, rec }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (rec?.exited) return false;
    try {
      if (re.test(fs.readFileSync(file, "utf8"))) return true;
    } catch {
      // not written yet
    }
    await sleep(250);
  }
  return false;
}

// ───────────────────────── HTTP ─────────────────────────

async function http(base, method, p, { body, headers = {}, timeoutMs = 30_000 } = {}) {
  const res = await fetch(base + p, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let data = text;
  try {
    data = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, data, headers: res.headers };
}

function httpError(what, r) {
  const e = typeof r.data === "object" && r.data?.error ? `${r.data.error.code}: ${r.data.error.message}` : String(r.data).slice(0, 200);
  const err = new Error(`${what} → HTTP ${r.status} ${e}`);
  err.status = r.status;
  err.code = r.data?.error?.code;
  err.retryAfter = r.headers.get("retry-after");
  return err;
}

// ───────────────────────── servers ─────────────────────────

async function startMiniChat(o, logDir) {
  const port = o.ports[0];
  if (o.url) {
    await waitHttpOk(`${o.url}/api/v1/health`, { timeoutMs: 15_000, what: "MiniChat at --url" });
    return { base: o.url, rec: null };
  }
  if (!fs.existsSync(path.join(o.project, "package.json")) || !fs.existsSync(path.join(o.project, "scripts/dev.mjs"))) {
    throw new Error(`--project ${o.project} is not a MiniChat checkout (no package.json / scripts/dev.mjs); pass --project DIR or --url URL`);
  }
  if (await portAnswers(port)) throw new Error(`port ${port} is already in use; stop that server or pass --url http://${HOST}:${port}`);
  const noBuild = o.build === "never" || (o.build === "auto" && fs.existsSync(path.join(o.project, "public/widget")));
  const logFile = path.join(logDir, "minichat.log");
  // new, empty storage like the bare relay's: the same starting point for both, and the project's own local data left alone
  const persist = fs.mkdtempSync(path.join(o.stateDir ?? os.tmpdir(), "relay-minichat-state-"));
  tempDirs.push(persist);
  const args = [...(noBuild ? ["--no-build"] : []), "--persist-to", persist];
  const rec = startChild("minichat", "npm", ["start", "--", ...args], {
    cwd: o.project,
    env: { ...process.env, PORT: String(port), WRANGLER_SEND_METRICS: "false", CI: "true", WRANGLER_LOG_PATH: (debugLogDirs.minichat = path.join(logDir, "wrangler-debug-minichat")) },
    logFile,
  });
  log(`MiniChat: npm start -- ${args.join(" ")} in ${o.project} on port ${port}`);
  const base = `http://${HOST}:${port}`;
  await waitHttpOk(`${base}/api/v1/health`, { timeoutMs: o.startTimeout * 1000, rec, what: "MiniChat" });
  // npm start seeds the demo workspace right after health; let it finish before seeding again
  await waitLogLine(logFile, /MiniChat is running at|seeding the demo workspace failed/, { timeoutMs: 60_000, rec });
  return { base, rec };
}

async function startBareDo(o, logDir) {
  const port = o.ports[1];
  const wrangler = path.join(o.project, "node_modules/.bin/wrangler");
  if (!fs.existsSync(wrangler)) throw new Error(`no wrangler at ${wrangler}: the bare DO relay runs with the project's own wrangler (pass --project DIR with node_modules installed)`);
  if (await portAnswers(port)) throw new Error(`port ${port} is already in use`);
  const persist = fs.mkdtempSync(path.join(o.stateDir ?? os.tmpdir(), "relay-bare-do-state-"));
  tempDirs.push(persist);
  const base = `http://${HOST}:${port}`;
  // A port taken between choosing it and binding it makes the runtime exit at once, and under heavy
  // machine load a start sometimes stalls right after "Unable to fetch the Request.cf object" and never
  // gets to "Starting local server" (cause not found): either way stop it and try again, up to 3 times.
  const perAttemptMs = Math.min(o.startTimeout, 90) * 1000;
  for (let attempt = 1; ; attempt++) {
    const inspector = await freePort();
    const rec = startChild("bare_do", wrangler, ["dev", "--port", String(port), "--ip", HOST, "--inspector-port", String(inspector), "--persist-to", persist], {
      cwd: path.join(HERE, "bare-do"),
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", WRANGLER_LOG_PATH: (debugLogDirs.bare_do = path.join(logDir, "wrangler-debug-bare-do")) },
      logFile: path.join(logDir, "bare-do.log"),
    });
    try {
      await waitHttpOk(`${base}/health`, { timeoutMs: perAttemptMs, rec, what: "bare DO relay" });
      return { base, rec };
    } catch (err) {
      const clash = rec.exited && /Address already in use/.test(fs.readFileSync(rec.logFile, "utf8"));
      if (attempt >= 3 || (rec.exited && !clash)) throw err;
      log(`bare DO relay: ${clash ? `its DevTools port ${inspector} was taken meanwhile` : `no answer within ${Math.round(perAttemptMs / 1000)} s`}; starting again`);
      await stopChild(rec);
    }
  }
}

async function startSocketIo(o, logDir) {
  const port = o.ports[2];
  if (await portAnswers(port)) throw new Error(`port ${port} is already in use`);
  const rec = startChild("socketio", process.execPath, [path.join(HERE, "socketio-server.mjs"), String(port)], {
    cwd: HERE,
    env: { ...process.env },
    logFile: path.join(logDir, "socketio.log"),
  });
  const base = `http://${HOST}:${port}`;
  await waitHttpOk(`${base}/health`, { timeoutMs: 30_000, rec, what: "Socket.IO relay" });
  return { base, rec };
}

// ───────────────────────── sockets ─────────────────────────

/** A ws client socket, tracked for cleanup. Resolves once `ready(frame)` says so (or on open). */
function openWs(url, protocols, headers, { ready = null, timeoutMs = 20_000, onFrame }) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers, perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const handle = { kind: "ws", ws, kill: () => ws.terminate(), closedUnexpectedly: false, closing: false };
    openSockets.add(handle);
    let settled = false;
    const t = setTimeout(() => fail(new Error(`${url}: not ready within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(t);
      ws.terminate();
      openSockets.delete(handle);
      reject(err);
    };
    const ok = () => {
      if (settled) return;
      settled = true;
      clearTimeout(t);
      resolve(handle);
    };
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => fail(new Error(`${url.replace(/\?.*/, "")}: HTTP ${res.statusCode} ${body.slice(0, 200)}`)));
    });
    ws.on("error", (err) => fail(err));
    ws.on("open", () => {
      if (!ready) ok();
    });
    ws.on("message", (data) => {
      const t0 = now();
      if (!settled && ready) {
        let f = null;
        try {
          f = JSON.parse(String(data));
        } catch {
          // not JSON
        }
        if (ready(f)) ok();
        return;
      }
      onFrame(data, t0);
    });
    ws.on("close", () => {
      openSockets.delete(handle);
      if (!handle.closing) handle.closedUnexpectedly = true;
      fail(new Error(`${url.replace(/\?.*/, "")}: closed before ready`));
    });
    handle.send = (s) => ws.send(s);
    handle.close = () => {
      handle.closing = true;
      try {
        ws.close(1000, "bench done");
      } catch {
        ws.terminate();
      }
      openSockets.delete(handle);
    };
  });
}

function openSio(base, auth, { timeoutMs = 20_000, onFrame }) {
  return new Promise((resolve, reject) => {
    const s = ioClient(base, { transports: ["websocket"], auth, reconnection: false, forceNew: true, timeout: timeoutMs, perMessageDeflate: false });
    const handle = { kind: "sio", s, kill: () => s.disconnect(), closedUnexpectedly: false, closing: false };
    openSockets.add(handle);
    let settled = false;
    const t = setTimeout(() => fail(new Error(`socket.io ${JSON.stringify(auth)}: not connected within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(t);
      s.disconnect();
      openSockets.delete(handle);
      reject(err);
    };
    s.on("connect", () => {
      if (settled) return;
      settled = true;
      clearTimeout(t);
      resolve(handle);
    });
    s.on("connect_error", (err) => fail(err));
    s.on("m", (frame) => onFrame(frame, now()));
    s.on("disconnect", () => {
      openSockets.delete(handle);
      if (!handle.closing) handle.closedUnexpectedly = true;
    });
    handle.send = (frame) => s.emit("m", frame);
    handle.close = () => {
      handle.closing = true;
      s.disconnect();
      openSockets.delete(handle);
    };
  });
}

// ───────────────────────── relay adapters ─────────────────────────
// A pair is one conversation: a visitor socket and an agent socket.
// pair.sendAgent(id) / pair.sendVisitor(id) send a message whose text is `id`;
// the adapter calls pair.onVisitorText(id, t) / pair.onAgentText(id, t) when the
// other side receives it, and pair.onError(code) for error frames.

const frameOf = (id) => JSON.stringify({ type: "message:send", client_id: id, text: id });

function newPair() {
  return { onVisitorText: () => {}, onAgentText: () => {}, onError: () => {}, onAck: () => {}, sockets: [] };
}

class MiniChatRelay {
  constructor(o, base) {
    this.o = o;
    this.base = base;
    this.name = "minichat";
    this.ipBase = randomInt(0, 120_000); // synthetic visitor addresses in 198.18.0.0/15 (RFC 2544 benchmarking range)
    this.ipNext = 0;
    this.notes = [];
  }

  async init() {
    const o = this.o;
    let creds = { email: o.email, password: o.password, chatbotKey: o.chatbotKey };
    if (!creds.email || !creds.password || !creds.chatbotKey) {
      const r = await http(this.base, "POST", "/api/v1/dev/seed");
      if (r.status !== 200 && r.status !== 201) throw httpError("POST /api/v1/dev/seed (pass --email/--password/--chatbot-key for a non-dev instance)", r);
      creds = {
        email: creds.email ?? r.data.owner.email,
        password: creds.password ?? r.data.owner.password,
        chatbotKey: creds.chatbotKey ?? r.data.chatbot.public_key,
      };
      this.workspaceId = r.data.workspace_id;
    }
    this.creds = creds;
    // an allowed Origin: the instance's own origin (APP_URL follows PORT), else the seed's fixed dev origin
    const candidates = o.origin ? [o.origin] : [new URL(this.base).origin, "http://127.0.0.1:8787", "http://localhost:8787"];
    for (const origin of candidates) {
      const r = await http(this.base, "POST", "/api/v1/widget/session", {
        body: { chatbot_key: creds.chatbotKey, page: { url: `${origin}/relay-bench` } },
        headers: { origin, "cf-connecting-ip": this.nextIp() },
      });
      if (r.status === 200) {
        this.origin = origin;
        break;
      }
      if (r.status !== 403) throw httpError("POST /api/v1/widget/session", r);
    }
    if (!this.origin) throw new Error(`no allowed Origin among ${candidates.join(", ")}; pass --origin`);
    await this.auth();
  }

  nextIp() {
    const k = this.ipBase + this.ipNext++;
    return `198.${18 + (k >> 16)}.${(k >> 8) & 255}.${k & 255}`;
  }

  /** Only for a server given with --url: one the bench starts has new storage, where no earlier token exists. */
  sessionCacheFile() {
    if (!this.o.url) return null;
    const key = createHash("sha256").update(`${this.base}|${this.creds.email}`).digest("hex").slice(0, 16);
    return path.join(os.tmpdir(), "minichat-relay-bench", `session-${key}.json`);
  }

  /** Agent tokens: this run's or the cached refresh token first (sign-in is limited to 5 per 15 minutes per email), else a login. */
  async auth() {
    const file = this.sessionCacheFile();
    let cached = null;
    try {
      if (file) cached = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
      // none yet
    }
    let tokens = null;
    const refreshToken = this.refresh ?? cached?.refresh_token;
    if (refreshToken) {
      const r = await http(this.base, "POST", "/api/v1/auth/refresh", { body: { refresh_token: refreshToken } });
      if (r.status === 200) tokens = r.data;
    }
    if (!tokens) {
      // a client address of its own, so sign-ins by other local tools don't count against this one
      const r = await http(this.base, "POST", "/api/v1/auth/login", { body: { email: this.creds.email, password: this.creds.password }, headers: { "cf-connecting-ip": this.nextIp() } });
      if (r.status === 429) {
        const e = httpError("POST /api/v1/auth/login (5 sign-ins per 15 minutes per email and per IP)", r);
        e.message += `; retry after ${r.headers.get("retry-after")} s`;
        throw e;
      }
      if (r.status !== 200) throw httpError("POST /api/v1/auth/login", r);
      tokens = r.data;
      this.notes.push("signed in with POST /api/v1/auth/login");
    } else {
      this.notes.push("refreshed the session (POST /api/v1/auth/refresh)");
    }
    this.access = tokens.access_token;
    this.refresh = tokens.refresh_token;
    this.tokenAt = Date.now();
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, JSON.stringify({ base: this.base, refresh_token: this.refresh }), { mode: 0o600 });
  }

  async freshAccess() {
    if (Date.now() - this.tokenAt > 10 * 60_000) await this.auth(); // access tokens live 15 minutes
    return this.access;
  }

  async openPair(tag) {
    const base = this.base;
    const origin = this.origin;
    const ip = this.nextIp();
    const access = await this.freshAccess();
    const vh = { origin, "cf-connecting-ip": ip };
    const s = await http(base, "POST", "/api/v1/widget/session", { body: { chatbot_key: this.creds.chatbotKey, page: { url: `${origin}/relay-bench` } }, headers: vh });
    if (s.status !== 200) throw httpError("POST /api/v1/widget/session", s);
    const vt = s.data.visitor_token;
    const c = await http(base, "POST", "/api/v1/widget/conversations", { body: { pre_chat: { name: `Bench ${tag}` } }, headers: { ...vh, authorization: `Bearer ${vt}` } });
    if (c.status !== 201) throw httpError("POST /api/v1/widget/conversations", c);
    const id = c.data.id;
    const pair = newPair();
    pair.id = id;
    const wsBase = base.replace(/^http/, "ws");
    const helloReady = (f) => f?.type === "hello";
    const visitor = await openWs(`${wsBase}/api/v1/widget/conversations/${id}/ws`, ["minichat.v1", `bearer.${vt}`], vh, {
      ready: helloReady,
      onFrame: (data, t) => {
        const f = JSON.parse(String(data));
        if (f.type === "message:receive") {
          if (f.message.role === "agent") pair.onVisitorText(f.message.text, t);
        } else if (f.type === "error") pair.onError(`visitor:${f.code}`);
      },
    });
    pair.sockets.push(visitor);
    const agent = await openWs(`${wsBase}/api/v1/conversations/${id}/ws`, ["minichat.v1", `bearer.${access}`], {}, {
      ready: helloReady,
      onFrame: (data, t) => {
        const f = JSON.parse(String(data));
        if (f.type === "message:receive") {
          if (f.message.role === "visitor") pair.onAgentText(f.message.text, t);
        } else if (f.type === "message:ack") pair.onAck(t);
        else if (f.type === "error") pair.onError(`agent:${f.code}`);
      },
    });
    pair.sockets.push(agent);
    const t = await http(base, "POST", `/api/v1/conversations/${id}/takeover`, { headers: { authorization: `Bearer ${access}` } });
    if (t.status !== 200) throw httpError(`POST /api/v1/conversations/${id}/takeover`, t);
    if (t.data.mode !== "human") throw new Error(`takeover left mode=${t.data.mode}`);
    pair.sendAgent = (mid) => agent.send(frameOf(mid));
    pair.sendVisitor = (mid) => visitor.send(frameOf(mid));
    return pair;
  }

  async closePairs(pairs) {
    for (const p of pairs) for (const s of p.sockets) s.close();
    if (!this.o.resolve) return;
    const access = await this.freshAccess();
    const deadline = Date.now() + 60_000;
    await mapLimit(pairs, this.o.concurrency, async (p) => {
      if (Date.now() > deadline) return;
      try {
        await http(this.base, "POST", `/api/v1/conversations/${p.id}/resolve`, { body: {}, headers: { authorization: `Bearer ${access}` }, timeoutMs: 10_000 });
      } catch {
        // tidying only
      }
    });
  }
}

class BareDoRelay {
  constructor(o, base) {
    this.o = o;
    this.base = base;
    this.name = "bare_do";
    this.run = `r${Date.now().toString(36)}`;
  }

  async init() {}

  async openPair(tag) {
    const pair = newPair();
    const conv = `${this.run}-${tag}`.replace(/[^A-Za-z0-9_-]/g, "_");
    const wsBase = this.base.replace(/^http/, "ws");
    const onText = (cb) => (data, t) => cb(JSON.parse(String(data)).text, t);
    const visitor = await openWs(`${wsBase}/ws/${conv}?role=visitor`, [], {}, { onFrame: onText((x, t) => pair.onVisitorText(x, t)) });
    pair.sockets.push(visitor);
    const agent = await openWs(`${wsBase}/ws/${conv}?role=agent`, [], {}, { onFrame: onText((x, t) => pair.onAgentText(x, t)) });
    pair.sockets.push(agent);
    pair.sendAgent = (mid) => agent.send(frameOf(mid));
    pair.sendVisitor = (mid) => visitor.send(frameOf(mid));
    return pair;
  }

  async closePairs(pairs) {
    for (const p of pairs) for (const s of p.sockets) s.close();
  }
}

class SocketIoRelay {
  constructor(o, base) {
    this.o = o;
    this.base = base;
    this.name = "socketio";
    this.run = `r${Date.now().toString(36)}`;
  }

  async init() {}

  async openPair(tag) {
    const pair = newPair();
    const conv = `${this.run}-${tag}`.replace(/[^A-Za-z0-9_-]/g, "_");
    const visitor = await openSio(this.base, { conv, role: "visitor" }, { onFrame: (f, t) => pair.onVisitorText(JSON.parse(f).text, t) });
    pair.sockets.push(visitor);
    const agent = await openSio(this.base, { conv, role: "agent" }, { onFrame: (f, t) => pair.onAgentText(JSON.parse(f).text, t) });
    pair.sockets.push(agent);
    pair.sendAgent = (mid) => agent.send(frameOf(mid));
    pair.sendVisitor = (mid) => visitor.send(frameOf(mid));
    return pair;
  }

  async closePairs(pairs) {
    for (const p of pairs) for (const s of p.sockets) s.close();
  }
}

// ───────────────────────── workload ─────────────────────────

function summarize(records, seconds) {
  const lat = [];
  let sent = 0;
  let lost = 0;
  let dup = 0;
  for (const r of records) {
    sent++;
    if (r.n === 0) lost++;
    else {
      lat.push(r.t1 - r.t0);
      dup += r.n - 1;
    }
  }
  lat.sort((a, b) => a - b);
  const mean = lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : null;
  return {
    p50: round(percentile(lat, 0.5)),
    p95: round(percentile(lat, 0.95)),
    p99: round(percentile(lat, 0.99)),
    max: round(lat.length ? lat[lat.length - 1] : null),
    mean: round(mean),
    msgs_per_s: round(lat.length / seconds, 1),
    sent,
    delivered: lat.length,
    lost,
    dup,
  };
}

async function openPairs(relay, n, tagPrefix, concurrency) {
  const t0 = now();
  const pairs = [];
  try {
    await mapLimit(Array.from({ length: n }, (_, i) => i), concurrency, async (i) => {
      let lastErr;
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          pairs.push(await relay.openPair(`${tagPrefix}c${i}`));
          return;
        } catch (err) {
          lastErr = err;
          if (err.status === 429) break; // a limit, not a hiccup
          await sleep(500 * (attempt + 1));
        }
      }
      throw lastErr;
    });
  } catch (err) {
    await relay.closePairs(pairs).catch(() => {});
    throw err;
  }
  return { pairs, setupS: (now() - t0) / 1000 };
}

/**
 * Waits until the relay's server processes use under a quarter of a core for two
 * seconds in a row (at most 120 s), so one relay's backlog does not leak into the
 * next measurement. Null when the bench did not start the server (--url).
 */
async function quiesce(relay, maxMs = 120_000) {
  if (!relay.pgid) return null;
  const t0 = now();
  let calm = 0;
  let prev = groupCpuSample(relay.pgid);
  for (let i = 0; i < 600 && now() - t0 < maxMs; i++) {
    await sleep(1000);
    const cur = groupCpuSample(relay.pgid);
    const d = cpuDelta(prev, cur);
    prev = cur;
    if ((d?.total_s ?? 0) < 0.25) {
      if (++calm >= 2) break;
    } else calm = 0;
  }
  if (calm < 2) log(`${relay.name}: server still busy after ${Math.round(maxMs / 1000)} s; the next measurement may be disturbed`);
  return round((now() - t0) / 1000, 1);
}

/**
 * Open loop: every agent sends every U(a, b) ms (unless `agents` is false), every
 * visitor every `visitorInterval` ms (first at a random offset). Messages sent during
 * the warm-up are not counted. After sending stops, counted messages have `drain`
 * seconds to arrive (else they are lost); then up to 30 s more to let a backlog
 * settle before the next measurement (arrivals then are reported as late).
 */
async function runPoint(o, relay, n, tag, { agents = true } = {}) {
  const { pairs, setupS } = await openPairs(relay, n, tag, o.concurrency);
  log(`${relay.name} N=${n}${agents ? "" : " (visitors only)"}: ${pairs.length} conversations ready in ${setupS.toFixed(1)} s`);
  const sent = new Map();
  const errors = {};
  let unknown = 0;
  let lastRecvAt = now();
  const timers = new Set();
  const [aLo, aHi] = o.agentInterval;
  const tStart = now();
  const tMeasure = tStart + o.warmup * 1000;
  const tStop = tMeasure + o.seconds * 1000;
  const maxPerPair = Math.ceil(((o.warmup + o.seconds) * 1000) / Math.min(aLo, o.visitorInterval)) + 2;
  let seq = 0;
  const recv = (id, t) => {
    lastRecvAt = t;
    const r = sent.get(id);
    if (!r) {
      unknown++;
      return;
    }
    if (r.n++ === 0) r.t1 = t;
  };
  const later = (ms, fn) => {
    const h = setTimeout(() => {
      timers.delete(h);
      fn();
    }, ms);
    timers.add(h);
  };
  const sendOne = (pair, dir, id, t) => {
    sent.set(id, { t0: now(), n: 0, t1: 0, dir, counted: t >= tMeasure });
    try {
      if (dir === "a2v") pair.sendAgent(id);
      else pair.sendVisitor(id);
    } catch {
      errors.send_failed = (errors.send_failed ?? 0) + 1;
    }
  };
  let acks = 0;
  pairs.forEach((pair, i) => {
    pair.lastToVisitor = 0;
    pair.lastAck = 0;
    pair.onVisitorText = (id, t) => {
      pair.lastToVisitor = t;
      recv(id, t);
    };
    pair.onAgentText = recv;
    pair.onAck = (t) => {
      acks++;
      pair.lastAck = t;
    };
    pair.onError = (code) => (errors[code] = (errors[code] ?? 0) + 1);
    if (agents) {
      let aCount = 0;
      const agentTick = () => {
        const t = now();
        if (t >= tStop || aCount >= maxPerPair) return;
        sendOne(pair, "a2v", `${tag}${i}a${aCount++}x${seq++}`, t);
        later(aLo + Math.random() * (aHi - aLo), agentTick);
      };
      later(aLo + Math.random() * (aHi - aLo), agentTick);
    }
    let vCount = 0;
    let vNext = tStart + Math.random() * o.visitorInterval;
    const visitorTick = () => {
      const t = now();
      if (t >= tStop || vCount >= maxPerPair) return;
      sendOne(pair, "v2a", `${tag}${i}v${vCount++}x${seq++}`, t);
      vNext += o.visitorInterval;
      later(Math.max(0, vNext - now()), visitorTick);
    };
    later(Math.max(0, vNext - now()), visitorTick);
  });
  const cpu0 = groupCpuSample(relay.pgid);
  await sleep(Math.max(0, tStop - now()) + 20);
  for (const h of timers) clearTimeout(h);
  timers.clear();
  // drain: wait for counted messages still in flight, at most o.drain seconds
  const drainDeadline = now() + o.drain * 1000;
  const counted = [...sent.values()].filter((r) => r.counted);
  while (now() < drainDeadline && counted.some((r) => r.n === 0)) await sleep(50);
  const a2v = summarize(counted.filter((r) => r.dir === "a2v"), o.seconds);
  const v2a = summarize(counted.filter((r) => r.dir === "v2a"), o.seconds);
  const v2aLat = counted.filter((r) => r.dir === "v2a" && r.n > 0).map((r) => r.t1 - r.t0);
  // a conversation whose visitor got nothing in the last 2 s of sending (while its agent kept sending) has stalled
  const stalled = agents ? pairs.filter((p) => p.lastToVisitor < tStop - 2000).length : null;
  const ackStalled = agents && acks > 0 ? pairs.filter((p) => p.lastAck < tStop - 2000).length : null;
  // settle: wait for the rest of the backlog (bounded; gives up after 20 s without any arrival)
  const settleStart = now();
  const all = [...sent.values()];
  while (now() - settleStart < o.settleMax * 1000 && all.some((r) => r.n === 0) && now() - lastRecvAt < 20_000) await sleep(100);
  const late = counted.filter((r) => r.n > 0 && r.t1 > drainDeadline).length;
  const missing = counted.filter((r) => r.n === 0).length;
  // duplicates are counted once everything that will arrive has arrived
  const dupOf = (dir) => counted.reduce((k, r) => k + (r.dir === dir && r.n > 1 ? r.n - 1 : 0), 0);
  a2v.dup = dupOf("a2v");
  v2a.dup = dupOf("v2a");
  // latency of every counted agent → visitor message once the backlog settled (late ones included);
  // a percentile that falls among the still-missing messages is null
  const eventual = (() => {
    const xs = counted.filter((r) => r.dir === "a2v");
    const lat = xs.filter((r) => r.n > 0).map((r) => r.t1 - r.t0).sort((a, b) => a - b);
    const at = (p) => {
      const rank = Math.max(1, Math.ceil(p * xs.length));
      return rank <= lat.length ? round(lat[rank - 1]) : null;
    };
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: lat.length === xs.length ? round(lat[lat.length - 1] ?? null) : null, missing: xs.length - lat.length };
  })();
  const lastArrival = all.reduce((m, r) => (r.n > 0 && r.t1 > m ? r.t1 : m), 0);
  // server CPU from the first send until the backlog settled, per message delivered (both directions, warm-up included)
  const cpu = cpuDelta(cpu0, groupCpuSample(relay.pgid));
  const deliveredAll = all.filter((r) => r.n > 0).length;
  // delivery throughput: agent → visitor messages that arrived inside the measured window
  const inWindow = all.filter((r) => r.dir === "a2v" && r.n > 0 && r.t1 >= tMeasure && r.t1 < tStop).length;
  if (process.env.RELAY_BENCH_DUMP) {
    const rows = [...sent.entries()].map(([id, r]) => [id, r.dir, r.counted ? 1 : 0, round(r.t0 - tStart), r.n ? round(r.t1 - tStart) : null, r.n]);
    fs.writeFileSync(`${process.env.RELAY_BENCH_DUMP}-${tag}.json`, JSON.stringify({ tStart, drainDeadline: round(drainDeadline - tStart), rows }));
  }
  const closed = pairs.reduce((k, p) => k + p.sockets.filter((s) => s.closedUnexpectedly).length, 0);
  await relay.closePairs(pairs);
  const quiet = await quiesce(relay);
  return {
    ...(agents ? { ...a2v, msgs_per_s: round(inWindow / o.seconds, 1) } : {}),
    sent_per_s: round(a2v.sent / o.seconds, 1),
    visitor_to_agent: { p50: v2a.p50, p95: v2a.p95, p99: v2a.p99, max: v2a.max, sent: v2a.sent, lost: v2a.lost, dup: v2a.dup },
    late_after_drain: late,
    missing_after_settle: missing,
    eventual: agents ? eventual : undefined,
    // seconds after the senders stopped until the last message arrived (null: some never did)
    backlog_drain_s: missing === 0 && all.every((r) => r.n > 0) ? round(Math.max(0, lastArrival - tStop) / 1000, 1) : null,
    quiesce_s: quiet,
    conversations_stalled: stalled,
    ...(acks > 0 ? { agent_acks: acks, conversations_ack_stalled: ackStalled } : {}),
    errors,
    unknown_frames: unknown,
    sockets_closed_unexpectedly: closed,
    setup_s: round(setupS, 1),
    server_cpu: cpu,
    server_cpu_ms_per_msg: cpu && deliveredAll ? round((cpu.total_s * 1000) / deliveredAll) : null,
    _v2a: v2aLat,
  };
}

/** Closed loop on one conversation: the agent sends the next message as soon as the visitor got the previous one. */
async function closedLoop(o, relay, tag) {
  const { pairs } = await openPairs(relay, 1, tag, 1);
  const pair = pairs[0];
  const lat = [];
  let k = 0;
  let pending = null;
  let dup = 0;
  let stalled = false;
  const errors = {};
  const tStart = now();
  const tMeasure = tStart + o.warmup * 1000;
  const tEnd = tMeasure + o.closedLoopSeconds * 1000;
  const maxMessages = 1_000_000;
  let cpu0 = null;
  const cpuTimer = setTimeout(() => (cpu0 = groupCpuSample(relay.pgid)), Math.max(0, tMeasure - now()));
  const result = await new Promise((resolve) => {
    let lastProgress = now();
    const send = () => {
      pending = { id: `${tag}k${k++}`, t0: now() };
      pair.sendAgent(pending.id);
    };
    pair.onError = (code) => (errors[code] = (errors[code] ?? 0) + 1);
    pair.onVisitorText = (id, t) => {
      if (!pending || id !== pending.id) {
        dup++;
        return;
      }
      if (pending.t0 >= tMeasure) lat.push(t - pending.t0);
      lastProgress = t;
      pending = null;
      if (t < tEnd && k < maxMessages) send();
      else finish();
    };
    const watchdog = setInterval(() => {
      if (now() - lastProgress > 5000) {
        stalled = true;
        finish();
      }
    }, 250);
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      clearInterval(watchdog);
      resolve();
    }
    send();
  });
  void result;
  clearTimeout(cpuTimer);
  const cpu = cpu0 ? cpuDelta(cpu0, groupCpuSample(relay.pgid)) : null;
  await relay.closePairs(pairs);
  await quiesce(relay);
  lat.sort((a, b) => a - b);
  return {
    server_cpu: cpu,
    server_cpu_ms_per_msg: cpu && lat.length ? round((cpu.total_s * 1000) / lat.length) : null,
    msgs_per_s: round(lat.length / o.closedLoopSeconds, 1),
    messages: lat.length,
    p50: round(percentile(lat, 0.5)),
    p99: round(percentile(lat, 0.99)),
    max: round(lat.length ? lat[lat.length - 1] : null),
    stalled,
    dup,
    errors,
  };
}

// ───────────────────────── report ─────────────────────────

function pad(s, w, right = false) {
  s = String(s ?? "—");
  return right ? s.padEnd(w) : s.padStart(w);
}

function printTable(out) {
  const lines = [];
  lines.push("");
  lines.push(`Relay latency, agent → visitor (open loop, each agent every ${out.config.agent_interval_ms.join("–")} ms; visitors every ${out.config.visitor_interval_ms / 1000} s), ms`);
  lines.push(`(p50–max over messages delivered within ${out.config.drain_s} s of the end; lost = the rest; late = lost ones that came later; p99 all = p99 with the late ones)`);
  lines.push(
    `${pad("N", 5)}  ${pad("relay", 9, true)} ${pad("p50", 8)} ${pad("p95", 8)} ${pad("p99", 8)} ${pad("max", 8)} ${pad("msgs/s", 8)} ${pad("sent", 7)} ${pad("lost", 5)} ${pad("dup", 4)}   ${pad("v→a p50", 8)} ${pad("v→a p99", 8)} ${pad("late", 5)} ${pad("p99 all", 9)} ${pad("cpu ms/msg", 10)}  errors`,
  );
  for (const [n, point] of Object.entries(out.n)) {
    for (const r of RELAYS) {
      const x = point[r];
      if (!x) continue;
      if (x.error) {
        lines.push(`${pad(n, 5)}  ${pad(r, 9, true)} error: ${x.error}`);
        continue;
      }
      const errs = Object.entries(x.errors ?? {}).map(([k, v]) => `${k}×${v}`).join(" ");
      lines.push(
        `${pad(n, 5)}  ${pad(r, 9, true)} ${pad(x.p50, 8)} ${pad(x.p95, 8)} ${pad(x.p99, 8)} ${pad(x.max, 8)} ${pad(x.msgs_per_s, 8)} ${pad(x.sent, 7)} ${pad(x.lost, 5)} ${pad(x.dup, 4)}   ${pad(x.visitor_to_agent?.p50, 8)} ${pad(x.visitor_to_agent?.p99, 8)} ${pad(x.late_after_drain, 5)} ${pad(x.eventual?.p99 ?? (x.eventual?.missing ? ">settle" : null), 9)} ${pad(x.server_cpu_ms_per_msg, 10)}  ${errs}`,
      );
    }
    lines.push(`${pad(n, 5)}  ratio p99 MiniChat / bare DO = ${point.ratio_p99_vs_bare_do ?? "—"}; MiniChat / Socket.IO = ${point.ratio_p99_vs_socketio ?? "—"}`);
  }
  if (out.single_conversation && Object.keys(out.single_conversation).length) {
    lines.push("");
    lines.push(`One conversation, closed loop (${out.config.closed_loop_seconds} s): max sustained agent → visitor messages/s`);
    for (const [r, x] of Object.entries(out.single_conversation)) {
      lines.push(
        x.error
          ? `  ${pad(r, 9, true)} error: ${x.error}`
          : `  ${pad(r, 9, true)} ${pad(x.msgs_per_s, 8)} msgs/s  (p50 ${x.p50} ms, p99 ${x.p99} ms, server CPU ${x.server_cpu_ms_per_msg ?? "—"} ms/msg${x.stalled ? ", STALLED" : ""})`,
      );
    }
  }
  const lr = Object.entries(out.visitor_to_agent_low_rate_by_relay ?? {});
  if (lr.length) {
    lines.push("");
    lines.push(`Visitor → agent, one message per ${out.config.visitor_interval_ms / 1000} s per visitor, agents silent (N=${Math.max(...out.config.n)}), ms`);
    for (const [r, x] of lr) {
      lines.push(x.error ? `  ${pad(r, 9, true)} error: ${x.error}` : `  ${pad(r, 9, true)} p50 ${pad(x.p50, 8)}  p95 ${pad(x.p95, 8)}  p99 ${pad(x.p99, 8)}  max ${pad(x.max, 8)}  (${x.sent} messages, lost ${x.lost})`);
    }
    const u = out.visitor_to_agent_low_rate?.under_agent_load;
    if (u?.count) lines.push(`  MiniChat's visitor messages during the open-loop points (agents flooding): p50 ${u.p50} ms, p99 ${u.p99} ms over ${u.count}`);
  }
  lines.push("");
  process.stdout.write(lines.join("\n") + "\n");
}

// ───────────────────────── main ─────────────────────────

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const watchdog = setTimeout(() => {
    log(`the run passed --max-minutes ${o.maxMinutes}; stopping`);
    cleanup().finally(() => process.exit(2));
  }, o.maxMinutes * 60_000);
  watchdog.unref();
  keepDebugLogs = o.keepLogs;
  const logDir = o.logDir ? path.resolve(o.logDir) : fs.mkdtempSync(path.join(os.tmpdir(), "relay-bench-"));
  fs.mkdirSync(logDir, { recursive: true });

  const out = {
    tool: "minichat-relay-bench",
    config: {
      n: o.n, seconds: o.seconds, warmup_s: o.warmup, drain_s: o.drain, settle_max_s: o.settleMax, closed_loop_seconds: o.closedLoopSeconds,
      agent_interval_ms: o.agentInterval, visitor_interval_ms: o.visitorInterval, relays: o.relays,
      minichat: o.url ? { url: o.url } : { project: o.project, port: o.ports[0] }, bare_do_port: o.ports[1], socketio_port: o.ports[2],
      node: process.version, cpus: os.cpus().length, loadavg_at_start: os.loadavg().map((x) => round(x)), started_at: new Date().toISOString(),
      log_dir: logDir, state_dir: o.stateDir ?? os.tmpdir(),
    },
    n: {},
    single_conversation_msgs_per_s: {},
    single_conversation: {},
    visitor_to_agent_low_rate: null,
    visitor_to_agent_low_rate_by_relay: {},
    notes: [],
  };

  try {
    // servers: start all that are asked for, in parallel
    const relays = {};
    const starts = await Promise.allSettled([
      o.relays.includes("minichat") ? startMiniChat(o, logDir).then(async (s) => {
        const r = new MiniChatRelay(o, s.base);
        r.pgid = s.rec?.pid ?? null;
        await r.init();
        return r;
      }) : null,
      o.relays.includes("bare_do") ? startBareDo(o, logDir).then((s) => Object.assign(new BareDoRelay(o, s.base), { pgid: s.rec.pid })) : null,
      o.relays.includes("socketio") ? startSocketIo(o, logDir).then((s) => Object.assign(new SocketIoRelay(o, s.base), { pgid: s.rec.pid })) : null,
    ]);
    const notStarted = {};
    RELAYS.forEach((name, i) => {
      const s = starts[i];
      if (s.status === "fulfilled" && s.value) relays[name] = s.value;
      else if (s.status === "rejected") {
        notStarted[name] = `could not start: ${s.reason?.message ?? s.reason}`;
        log(`${name}: ${notStarted[name]}`);
        out.notes.push(`${name}: ${notStarted[name]}`);
      }
    });
    if (Object.keys(relays).length === 0) throw new Error("no relay could be started");
    if (relays.minichat) out.notes.push(...relays.minichat.notes.map((x) => `minichat: ${x}`), `minichat: Origin ${relays.minichat.origin}; synthetic CF-Connecting-IP per visitor in 198.18.0.0/15`);

    const v2aAll = [];
    for (const n of o.n) {
      const point = {};
      for (const name of RELAYS) {
        const relay = relays[name];
        if (notStarted[name]) point[name] = { error: notStarted[name] };
        if (!relay) continue;
        const tag = `n${n}${name[0]}`;
        log(`${name} N=${n}: setting up`);
        try {
          const r = await runPoint(o, relay, n, tag);
          if (name === "minichat") v2aAll.push(...r._v2a);
          delete r._v2a;
          point[name] = r;
          log(`${name} N=${n}: p50 ${r.p50} p99 ${r.p99} max ${r.max} ms, ${r.msgs_per_s} msgs/s, lost ${r.lost}, dup ${r.dup}${Object.keys(r.errors).length ? `, errors ${JSON.stringify(r.errors)}` : ""}`);
        } catch (err) {
          log(`${name} N=${n}: failed: ${err.message}`);
          point[name] = { error: err.message };
        }
        await sleep(1000);
      }
      const p99 = (r) => (point[r] && !point[r].error ? point[r].p99 : null);
      point.ratio_p99_vs_bare_do = p99("minichat") !== null && p99("bare_do") ? round(p99("minichat") / p99("bare_do")) : null;
      point.ratio_p99_vs_socketio = p99("minichat") !== null && p99("socketio") ? round(p99("minichat") / p99("socketio")) : null;
      out.n[String(n)] = point;
    }

    if (o.closedLoopSeconds > 0) {
      for (const name of RELAYS) {
        const relay = relays[name];
        if (!relay) continue;
        log(`${name}: closed loop on one conversation for ${o.closedLoopSeconds} s`);
        try {
          const r = await closedLoop(o, relay, `cl${name[0]}`);
          out.single_conversation[name] = r;
          out.single_conversation_msgs_per_s[name] = r.msgs_per_s;
          log(`${name}: closed loop ${r.msgs_per_s} msgs/s (p50 ${r.p50} ms)`);
        } catch (err) {
          log(`${name}: closed loop failed: ${err.message}`);
          out.single_conversation[name] = { error: err.message };
          out.single_conversation_msgs_per_s[name] = null;
        }
      }
    }

    // visitor → agent at the visitors' low rate with the agents silent (MiniChat allows a visitor 10 messages a minute)
    const lowN = Math.max(...o.n);
    out.visitor_to_agent_low_rate_by_relay = {};
    for (const name of RELAYS) {
      const relay = relays[name];
      if (!relay) continue;
      log(`${name}: visitor → agent at one message per ${o.visitorInterval / 1000} s per visitor, agents silent, N=${lowN}`);
      try {
        const r = await runPoint(o, relay, lowN, `lr${name[0]}`, { agents: false });
        const v = r.visitor_to_agent;
        out.visitor_to_agent_low_rate_by_relay[name] = {
          ...v, n: lowN, errors: r.errors, late_after_drain: r.late_after_drain,
        };
        log(`${name}: visitor → agent p50 ${v.p50} p99 ${v.p99} ms over ${v.sent} messages`);
      } catch (err) {
        log(`${name}: visitor → agent phase failed: ${err.message}`);
        out.visitor_to_agent_low_rate_by_relay[name] = { error: err.message };
      }
      await sleep(1000);
    }

    if (relays.minichat) {
      v2aAll.sort((a, b) => a - b);
      const quiet = out.visitor_to_agent_low_rate_by_relay.minichat ?? {};
      out.visitor_to_agent_low_rate = {
        p50: quiet.p50 ?? null,
        p95: quiet.p95 ?? null,
        p99: quiet.p99 ?? null,
        max: quiet.max ?? null,
        count: quiet.sent ?? 0,
        lost: quiet.lost ?? null,
        n: lowN,
        agents: "silent",
        // the same visitors' messages measured during the open-loop points, while the agents flooded the other way
        under_agent_load: {
          p50: round(percentile(v2aAll, 0.5)),
          p95: round(percentile(v2aAll, 0.95)),
          p99: round(percentile(v2aAll, 0.99)),
          max: round(v2aAll.length ? v2aAll[v2aAll.length - 1] : null),
          count: v2aAll.length,
        },
        ...(quiet.error ? { error: quiet.error } : {}),
      };
    }
  } finally {
    clearTimeout(watchdog);
    out.config.loadavg_at_end = os.loadavg().map((x) => round(x));
    out.config.finished_at = new Date().toISOString();
    await cleanup();
    out.wrangler_debug_log_bytes = debugLogBytes;
  }
  printTable(out);
  const failed =
    Object.values(out.n).some((pt) => RELAYS.some((r) => pt[r]?.error)) ||
    Object.values(out.single_conversation).some((x) => x.error) ||
    Object.values(out.visitor_to_agent_low_rate_by_relay).some((x) => x.error) ||
    out.notes.some((x) => x.includes("could not start"));
  process.stdout.write(JSON.stringify(out) + "\n", () => process.exit(failed ? 3 : 0));
}

main().catch(async (err) => {
  log(`failed: ${err?.stack ?? err}`);
  await cleanup();
  process.exit(1);
});
