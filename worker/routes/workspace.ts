import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { DataRetentionSchema } from "../privacy/retention";
import { serviceCtx } from "../lib/service";
import { deleteWorkspace, getWorkspace, updateWorkspace } from "../team/workspace";
import { AUTHENTICATED, errorResponses } from "./docs";
import { body, json, RoleSchema } from "./team-schemas";
import { isValidTimeZone } from "../chatbots/schemas";

const WorkspaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    plan: z.string(),
    member_count: z.number().int(),
    role: RoleSchema.openapi({ description: "The caller's role here" }),
    data_retention: DataRetentionSchema,
    timezone: z.string().openapi({ description: "IANA time zone of the workspace's reports and dates (Asia/Bangkok by default)", example: "Asia/Bangkok" }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Workspace");

const DeletedWorkspaceSchema = z
  .object({ id: z.string(), deleted_at: z.string(), purge_after: z.string().openapi({ description: "When the daily job purges everything the workspace owns" }) })
  .openapi("DeletedWorkspace");

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
    async (c) => c.json(await getWorkspace({ ctx: serviceCtx(c), input: undefined }), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "patch",
      path: "/",
      summary: "Rename the workspace, change its data retention or its time zone",
      description: "Owners and admins (settings:manage). `data_retention` may be partial; null days keep data forever.",
      middleware: [requireAuth, requirePermission("settings:manage")] as const,
      request: body(
        z.strictObject({
          name: z.string().trim().min(1).max(100).optional(),
          data_retention: DataRetentionSchema.partial().optional(),
          timezone: z.string().max(64).refine(isValidTimeZone, "timezone must be an IANA time zone such as Asia/Bangkok").optional(),
        }),
      ),
      responses: { 200: json(WorkspaceSchema, "Updated workspace"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await updateWorkspace({ ctx: serviceCtx(c), input: c.req.valid("json") }), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "delete",
      path: "/",
      summary: "Delete the workspace",
      description:
        "Owners only (workspace:delete), confirming with the workspace's exact name. Sign-ins, API keys and widgets stop at once; after 30 days the daily job purges everything the workspace owns.",
      middleware: [requireAuth, requirePermission("workspace:delete")] as const,
      request: body(z.strictObject({ confirm: z.string().min(1).max(100).openapi({ description: "The workspace's name" }) })),
      responses: { 202: json(DeletedWorkspaceSchema, "Deleted; purge scheduled"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await deleteWorkspace({ ctx: serviceCtx(c), input: { confirm: c.req.valid("json").confirm } }), 202),
  );
