// Generates the dashboard's API types from the OpenAPI document the Worker serves:
// starts a throwaway local instance (development routes included, as in the tests),
// reads /api/v1/openapi.json and writes dashboard/src/lib/api/schema.gen.ts with
// openapi-typescript. The file's first line carries the document's SHA-256, which
// test/docs/client-types.test.ts compares with the live document.
//
//   npm run api:types            (API_TYPES_PORT=8801 by default)
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { root } from "./lib/dev-worker.mjs";
import { startLocalServer } from "./lib/local-server.mjs";

/** The document without `servers` (it names the deployment's URL, not the contract). */
export function canonicalDocument(doc) {
  const { servers: _servers, ...rest } = doc;
  return JSON.stringify(rest);
}

const port = process.env.API_TYPES_PORT ?? "8801";
const out = path.join(root, "dashboard/src/lib/api/schema.gen.ts");
const server = await startLocalServer({ port, vars: { APP_ENV: "development" }, quiet: true });
try {
  if (!server.healthy) throw new Error(`the local instance did not start:\n${server.log()}`);
  const res = await fetch(`${server.baseUrl}/api/v1/openapi.json`);
  if (!res.ok) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
  const canonical = canonicalDocument(await res.json());
  const hash = createHash("sha256").update(canonical).digest("hex");
  const ast = await openapiTS(JSON.parse(canonical), { alphabetize: false });
  const header = [
    `// openapi-sha256: ${hash}`,
    "// Generated from /api/v1/openapi.json by `npm run api:types`. Do not edit by hand:",
    "// change the routes' zod schemas and run the script again.",
    "",
  ].join("\n");
  writeFileSync(out, header + astToString(ast));
  console.log(`wrote ${path.relative(root, out)} (${Object.keys(JSON.parse(canonical).paths).length} paths, sha256 ${hash.slice(0, 12)}…)`);
} finally {
  server.stop();
}
