/**
 * The only /api/v1 routes that are not in `/api/v1/openapi.json`, each with the
 * reason. `test/docs/route-coverage.test.ts` fails on any other route missing
 * from the document, and on an entry here that is documented or gone.
 */
export const UNDOCUMENTED_ROUTES: readonly { route: string; reason: string }[] = [
  { route: "GET /api/v1/openapi.json", reason: "the OpenAPI document itself (linked from the document's info and /docs)" },
  { route: "DELETE /api/v1/dev/mail", reason: "development and test only: empties the local mailbox; not mounted in production" },
  { route: "POST /api/v1/dev/seed", reason: "development and test only: creates the demo workspace for `npm start`; not mounted in production" },
];
