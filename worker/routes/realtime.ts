import { createRoute, z } from "@hono/zod-openapi";
import { assertWorkspaceLive } from "../admin/suspension";
import { HUB_IDENTITY_HEADER, HUB_TICKET_HEADER } from "../../durable-objects/workspace-hub";
import { encodeInternalHeader } from "../../durable-objects/internal-header";
import { workspaceHub } from "../../durable-objects/stubs";
import { requireAuth } from "../auth/middleware";
import { actorOf } from "../conversations/service";
import { authenticateDashboardSocket } from "../conversations/socket-auth";
import { AppError, badRequest } from "../lib/errors";
import { createRouter } from "../lib/router";
import { relaySocket, type SocketTarget } from "../conversations/upgrade";
import { socketTicketValid } from "../conversations/socket-ticket";
import type { AuthContext } from "../lib/context";
import type { Actor } from "../../durable-objects/conversation";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";
import { SocketTicket, json, webSocketUpgrade } from "./inbox-schemas";

/** Who a hub socket belongs to: the member, and the workspace and session family it was opened with. */
function hubIdentity(auth: AuthContext, actor: Actor) {
  return { userId: actor.id, name: actor.name, role: actor.role, workspaceId: auth.workspaceId, sid: auth.sessionId ?? null };
}

/**
 * The dashboard's workspace socket: live inbox events, presence and knowledge
 * progress. Access token in Sec-WebSocket-Protocol (`minichat.v1, bearer.<jwt>`)
 * or a single-use ticket from `POST /ws-ticket` with `?ticket=&workspace_id=`.
 */
export const realtime = createRouter();

const HubQuery = z.object({
  ticket: z.string().max(2000).optional().openapi({ description: "A single-use ticket from POST /ws-ticket (instead of the access token in Sec-WebSocket-Protocol)" }),
  workspace_id: z.string().max(80).optional().openapi({ description: "Required with `ticket`" }),
});

realtime.openapi(
  createRoute({
    tags: ["Conversations"], security: AUTHENTICATED, method: "post", path: "/ws-ticket", summary: "A single-use ticket for the workspace socket",
    middleware: [requireAuth], responses: { 201: json(SocketTicket.extend({ workspace_id: z.string() }), "The ticket"), ...errorResponses(401, 403) },
  }),
  async (c) => {
    const ctx = serviceCtx(c);
    const actor = await actorOf({ ctx, input: undefined });
    const out = await workspaceHub(c.env, ctx.auth.workspaceId).issueTicket(hubIdentity(ctx.auth, actor));
    return c.json({ ...out, workspace_id: ctx.auth.workspaceId }, 201);
  },
);

realtime.openapi(
  createRoute({
    tags: ["Conversations"], method: "get", path: "/ws", summary: "The dashboard's workspace WebSocket (live inbox, presence, knowledge progress)",
    description: "Upgrade with `Sec-WebSocket-Protocol: minichat.v1, bearer.<access token>` or `?ticket=&workspace_id=`. Frames are the protocol's `HubFrame` union (durable-objects/protocol.ts).",
    request: { query: HubQuery },
    responses: { ...webSocketUpgrade("Then `hello` and the workspace's live frames."), ...errorResponses(400, 401, 426) },
  }),
  (c) =>
    relaySocket(c.req.raw, {
      open: async (ticket, url): Promise<SocketTarget> => {
        if (ticket) {
          const workspaceId = url.searchParams.get("workspace_id");
          if (!workspaceId) throw badRequest("VALIDATION_ERROR", "workspace_id is required with a ticket");
          await assertWorkspaceLive(c.env, { workspaceId });
          // a forged, expired or other workspace's ticket never reaches (or creates) a hub
          if (!(await socketTicketValid(c.env, ticket, `hub:${workspaceId}`))) throw new AppError(401, "INVALID_TICKET", "Invalid or expired ticket");
          return { stub: workspaceHub(c.env, workspaceId), headers: { [HUB_TICKET_HEADER]: ticket } };
        }
        const auth = await authenticateDashboardSocket(c.env, c.req.raw);
        const actor = await actorOf({ ctx: { env: c.env, auth }, input: undefined });
        return { stub: workspaceHub(c.env, auth.workspaceId), headers: { [HUB_IDENTITY_HEADER]: encodeInternalHeader(hubIdentity(auth, actor)) } };
      },
      refused: () => ({ status: 401, code: "INVALID_TICKET" }),
    }),
);
