import path from "node:path";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// The dashboard builds into ../public (served by Workers static assets).
// The widget build runs afterwards and adds public/widget/.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  build: {
    outDir: path.resolve(import.meta.dirname, "../public"),
    emptyOutDir: true,
    sourcemap: false,
    target: "es2022",
  },
  server: {
    port: 5173,
    proxy: { "/api": { target: "http://127.0.0.1:8787", ws: true } },
  },
});
