import { createRoute, z } from "@hono/zod-openapi";
import { SECRET_PROVIDERS, deleteProviderSecret, getProviderStatus, putProviderSecret } from "../ai/providers/secrets";
import { requireAuth, requirePermission } from "../auth/middleware";
import { serviceCtx } from "../lib/service";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const Params = z.object({ provider: z.enum(SECRET_PROVIDERS).openapi({ param: { name: "provider", in: "path" } }) });
const PutBody = z
  .object({
    api_key: z.string().trim().min(8).max(500).optional(),
    base_url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable()
      .optional()
      .openapi({ description: "The endpoint the key may be sent to (null: the provider's default). Changing it for a stored key needs `api_key` again." }),
    allow_private_network: z
      .boolean()
      .optional()
      .openapi({ description: "Owner only: allow an endpoint on a private network (e.g. a self-hosted Ollama). Audited." }),
  })
  .openapi("AiProviderSecretRequest");
const Status = z
  .object({ provider: z.string(), configured: z.boolean(), base_url: z.string().nullable(), allow_private_network: z.boolean(), updated_at: z.string().nullable() })
  .openapi("AiProviderStatus");
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const base = { tags: ["AI"], security: AUTHENTICATED, middleware: [requireAuth, requirePermission("settings:manage")] as const };

/**
 * `/api/v1/ai/providers/:provider`: the workspace's provider key and the
 * endpoint it is bound to (owners and admins). The key is write-only.
 */
export const aiProviders = createRouter()
  .openapi(
    createRoute({ ...base, middleware: [...base.middleware], method: "put", path: "/{provider}", summary: "Store a provider API key and its endpoint (encrypted together)", request: { params: Params, body: { content: { "application/json": { schema: PutBody } }, required: true } }, responses: { 200: json(Status, "Stored; the key is never returned"), ...errorResponses(400, 401, 403) } }),
    async (c) => {
      const { provider } = c.req.valid("param");
      const b = c.req.valid("json");
      return c.json(await putProviderSecret({ ctx: serviceCtx(c), input: { provider, api_key: b.api_key, base_url: b.base_url, allow_private_network: b.allow_private_network } }), 200);
    },
  )
  .openapi(
    createRoute({ ...base, middleware: [...base.middleware], method: "get", path: "/{provider}", summary: "Whether a provider key is configured", request: { params: Params }, responses: { 200: json(Status, "Configuration without the key"), ...errorResponses(400, 401, 403) } }),
    async (c) => c.json(await getProviderStatus(c.env, c.get("auth").workspaceId, c.req.valid("param").provider), 200),
  )
  .openapi(
    createRoute({ ...base, middleware: [...base.middleware], method: "delete", path: "/{provider}", summary: "Remove a provider key", request: { params: Params }, responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404) } }),
    async (c) => {
      await deleteProviderSecret({ ctx: serviceCtx(c), input: { provider: c.req.valid("param").provider } });
      return c.body(null, 204);
    },
  );
