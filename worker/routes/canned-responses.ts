import { createRoute, z } from "@hono/zod-openapi";
import { serviceCtx } from "../lib/service";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { createCanned, deleteCanned, expandCanned, getCanned, listCanned, updateCanned } from "../inbox/canned";
import { AUTHENTICATED, errorResponses } from "./docs";

const CannedBody = z
  .object({
    title: z.string().trim().min(1).max(120),
    shortcut: z.string().trim().min(1).max(40).openapi({ example: "/refund", description: "Normalised to lowercase `/words-with-dashes`; unique per workspace" }),
    text: z.string().min(1).max(4000).openapi({ example: "Hi {{visitor.name}}, refunds take 5 business days." }),
    chatbot_id: z.string().max(64).nullable().optional(),
  })
  .openapi("CannedResponseInput");
const CannedResponse = z
  .object({
    id: z.string(),
    title: z.string(),
    shortcut: z.string(),
    text: z.string(),
    chatbot_id: z.string().nullable(),
    created_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("CannedResponse");
const ListQuery = z.object({ chatbot_id: z.string().max(64).optional(), q: z.string().max(100).optional() });
const ExpandBody = z.object({ text: z.string().max(4000), conversation_id: z.string().max(64).optional() }).openapi("CannedExpandInput");
const ExpandResult = z.object({ text: z.string(), used: z.array(z.string()) }).openapi("CannedExpandResult");
const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "cr_4f9QaB1c2D3e4F5g6H7i" }) });

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const guard = (permission: Parameters<typeof requirePermission>[0]) => [requireAuth, requirePermission(permission)];
const base = { tags: ["Conversations"], security: AUTHENTICATED };

/** Saved replies: `/shortcut` → text, with placeholders filled on expand. */
export const cannedResponses = createRouter()
  .openapi(
    createRoute({ ...base, method: "get", path: "/", summary: "List canned responses", middleware: guard("conversations:read"), request: { query: ListQuery }, responses: { 200: json(z.object({ data: z.array(CannedResponse) }), "The workspace's canned responses"), ...errorResponses(400, 401, 403) } }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json({ data: await listCanned({ ctx: serviceCtx(c), input: { chatbotId: q.chatbot_id, q: q.q } }) }, 200);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/expand",
      summary: "Expand /shortcuts and {{visitor.name}}, {{visitor.email}}, {{agent.name}} placeholders",
      middleware: guard("conversations:respond"),
      request: body(ExpandBody),
      responses: { 200: json(ExpandResult, "The text ready to send"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await expandCanned({ ctx: serviceCtx(c), input: c.req.valid("json") }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/", summary: "Create a canned response", middleware: guard("conversations:respond"), request: body(CannedBody), responses: { 201: json(CannedResponse, "Created"), ...errorResponses(400, 401, 403, 409) } }),
    async (c) => c.json(await createCanned({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/{id}", summary: "Get a canned response", middleware: guard("conversations:read"), request: { params: IdParams }, responses: { 200: json(CannedResponse, "The canned response"), ...errorResponses(401, 403, 404) } }),
    async (c) => c.json(await getCanned({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "patch", path: "/{id}", summary: "Update a canned response", middleware: guard("conversations:respond"), request: { params: IdParams, ...body(CannedBody.partial()) }, responses: { 200: json(CannedResponse, "Updated"), ...errorResponses(400, 401, 403, 404, 409) } }),
    async (c) => c.json(await updateCanned({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id, patch: c.req.valid("json") } }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/{id}", summary: "Delete a canned response", middleware: guard("conversations:respond"), request: { params: IdParams }, responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) } }),
    async (c) => {
      await deleteCanned({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  );
