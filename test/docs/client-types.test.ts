import { describe, expect, it } from "vitest";
import generated from "../../dashboard/src/lib/api/schema.gen.ts?raw";
import { api } from "../helpers";

/** The document as scripts/api-types.mjs hashes it: without `servers` (the deployment's URL). */
async function liveDocumentHash(): Promise<string> {
  const { servers: _servers, ...doc } = (await api("/api/v1/openapi.json")).json;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(doc)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("the dashboard's API types", () => {
  it("were generated from the OpenAPI document the app serves now", async () => {
    const committed = generated.match(/^\/\/ openapi-sha256: ([0-9a-f]{64})/)?.[1];
    expect(committed, "dashboard/src/lib/api/schema.gen.ts has no openapi-sha256 header: run `npm run api:types`").toBeDefined();
    expect(
      committed,
      "dashboard/src/lib/api/schema.gen.ts is stale: a route or schema changed since it was generated. Run `npm run api:types` and commit the file (then fix any dashboard type errors it shows).",
    ).toBe(await liveDocumentHash());
  });
});
