import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { UNDOCUMENTED_ROUTES } from "../../worker/routes/undocumented";
import { api } from "../helpers";

/**
 * Every method + path the Hono app registers under /api/v1 must be in
 * `/api/v1/openapi.json`, or named (with a reason) in UNDOCUMENTED_ROUTES.
 * Runs against the app with its development routes too, so nothing hides there.
 */

type Operation = string;

/** Hono's `/:id` (and `/:id{regex}`) as OpenAPI's `/{id}`. */
const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}").replace(/\/$/, "") || "/";

function registeredOperations(devRoutes: boolean): Set<Operation> {
  const app = createApp({ devRoutes });
  const out = new Set<Operation>();
  for (const route of app.routes) {
    // middleware (app.use) registers as ALL; only real handlers are operations
    if (route.method === "ALL" || !route.path.startsWith("/api/v1/")) continue;
    out.add(`${route.method} ${openApiPath(route.path)}`);
  }
  return out;
}

async function documentedOperations(): Promise<Set<Operation>> {
  const doc = (await api("/api/v1/openapi.json")).json as { paths: Record<string, Record<string, unknown>> };
  const out = new Set<Operation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) out.add(`${method.toUpperCase()} ${path.replace(/\/$/, "") || "/"}`);
  }
  return out;
}

const HOW_TO_FIX =
  "Declare it with createRoute(...) and mount it with `router.openapi(route, handler)` " +
  "(request params/query/body as zod schemas, responses incl. errorResponses(...) from worker/routes/docs.ts, tags, security), " +
  "or, if it is genuinely not part of the public API, add it with a reason to UNDOCUMENTED_ROUTES in worker/routes/undocumented.ts.";

describe("OpenAPI coverage", () => {
  it("documents every /api/v1 route the app registers (or lists it in UNDOCUMENTED_ROUTES)", async () => {
    const documented = await documentedOperations();
    const allowed = new Set<string>(UNDOCUMENTED_ROUTES.map((r) => r.route));
    const registered = new Set([...registeredOperations(true), ...registeredOperations(false)]);
    const missing = [...registered].filter((op) => !documented.has(op) && !allowed.has(op)).sort();
    const message = missing.length
      ? `${missing.length} route(s) missing from /api/v1/openapi.json:\n${missing.map((m) => `  - ${m}`).join("\n")}\n${HOW_TO_FIX}`
      : "";
    expect(missing, message).toEqual([]);
  });

  it("documents no operation the app does not serve, and allows nothing that is documented or gone", async () => {
    const documented = await documentedOperations();
    const registered = new Set([...registeredOperations(true), ...registeredOperations(false)]);
    const phantom = [...documented].filter((op) => op.includes(" /api/v1/") && !registered.has(op));
    expect(phantom, `documented but not served: ${phantom.join(", ")}`).toEqual([]);
    const stale = UNDOCUMENTED_ROUTES.map((r) => r.route).filter((op) => documented.has(op) || !registered.has(op));
    expect(stale, `UNDOCUMENTED_ROUTES entries that are documented or no longer registered (remove them): ${stale.join(", ")}`).toEqual([]);
    for (const r of UNDOCUMENTED_ROUTES) expect(r.reason.length, `${r.route} needs a reason`).toBeGreaterThan(10);
  });
});
