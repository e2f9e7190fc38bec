import { createRoute, z } from "@hono/zod-openapi";
import { listAuditLogs } from "../audit/query";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";
import { json } from "./team-schemas";

const AuditLogSchema = z
  .object({
    id: z.string(),
    action: z.string().openapi({ example: "member.role_changed" }),
    actor_user_id: z.string().nullable(),
    actor_api_key_id: z.string().nullable(),
    actor_email: z.string().nullable(),
    resource_type: z.string().nullable(),
    resource_id: z.string().nullable(),
    changes: z.unknown().openapi({ description: "Usually { before, after }" }),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("AuditLog");

const Iso = z.iso.datetime({ offset: true });
const Query = z.object({
  action: z.string().max(100).optional(),
  actor_user_id: z.string().max(64).optional(),
  resource_type: z.string().max(50).optional(),
  resource_id: z.string().max(64).optional(),
  from: Iso.optional().openapi({ description: "Inclusive lower bound (ISO-8601)" }),
  to: Iso.optional().openapi({ description: "Inclusive upper bound (ISO-8601)" }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

export const auditLogsRoutes = createRouter().openapi(
  createRoute({
    tags: ["Team"],
    security: AUTHENTICATED,
    method: "get",
    path: "/",
    summary: "The workspace's audit log",
    description: "Newest first. Needs audit:read (owners and admins). Pass `next_cursor` back as `cursor` for the next page.",
    middleware: [requireAuth, requirePermission("audit:read")] as const,
    request: { query: Query },
    responses: {
      200: json(z.object({ data: z.array(AuditLogSchema), next_cursor: z.string().nullable() }), "A page of entries"),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const norm = (s: string | undefined) => (s ? new Date(s).toISOString() : undefined);
    return c.json(await listAuditLogs(c.env, c.get("auth").workspaceId, { ...q, from: norm(q.from), to: norm(q.to) }), 200);
  },
);
