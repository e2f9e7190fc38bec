import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { changeRole, deactivateMember, leaveWorkspace, listMembers, reactivateMember, removeMember } from "../team/members";
import { AUTHENTICATED, errorResponses } from "./docs";
import { body, json, MemberSchema, RoleSchema, UserIdParams } from "./team-schemas";

const base = { tags: ["Team"], security: AUTHENTICATED };
const manage = () => [requireAuth, requirePermission("team:manage")];
const LAST_OWNER = "409 LAST_OWNER if this would leave the workspace without an active owner.";

export const membersRoutes = createRouter()
  .openapi(
    createRoute({
      ...base,
      method: "get",
      path: "/",
      summary: "List the workspace's members",
      middleware: [requireAuth, requirePermission("team:read")] as const,
      responses: { 200: json(z.object({ data: z.array(MemberSchema) }), "Members, oldest first"), ...errorResponses(401, 403) },
    }),
    async (c) => c.json({ data: await listMembers({ ctx: serviceCtx(c), input: undefined }) }, 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/leave",
      summary: "Leave the workspace",
      description: `The caller's membership ends and their sessions here are revoked. ${LAST_OWNER}`,
      middleware: [requireAuth] as const,
      responses: { 200: json(z.object({ ok: z.literal(true) }), "Left"), ...errorResponses(401, 403, 409) },
    }),
    async (c) => {
      await leaveWorkspace({ ctx: serviceCtx(c), input: undefined });
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      ...base,
      method: "patch",
      path: "/{user_id}",
      summary: "Change a member's role",
      description: `Admins cannot change owners; nobody can grant a role above their own (403). ${LAST_OWNER}`,
      middleware: manage(),
      request: { params: UserIdParams, ...body(z.strictObject({ role: RoleSchema })) },
      responses: { 200: json(MemberSchema, "Updated member"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await changeRole({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").user_id, role: c.req.valid("json").role } }), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/{user_id}/deactivate",
      summary: "Deactivate a member",
      description: `Every session the member has in this workspace ends at once. ${LAST_OWNER}`,
      middleware: manage(),
      request: { params: UserIdParams },
      responses: { 200: json(MemberSchema, "Deactivated member"), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => c.json(await deactivateMember({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").user_id } }), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "post",
      path: "/{user_id}/reactivate",
      summary: "Reactivate a member",
      middleware: manage(),
      request: { params: UserIdParams },
      responses: { 200: json(MemberSchema, "Active member"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await reactivateMember({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").user_id } }), 200),
  )
  .openapi(
    createRoute({
      ...base,
      method: "delete",
      path: "/{user_id}",
      summary: "Remove a member from the workspace",
      description: `The account stays; the membership and its sessions end. ${LAST_OWNER}`,
      middleware: manage(),
      request: { params: UserIdParams },
      responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      await removeMember({ ctx: serviceCtx(c), input: { userId: c.req.valid("param").user_id } });
      return c.body(null, 204);
    },
  );
