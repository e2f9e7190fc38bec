import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { Rule, RuleInput, RuleTestResult } from "../automation/schema";
import { loadAutomation } from "../lazy";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";

const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });
const Reorder = z.object({ ids: z.array(z.string().min(1).max(64)).max(100).openapi({ description: "Every rule id of the workspace, first runs first" }) }).openapi("AutomationRuleOrder");
const TestInput = z.object({ conversation_id: z.string().min(1).max(80) }).openapi("AutomationRuleTestInput");
const List = z.object({ data: z.array(Rule) });

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const read = [requireAuth, requirePermission("chatbots:read")];
const write = [requireAuth, requirePermission("settings:manage")];
const base = { tags: ["Automation"], security: AUTHENTICATED };
const lib = loadAutomation;

/** Automation rules: when something happens to a conversation, if conditions hold, then actions — in order. */
export const automationRoutes = createRouter()
  .openapi(createRoute({ ...base, method: "get", path: "/", summary: "List rules in the order they run", middleware: read, responses: { 200: json(List, "The rules"), ...errorResponses(401, 403) } }), async (c) =>
    c.json({ data: await (await lib()).listRules({ ctx: serviceCtx(c), input: undefined }) }, 200),
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/", summary: "Create a rule (runs after the existing ones)", middleware: write, request: body(RuleInput), responses: { 201: json(Rule, "Created"), ...errorResponses(400, 401, 403, 409) } }),
    async (c) => c.json(await (await lib()).createRule({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/reorder", summary: "Set the order rules run in", middleware: write, request: body(Reorder), responses: { 200: json(List, "The rules in their new order"), ...errorResponses(400, 401, 403) } }),
    async (c) => c.json({ data: await (await lib()).reorderRules({ ctx: serviceCtx(c), input: c.req.valid("json") }) }, 200),
  )
  .openapi(createRoute({ ...base, method: "get", path: "/{id}", summary: "Get a rule", middleware: read, request: { params: IdParams }, responses: { 200: json(Rule, "The rule"), ...errorResponses(401, 403, 404) } }), async (c) =>
    c.json(await (await lib()).getRule({ ctx: serviceCtx(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "patch", path: "/{id}", summary: "Update a rule", middleware: write, request: { params: IdParams, ...body(RuleInput.partial()) }, responses: { 200: json(Rule, "Updated"), ...errorResponses(400, 401, 403, 404) } }),
    async (c) => c.json(await (await lib()).updateRule({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id, patch: c.req.valid("json") } }), 200),
  )
  .openapi(createRoute({ ...base, method: "delete", path: "/{id}", summary: "Delete a rule", middleware: write, request: { params: IdParams }, responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) } }), async (c) => {
    await (await lib()).deleteRule({ ctx: serviceCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  })
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/test", summary: "Test a rule against a conversation (nothing is changed)",
      description: "Which conditions hold for the conversation as it is now, and which actions would run. Runs nothing, records nothing.",
      middleware: read, request: { params: IdParams, ...body(TestInput) }, responses: { 200: json(RuleTestResult, "The evaluation"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await (await lib()).testRule({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id, conversation_id: c.req.valid("json").conversation_id } }), 200),
  );
