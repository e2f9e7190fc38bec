import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { teamCtx } from "../team/context";
import { getWorkspace, updateWorkspace } from "../team/workspace";
import { AUTHENTICATED, errorResponses } from "./docs";
import { body, json, RoleSchema } from "./team-schemas";

const WorkspaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    plan: z.string(),
    member_count: z.number().int(),
    role: RoleSchema.openapi({ description: "The caller's role here" }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Workspace");

const base = { tags: ["Team"], security: AUTHENTICATED };

export const workspaceRoutes = createRouter()
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/",
      summary: "The caller's workspace",
      middleware: [requireAuth] as const,
      responses: { 200: json(WorkspaceSchema, "Workspace"), ...errorResponses(401) },
    }),
    async (c) => c.json(await getWorkspace(teamCtx(c)), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "patch",
      path: "/",
      summary: "Rename the workspace",
      description: "Owners and admins (settings:manage).",
      middleware: [requireAuth, requirePermission("settings:manage")] as const,
      request: body(z.strictObject({ name: z.string().trim().min(1).max(100).optional() })),
      responses: { 200: json(WorkspaceSchema, "Updated workspace"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await updateWorkspace(teamCtx(c), c.req.valid("json")), 200),
  );
