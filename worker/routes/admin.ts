import { createRoute, z } from "@hono/zod-openapi";
import { listWorkspaces, overridePlan, platformAuditLog, platformOverview, suspendWorkspace, unsuspendWorkspace, workspaceDetail } from "../admin/console";
import { requireSuperAdmin } from "../admin/guard";
import { requireAuth } from "../auth/middleware";
import { PLAN_IDS } from "../billing/plans";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const base = { tags: ["Platform admin"], security: AUTHENTICATED };
const guard = [requireAuth, requireSuperAdmin];
const ok = (description: string) => ({ 200: { description, content: { "application/json": { schema: z.object({}).passthrough() } } } });
const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { "application/json": { schema } } } });
const note = "Platform operators only (granted by an operator command, two-factor sign-in required); anyone else gets 404. Every action is written to the platform audit log.";

/** `/api/v1/admin`: the platform operators' console (not a workspace role). */
export const adminRoutes = createRouter()
  .openapi(
    createRoute({ ...base, method: "get", path: "/me", summary: "Whether the caller is a platform operator", description: `${note} The dashboard shows the console only when this answers 200 (or 403 MFA_REQUIRED).`, middleware: guard, responses: { 200: { description: "An operator", content: { "application/json": { schema: z.object({ operator: z.literal(true) }) } } }, ...errorResponses(401, 403, 404) } }),
    (c) => c.json({ operator: true as const }, 200),
  )
  .openapi(createRoute({ ...base, method: "get", path: "/overview", summary: "Platform figures", description: note, middleware: guard, responses: { ...ok("Figures"), ...errorResponses(401, 403, 404) } }), async (c) =>
    c.json(await platformOverview(c.env), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/workspaces",
      summary: "Workspaces",
      description: note,
      middleware: guard,
      request: {
        query: z.object({
          q: z.string().max(200).optional(),
          plan: z.enum(PLAN_IDS).optional(),
          suspended: z.enum(["true", "false"]).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
      responses: { ...ok("Workspaces"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await listWorkspaces(c.env, { search: q.q, plan: q.plan, suspended: q.suspended === undefined ? undefined : q.suspended === "true", limit: q.limit, offset: q.offset }), 200);
    },
  )
  .openapi(createRoute({ ...base, method: "get", path: "/workspaces/{id}", summary: "A workspace (read-only support view)", description: note, middleware: guard, request: { params: IdParams }, responses: { ...ok("Workspace"), ...errorResponses(401, 403, 404) } }), async (c) =>
    c.json(await workspaceDetail(c.env, c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/workspaces/{id}/suspend",
      summary: "Suspend a workspace",
      description: `${note} Its API answers 403 WORKSPACE_SUSPENDED and its widgets go dark; nothing is deleted.`,
      middleware: guard,
      request: { params: IdParams, ...body(z.strictObject({ reason: z.string().trim().min(1).max(500) })) },
      responses: { ...ok("Suspended"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await suspendWorkspace(c.env, c.get("auth").userId!, c.req.valid("param").id, c.req.valid("json").reason), 200),
  )
  .openapi(createRoute({ ...base, method: "post", path: "/workspaces/{id}/unsuspend", summary: "Lift a suspension", description: note, middleware: guard, request: { params: IdParams }, responses: { ...ok("Active again"), ...errorResponses(401, 403, 404) } }), async (c) =>
    c.json(await unsuspendWorkspace(c.env, c.get("auth").userId!, c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/workspaces/{id}/plan",
      summary: "Comp a plan or extend a trial",
      description: `${note} With \`expires_at\` the plan lapses to free at that time unless the workspace pays.`,
      middleware: guard,
      request: { params: IdParams, ...body(z.strictObject({ plan: z.enum(PLAN_IDS), expires_at: z.string().datetime().nullable().default(null), note: z.string().max(500).nullable().default(null) })) },
      responses: { ...ok("Plan set"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      return c.json(await overridePlan(c.env, c.get("auth").userId!, c.req.valid("param").id, b.plan, b.expires_at, b.note), 200);
    },
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/audit", summary: "Platform audit log", description: note, middleware: guard, request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) }) }, responses: { ...ok("Entries"), ...errorResponses(401, 403, 404) } }),
    async (c) => c.json(await platformAuditLog(c.env, c.req.valid("query").limit), 200),
  );
