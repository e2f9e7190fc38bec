import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { loadTeams } from "../lazy";
import { AUTHENTICATED, errorResponses } from "./docs";

const Capacity = z.number().int().min(1).max(100);
const TeamBody = z
  .object({
    name: z.string().trim().min(1).max(80).openapi({ example: "Sales" }),
    member_ids: z.array(z.string().min(1).max(64)).max(200).openapi({ description: "Workspace members in the team" }),
    assignment: z.enum(["balanced", "round_robin", "manual"]).openapi({ description: "balanced: fewest open conversations, ties to the longest since their last assignment" }),
    capacity: Capacity.openapi({ description: "Default maximum concurrent conversations per member", example: 5 }),
    reply_limit_seconds: z.number().int().min(5).max(86_400).nullable().optional().openapi({ description: "Unanswered this long: back to the queue" }),
    offline_grace_seconds: z.number().int().min(0).max(3600).optional().openapi({ description: "Offline this long: conversations back to the queue (60)" }),
    members: z.array(z.object({ user_id: z.string().min(1).max(64), capacity: Capacity.nullable() })).max(200).optional().openapi({ description: "Per-member capacity overrides" }),
  })
  .openapi("TeamInput");
const Team = z
  .object({
    id: z.string(),
    name: z.string(),
    assignment: z.enum(["balanced", "round_robin", "manual"]),
    capacity: z.number().int(),
    reply_limit_seconds: z.number().int().nullable(),
    offline_grace_seconds: z.number().int(),
    member_ids: z.array(z.string()),
    members: z.array(z.object({ user_id: z.string(), name: z.string().nullable(), capacity: z.number().int().nullable() })),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Team");
const Overview = z
  .object({
    data: z.array(
      z.object({
        team_id: z.string(),
        name: z.string(),
        assignment: z.string(),
        queue: z.array(z.object({ conversation_id: z.string(), position: z.number().int(), priority: z.number().int(), estimated_wait_seconds: z.number().int() })),
        members: z.array(z.object({ user_id: z.string(), name: z.string().nullable(), status: z.string(), open_conversations: z.number().int(), capacity: z.number().int() })),
      }),
    ),
  })
  .openapi("RoutingOverview");
const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });
const MemberParams = IdParams.extend({ user_id: z.string().min(1).max(64).openapi({ param: { name: "user_id", in: "path" } }) });

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const guard = (permission: Parameters<typeof requirePermission>[0]) => [requireAuth, requirePermission(permission)];
const base = { tags: ["Routing"], security: AUTHENTICATED };

/** Teams (departments) with members, capacity and an assignment mode; their live queues. */
export const teamsRoutes = createRouter()
  .openapi(
    createRoute({ ...base, method: "get", path: "/", summary: "List teams", middleware: guard("team:read"), responses: { 200: json(z.object({ data: z.array(Team) }), "The workspace's teams"), ...errorResponses(401, 403) } }),
    async (c) => c.json({ data: await (await loadTeams()).listTeams({ ctx: serviceCtx(c), input: undefined }) }, 200),
  )
  .openapi(
    createRoute({ ...base, method: "post", path: "/", summary: "Create a team", middleware: guard("team:manage"), request: body(TeamBody), responses: { 201: json(Team, "Created"), ...errorResponses(400, 401, 403, 409) } }),
    async (c) => c.json(await (await loadTeams()).createTeam({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/queue", summary: "Live queues and members' load",
      middleware: guard("conversations:read"), responses: { 200: json(Overview, "Live queues and load"), ...errorResponses(401, 403) },
    }),
    async (c) => c.json({ data: await (await loadTeams()).routingOverview({ ctx: serviceCtx(c), input: undefined }) }, 200),
  )
  .openapi(
    createRoute({ ...base, method: "get", path: "/{id}", summary: "Get a team", middleware: guard("team:read"), request: { params: IdParams }, responses: { 200: json(Team, "The team"), ...errorResponses(401, 403, 404) } }),
    async (c) => c.json(await (await loadTeams()).getTeam({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "patch", path: "/{id}", summary: "Update a team", middleware: guard("team:manage"), request: { params: IdParams, ...body(TeamBody.partial()) }, responses: { 200: json(Team, "Updated"), ...errorResponses(400, 401, 403, 404, 409) } }),
    async (c) => c.json(await (await loadTeams()).updateTeam({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id, patch: c.req.valid("json") } }), 200),
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/{id}", summary: "Delete a team", middleware: guard("team:manage"), request: { params: IdParams }, responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) } }),
    async (c) => {
      await (await loadTeams()).deleteTeam({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      ...base, method: "put", path: "/{id}/members/{user_id}", summary: "Add a member or set their capacity", middleware: guard("team:manage"),
      request: { params: MemberParams, ...body(z.object({ capacity: Capacity.nullable() }).openapi("TeamMemberInput")) },
      responses: { 200: json(Team, "The team"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await (await loadTeams()).putTeamMember({ ctx: serviceCtx(c), input: { teamId: p.id, userId: p.user_id, capacity: c.req.valid("json").capacity } }), 200);
    },
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/{id}/members/{user_id}", summary: "Remove a member from a team", middleware: guard("team:manage"), request: { params: MemberParams }, responses: { 200: json(Team, "The team"), ...errorResponses(401, 403, 404) } }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await (await loadTeams()).removeTeamMember({ ctx: serviceCtx(c), input: { teamId: p.id, userId: p.user_id } }), 200);
    },
  );
