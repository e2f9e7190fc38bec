import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { workspaceConversation } from "../conversations/service";
import { badRequest, notFound } from "../lib/errors";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const Placement = z
  .object({
    kind: z.enum(["assigned", "queued", "unrouted"]),
    agent: z.object({ id: z.string(), name: z.string() }).optional(),
    team_id: z.string().optional(),
    position: z.number().int().optional(),
    estimated_wait_seconds: z.number().int().optional(),
  })
  .openapi("RoutingPlacement");

/** An admin or agent sends a conversation to a team: assigned at once when someone has room, else queued. */
export const conversationRouting = createRouter().openapi(
  createRoute({
    tags: ["Routing"],
    security: AUTHENTICATED,
    method: "post",
    path: "/{id}/route",
    summary: "Send a conversation to a team's queue (assigned by the team's mode)",
    middleware: [requireAuth, requirePermission("conversations:respond")],
    request: {
      params: z.object({ id: z.string().min(1).max(80).openapi({ param: { name: "id", in: "path" } }) }),
      body: { content: { "application/json": { schema: z.object({ team_id: z.string().min(1).max(64) }).openapi("RouteInput") } }, required: true },
    },
    responses: { 200: { description: "Where it went", content: { "application/json": { schema: Placement } } }, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const auth = c.get("auth");
    const { team_id } = c.req.valid("json");
    const id = c.req.valid("param").id;
    const { stub } = await workspaceConversation({ ctx: { env: c.env, auth }, input: { id } });
    if (!(await c.env.DB.prepare(`select 1 from teams where id = ?1 and workspace_id = ?2`).bind(team_id, auth.workspaceId).first())) throw notFound("Team");
    const row = await c.env.DB.prepare(`select status from conversations where id = ?1`).bind(id).first<{ status: string }>();
    if (row?.status === "archived") throw badRequest("CONVERSATION_CLOSED", "This conversation is archived");
    return c.json(await stub.routeToTeam(team_id), 200);
  },
);
