import { afterAll, afterEach, beforeAll } from "vitest";
import { clearEndpointChecks } from "../../worker/ai/providers/endpoint";
import { setCrawlNetwork } from "../../worker/lib/safe-fetch";

/** A network that answers nothing: name lookups and fetches fail, as with no connection at all. */
export const offline = {
  resolveHost: async (): Promise<string[]> => {
    throw new Error("offline");
  },
  fetch: async (): Promise<Response> => {
    throw new Error("offline");
  },
};

/**
 * Runs a test file with the outgoing-request guard's network switched off;
 * each test starts from it again (tests may swap in a fake) with no cached
 * endpoint checks.
 */
export function useOfflineNetwork() {
  beforeAll(() => setCrawlNetwork(offline));
  afterEach(() => {
    setCrawlNetwork(offline);
    clearEndpointChecks();
  });
  afterAll(() => setCrawlNetwork(null));
}
