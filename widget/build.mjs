#!/usr/bin/env node
// Builds the widget into public/widget/ — the app (Preact, an ES module loaded
// on demand) first, then the loader (a classic script that knows the app's
// content hash) — and enforces the size budgets:
//   loader                                    < 2 KB gzipped
//   before opening (loader + any CSS)         < 20 KB gzipped
//   after opening (loader + app + chunks)     < 40 KB gzipped (without the commerce chunk)
//   commerce chunk (shop UI, loaded on sale)  ≤ 15 KB gzipped
// Exits non-zero when a budget is exceeded.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import preact from "@preact/preset-vite";
import { build } from "vite";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "public/widget");
const KB = 1024;
const BUDGETS = { loader: 2 * KB, beforeOpen: 20 * KB, afterOpen: 40 * KB, commerce: 15 * KB };

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = {
  configFile: false,
  logLevel: "warn",
  publicDir: false,
  root: path.join(root, "widget"),
};

await build({
  ...common,
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  build: {
    outDir: out,
    emptyOutDir: false,
    target: "es2020",
    minify: true,
    sourcemap: false,
    modulePreload: false,
    rollupOptions: {
      input: path.join(root, "widget/src/app/main.tsx"),
      preserveEntrySignatures: "exports-only",
      output: { format: "es", entryFileNames: "app.js", chunkFileNames: "chunks/[name]-[hash].js" },
    },
  },
});

const appVersion = createHash("sha256").update(readFileSync(path.join(out, "app.js"))).digest("hex").slice(0, 10);

await build({
  ...common,
  define: { __MINICHAT_APP_VERSION__: JSON.stringify(appVersion) },
  build: {
    outDir: out,
    emptyOutDir: false,
    target: "es2019",
    minify: true,
    sourcemap: false,
    lib: { entry: path.join(root, "widget/src/loader.ts"), formats: ["iife"], name: "MiniChatLoader", fileName: () => "loader.js" },
  },
});

// Static-asset headers for /widget/* (CORS *, cache rules) live in
// dashboard/public/_headers, which the dashboard build copies into public/.
// When the widget is built on its own, copy them so they apply anyway.
const headersOut = path.join(root, "public/_headers");
if (!existsSync(headersOut) || !/^\/widget\/\*\s*$/m.test(readFileSync(headersOut, "utf8"))) {
  copyFileSync(path.join(root, "dashboard/public/_headers"), headersOut);
}

// ---- sizes ----
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
};
walk(out);
const rows = files.map((p) => {
  const buf = readFileSync(p);
  return { file: path.relative(out, p), raw: buf.length, gz: gzipSync(buf, { level: 9 }).length };
});
const fmt = (n) => `${(n / KB).toFixed(2)} KB`;
const sum = (pred) => rows.filter(pred).reduce((a, r) => a + r.gz, 0);

const loaderGz = sum((r) => r.file === "loader.js");
const beforeOpen = sum((r) => r.file === "loader.js" || r.file.endsWith(".css"));
// the shop UI is its own chunk, fetched only when the conversation sells: reported apart
const isCommerce = (r) => /^chunks\/commerce-/.test(r.file);
const afterOpen = sum((r) => (r.file.endsWith(".js") || r.file.endsWith(".css")) && !isCommerce(r));
const commerceGz = sum(isCommerce);

console.log("\nwidget bundle sizes (public/widget)");
console.log(`${"file".padEnd(36)} ${"raw".padStart(10)} ${"gzip".padStart(10)}`);
for (const r of rows.sort((a, b) => a.file.localeCompare(b.file))) {
  console.log(`${r.file.padEnd(36)} ${fmt(r.raw).padStart(10)} ${fmt(r.gz).padStart(10)}`);
}
const checks = [
  ["loader", loaderGz, BUDGETS.loader],
  ["before opening (loader + CSS)", beforeOpen, BUDGETS.beforeOpen],
  ["after opening (loader + app + chunks)", afterOpen, BUDGETS.afterOpen],
  ["commerce chunk (when the chat sells)", commerceGz, BUDGETS.commerce + 1],
];
console.log("\nbudgets (gzipped)");
let failed = false;
for (const [name, size, budget] of checks) {
  const ok = size < budget;
  failed ||= !ok;
  console.log(`${ok ? "ok  " : "OVER"} ${name.padEnd(40)} ${fmt(size).padStart(10)} < ${fmt(budget)}`);
}
console.log(`app version ${appVersion}`);
if (failed) {
  console.error("\n✗ widget size budget exceeded");
  process.exit(1);
}
