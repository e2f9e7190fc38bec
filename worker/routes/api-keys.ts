import { createRoute, z } from "@hono/zod-openapi";
import { createApiKey, listApiKeys, revokeApiKey } from "../auth/api-keys";
import { requireAuth, requirePermission } from "../auth/middleware";
import { API_SCOPES } from "../auth/permissions";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";
import { body, IdParams, json } from "./team-schemas";

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ example: "mc_live_4f9Q" }),
    scopes: z.array(z.string()),
    created_by: z.string().nullable(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    created_at: z.string(),
    suspended: z.boolean().openapi({ description: "The member who created the key no longer has access (removed or deactivated): the key is refused until they do again." }),
  })
  .openapi("ApiKey");

const CreateBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(API_SCOPES as [string, ...string[]])).min(1).max(API_SCOPES.length),
  })
  .openapi("CreateApiKey");

const base = { tags: ["API keys"], security: AUTHENTICATED };
const manage = () => [requireAuth, requirePermission("api:manage")];

export const apiKeysRoutes = createRouter()
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/",
      summary: "Create an API key",
      description:
        "Scopes are permission names the creator's own role has (403 SCOPE_NOT_ALLOWED otherwise). The `key` (`mc_live_…`) is shown only in this response; it is stored as SHA-256.",
      middleware: manage(),
      request: body(CreateBody),
      responses: { 201: json(ApiKeySchema.extend({ key: z.string() }).openapi("NewApiKey"), "The key, shown once"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const input = c.req.valid("json");
      return c.json(await createApiKey({ ctx: serviceCtx(c), input: { name: input.name, scopes: input.scopes as (typeof API_SCOPES)[number][] } }), 201);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/",
      summary: "List API keys (never the key itself)",
      middleware: manage(),
      responses: { 200: json(z.object({ data: z.array(ApiKeySchema) }), "Keys, newest first"), ...errorResponses(401, 403) },
    }),
    async (c) => c.json({ data: await listApiKeys({ ctx: serviceCtx(c), input: undefined }) }, 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "delete",
      path: "/{id}",
      summary: "Revoke an API key",
      middleware: manage(),
      request: { params: IdParams },
      responses: { 204: { description: "Revoked" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      await revokeApiKey({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  );
