import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../lib/context";

/**
 * The API reference: `GET /api/v1/openapi.json` (OpenAPI 3.1, generated from the
 * zod schemas every `app.openapi(createRoute(...))` route validates with) and
 * `GET /docs` (Swagger UI from same-origin assets in /docs-assets/, copied from
 * swagger-ui-dist by scripts/copy-docs-assets.mjs at build time).
 */

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "VALIDATION_ERROR" }),
      message: z.string(),
      details: z.unknown().optional(),
      request_id: z.string(),
    }),
  })
  .openapi("Error");

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input (`VALIDATION_ERROR` lists each field in details.issues)",
  401: "Missing or invalid credentials",
  403: "The caller's role or API key scopes do not allow this",
  404: "Not found (ids of other workspaces answer the same)",
  409: "Conflict with the current state (e.g. `DUPLICATE_NAME`)",
  413: "The body or file is too large",
  415: "Unsupported media type",
  426: "Not a WebSocket upgrade request (`UPGRADE_REQUIRED`)",
  429: "Rate limited; see Retry-After",
  501: "Not configured on this server",
};

/** `responses` entries for error statuses, all with the common error body. */
export function errorResponses(...statuses: (keyof typeof ERROR_DESCRIPTIONS)[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s], content: { "application/json": { schema: ErrorSchema } } }]),
  ) as Record<number, { description: string; content: { "application/json": { schema: typeof ErrorSchema } } }>;
}

/** Security requirement for routes that accept a dashboard access token or a workspace API key. */
export const AUTHENTICATED: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKey: [] }];

/** Security requirement for the widget's routes after the session: the visitor token from POST /api/v1/widget/session. */
export const VISITOR: Record<string, string[]>[] = [{ visitorToken: [] }];

export const TAGS = [
  { name: "Auth", description: "Registration, login, tokens, two-factor" },
  { name: "Team", description: "Members, invitations and roles" },
  { name: "Chatbots", description: "Chatbot configuration, versions, widget keys" },
  { name: "Widget", description: "Public endpoints the embedded widget calls (no credentials; origin-checked)" },
  { name: "Conversations", description: "Conversation inbox, messages, takeover" },
  { name: "Knowledge", description: "Documents, URLs, FAQs, knowledge testing" },
  { name: "Analytics", description: "Metrics and reports" },
  { name: "API keys", description: "Workspace API keys for scripts and integrations" },
  { name: "AI", description: "AI provider credentials and checks" },
  { name: "Commerce", description: "Catalog, payment settings, carts, checkout and orders" },
  { name: "Leads", description: "Contacts (visitors who gave an identity) and the leads pipeline" },
  { name: "Integrations", description: "Messaging channels (LINE …) and outgoing webhooks" },
  { name: "Notifications", description: "The notification centre, per-member preferences, browser push and Slack" },
];

function docsPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MiniChat API reference</title>
<link rel="stylesheet" href="/docs-assets/swagger-ui.css">
<link rel="stylesheet" href="/docs-assets/docs.css">
</head>
<body>
<div id="swagger-ui" data-spec-url="/api/v1/openapi.json"><noscript>The interactive reference needs JavaScript; the raw document is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript></div>
<script src="/docs-assets/swagger-ui-bundle.js"></script>
<script src="/docs-assets/init.js"></script>
</body>
</html>`;
}

/** Mounts the OpenAPI document and the docs page. Call after every other router is mounted. */
export function mountDocs(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Dashboard access token from POST /api/v1/auth/login (15 minutes; refresh with POST /api/v1/auth/refresh).",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "mc_live_…",
    description: "Workspace API key sent as `Authorization: Bearer mc_live_…`; its scopes decide what it may do.",
  });

  app.openAPIRegistry.registerComponent("securitySchemes", "visitorToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Visitor token from POST /api/v1/widget/session (15 minutes), scoped to one chatbot, visitor and page origin.",
  });

  // Generating the document walks every schema; it only changes on deploy, so
  // each isolate builds it once (per APP_URL) and serves the cached text.
  let cached: { appUrl: string; body: string } | null = null;
  app.get("/api/v1/openapi.json", (c) => {
    if (cached?.appUrl !== c.env.APP_URL) {
      const doc = app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "MiniChat API",
          version: "1.0.0",
          description:
            "Multi-tenant AI customer-support chat. JSON fields are snake_case, times ISO-8601 UTC. " +
            "Errors answer `{ error: { code, message, details?, request_id } }`. " +
            "Every id is scoped to the caller's workspace; another workspace's id answers 404.",
        },
        servers: [{ url: c.env.APP_URL.replace(/\/+$/, ""), description: "This deployment" }],
        tags: TAGS,
      });
      cached = { appUrl: c.env.APP_URL, body: JSON.stringify(doc) };
    }
    c.header("Content-Type", "application/json; charset=utf-8");
    c.header("Cache-Control", "public, max-age=300");
    return c.body(cached.body);
  });

  app.get("/docs", (c) => c.html(docsPage()));
  app.get("/docs/", (c) => c.redirect("/docs", 301));
}
