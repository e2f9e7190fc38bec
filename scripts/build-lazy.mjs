#!/usr/bin/env node
// Bundles each worker/lazy/<name>.ts into worker/lazy-dist/<name>.mjs: the
// modules the Worker loads with import() on first use (see worker/lazy.ts).
// wrangler runs this before `dev` and `deploy` ([build] in wrangler.toml).
import { builtinModules } from "node:module";
import { readdirSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const src = path.join(root, "worker/lazy");
const out = path.join(root, "worker/lazy-dist");
const builtins = new Set(builtinModules.filter((m) => !m.startsWith("_")));

// CommonJS packages (mammoth) call require("fs"): point those at workerd's node:* modules
const nodeBuiltins = {
  name: "node-builtins",
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, "");
      if (!builtins.has(name)) return undefined;
      if (args.kind === "require-call") return { path: name, namespace: "node-builtin" };
      return { path: `node:${name}`, external: true };
    });
    build.onLoad({ filter: /.*/, namespace: "node-builtin" }, (args) => ({
      contents: `import * as m from "node:${args.path}"; export default m; export * from "node:${args.path}";`,
      loader: "js",
    }));
  },
};

// a lazy module that reaches code loading another lazy module imports it at run time from the same folder
const siblings = {
  name: "lazy-siblings",
  setup(build) {
    build.onResolve({ filter: /^\.\/lazy-dist\/[\w-]+\.mjs$/ }, (args) => ({ path: `./${path.basename(args.path)}`, external: true }));
  },
};

const entries = readdirSync(src).filter((f) => f.endsWith(".ts")).map((f) => path.join(src, f));
await esbuild.build({
  entryPoints: entries,
  outdir: out,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser", "import", "default"],
  mainFields: ["browser", "module", "main"],
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  plugins: [nodeBuiltins, siblings],
  // workerd's own modules (cloudflare:email for the send_email binding)
  external: ["cloudflare:*"],
});
