import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { loadFlows } from "../lazy";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";

// the document shows each node's common fields; the full node union (common/flows/schema.ts) checks the graph in the
// lazily loaded store (400 INVALID_FLOW), which keeps it off the request path
const FlowNode = z
  .looseObject({ type: z.enum(["message", "collect", "condition", "set", "tag", "handoff", "http", "wait", "end"]), id: z.string().min(1).max(40) })
  .openapi("FlowNode", { description: "message {text, choices?, style?, save_as?, next} · collect {prompt, input: text|email|phone|number, save_as, retry_text?, max_attempts?, fail_next?, next} · condition {rules[{var, op, value?, next}], else_next} · set {var, value, next} · tag {tags, next} · handoff {team_id, text?} · http {method, url (https), headers?, body?, map{var: path}, next, error_next} · wait {seconds, next} · end {text?}" });
const FlowGraph = z
  .object({ schema_version: z.literal(1).optional(), start: z.string().min(1).max(40), nodes: z.array(FlowNode).min(1).max(200) })
  .openapi("FlowGraph");
const FlowTrigger = z
  .object({ type: z.enum(["conversation_start", "keyword", "button"]), value: z.string().trim().max(200).optional().openapi({ description: "keyword: comma-separated words; button: the postback value" }) })
  .openapi("FlowTrigger");
const Flow = z
  .object({
    id: z.string(),
    chatbot_id: z.string(),
    name: z.string(),
    trigger: FlowTrigger,
    graph: FlowGraph,
    enabled: z.boolean(),
    published_version: z.number().int().nullable(),
    published_version_id: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Flow");
const FlowVersion = z
  .object({ id: z.string(), flow_id: z.string(), version: z.number().int(), trigger: FlowTrigger, graph: FlowGraph, published_by: z.string().nullable(), created_at: z.string() })
  .openapi("FlowVersion");
const FlowTemplate = z.object({ id: z.string(), name: z.string(), description: z.string(), trigger: FlowTrigger, graph: FlowGraph }).openapi("FlowTemplate");
const FlowCreate = z
  .object({
    chatbot_id: z.string().min(1).max(64),
    name: z.string().trim().min(1).max(120).optional(),
    trigger: FlowTrigger.optional(),
    graph: FlowGraph.optional(),
    template: z.string().max(60).optional().openapi({ description: "Start from a template (`GET /api/v1/flows/templates`) instead of a graph" }),
  })
  .openapi("FlowCreate");
const FlowPatch = z
  .object({ name: z.string().trim().min(1).max(120).optional(), trigger: FlowTrigger.optional(), graph: FlowGraph.optional(), enabled: z.boolean().optional() })
  .openapi("FlowPatch");
const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });
const VersionParams = IdParams.extend({ version: z.coerce.number().int().min(1).openapi({ param: { name: "version", in: "path" } }) });

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const guard = (permission: Parameters<typeof requirePermission>[0]) => [requireAuth, requirePermission(permission)];
const base = { tags: ["Flows"], security: AUTHENTICATED };

/** Flows: scripted conversations per chatbot, edited as a draft and published as immutable versions. */
export const flowsRoutes = createRouter()
  .openapi(
    createRoute({
      ...base, method: "get", path: "/", summary: "List flows", middleware: guard("chatbots:read"),
      request: { query: z.object({ chatbot_id: z.string().max(64).optional() }) },
      responses: { 200: json(z.object({ data: z.array(Flow) }), "The workspace's flows"), ...errorResponses(401, 403) },
    }),
    async (c) => c.json({ data: await (await loadFlows()).listFlows({ ctx: serviceCtx(c), input: { chatbotId: c.req.valid("query").chatbot_id } }) }, 200),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/templates", summary: "Flow templates", middleware: guard("chatbots:read"), responses: { 200: json(z.object({ data: z.array(FlowTemplate) }), "Templates"), ...errorResponses(401, 403) } }),
    async (c) => c.json({ data: (await loadFlows()).FLOW_TEMPLATES }, 200),
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/", summary: "Create a flow (from a graph or a template)", middleware: guard("chatbots:manage"), request: body(FlowCreate), responses: { 201: json(Flow, "Created"), ...errorResponses(400, 401, 403, 404) } }),
    async (c) => c.json(await (await loadFlows()).createFlow({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/{id}", summary: "Get a flow", middleware: guard("chatbots:read"), request: { params: IdParams }, responses: { 200: json(Flow, "The flow"), ...errorResponses(401, 403, 404) } }),
    async (c) => c.json(await (await loadFlows()).getFlow({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "patch", path: "/{id}", summary: "Change a flow's draft", middleware: guard("chatbots:manage"), request: { params: IdParams, ...body(FlowPatch) }, responses: { 200: json(Flow, "Updated"), ...errorResponses(400, 401, 403, 404) } }),
    async (c) => c.json(await (await loadFlows()).updateFlow({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id, patch: c.req.valid("json") } }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/{id}", summary: "Delete a flow", middleware: guard("chatbots:manage"), request: { params: IdParams }, responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) } }),
    async (c) => {
      await (await loadFlows()).deleteFlow({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/publish", summary: "Publish the draft as the next version", description: "400 `INVALID_FLOW` lists dangling edges, unreachable nodes or a missing start. New conversations start this version; running ones finish on theirs.",
      middleware: guard("chatbots:manage"), request: { params: IdParams }, responses: { 201: json(FlowVersion, "The new version"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await (await loadFlows()).publishFlow({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 201),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/{id}/versions", summary: "Published versions", middleware: guard("chatbots:read"), request: { params: IdParams }, responses: { 200: json(z.object({ data: z.array(FlowVersion) }), "Newest first"), ...errorResponses(401, 403, 404) } }),
    async (c) => c.json({ data: await (await loadFlows()).listFlowVersions({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }) }, 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/versions/{version}/restore", summary: "Restore a version as the draft", middleware: guard("chatbots:manage"),
      request: { params: VersionParams }, responses: { 200: json(Flow, "The flow with the restored draft"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await (await loadFlows()).restoreFlowVersion({ ctx: serviceCtx(c), input: { id: p.id, version: p.version } }), 200);
    },
  );
