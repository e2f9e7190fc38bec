import { createRoute, z } from "@hono/zod-openapi";
import { assertWorkspaceLive } from "../admin/suspension";
import { IDENTITY_HEADER, LAST_SEQ_HEADER, TICKET_HEADER } from "../../durable-objects/conversation";
import { encodeInternalHeader } from "../../durable-objects/internal-header";
import { requireAuth, requirePermission } from "../auth/middleware";
import {
  agentIdentity,
  agentSocketTicket,
  archiveConversation,
  reopenConversation,
  resolveConversation,
  returnToAi,
  sendAgentMessage,
  takeover,
  transferConversation,
  workspaceConversation,
} from "../conversations/service";
import { authenticateDashboardSocket } from "../conversations/socket-auth";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";
import { ConvParams, ConversationView, SocketTicket, json, jsonBody, webSocketUpgrade } from "./inbox-schemas";
import { relaySocket, type SocketTarget } from "../conversations/upgrade";
import { ticketedConversation } from "../conversations/ticketed";

/**
 * Agent actions on a live conversation: reply, take over, return to the AI,
 * resolve, reopen, archive, transfer, and the agent's socket on the conversation.
 * Viewers may watch (socket) but every action needs conversations:respond.
 */
export const conversationActions = createRouter();

const respond = [requireAuth, requirePermission("conversations:respond")];
const base = { tags: ["Conversations"], security: AUTHENTICATED };
const actionErrors = errorResponses(400, 401, 403, 404, 409);
const viewResponse = json(ConversationView, "The conversation after the action");

const MessageBody = z.object({ text: z.string().trim().min(1).max(4000), client_id: z.string().min(1).max(64) }).openapi("AgentMessageInput");
const SentMessage = z.object({ message_id: z.string(), seq: z.number().int() }).openapi("SentMessage");
const ReturnBody = z.object({ bot_mode: z.enum(["passive", "active"]).optional() }).openapi("ReturnToAiInput");
const ResolveBody = z.object({ note: z.string().trim().max(2000).optional(), tags: z.array(z.string().max(50)).max(20).optional() }).openapi("ResolveInput");
const TransferBody = z.object({ agent_id: z.string().min(1).max(64) }).openapi("TransferInput");
const SocketQuery = z.object({
  last_seq: z.string().regex(/^\d{1,12}$/, "last_seq must be a non-negative integer").optional().openapi({ description: "Resume after this seq: only newer messages are replayed" }),
  ticket: z.string().max(2000).optional().openapi({ description: "A single-use ticket from POST /ws-ticket (instead of the access token in Sec-WebSocket-Protocol)" }),
});

const action = (path: string, summary: string, description: string) =>
  createRoute({ ...base, method: "post", path: `/{id}/${path}`, summary, description, middleware: respond, request: { params: ConvParams }, responses: { 200: viewResponse, ...actionErrors } });
const actionWith = <T extends z.ZodType>(path: string, summary: string, description: string, schema: T, required: boolean) =>
  createRoute({ ...base, method: "post", path: `/{id}/${path}`, summary, description, middleware: respond, request: { params: ConvParams, ...jsonBody(schema, required) }, responses: { 200: viewResponse, ...actionErrors } });

conversationActions
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/messages", summary: "Reply as the agent",
      description:
        "`client_id` makes the send idempotent. The agent must hold the conversation (take it over first). On WhatsApp outside the 24-hour window, and on Messenger/Instagram more than 7 days after the customer last wrote, 409 `REPLY_WINDOW_CLOSED` (details: channel, state, closes_at, last_inbound_at, templates_required, reason) and nothing is stored; on WhatsApp send an approved template instead.",
      middleware: respond, request: { params: ConvParams, ...jsonBody(MessageBody) }, responses: { 201: json(SentMessage, "Appended to the conversation's log"), ...actionErrors },
    }),
    async (c) => c.json(await sendAgentMessage({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), id: c.req.valid("param").id } }), 201),
  )
  .openapi(action("takeover", "Take the conversation over from the bot", "The caller becomes its holder; another agent's hold answers 409."), async (c) =>
    c.json(await takeover({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(actionWith("return-to-ai", "Hand the conversation back to the bot", "`bot_mode` passive (suggests) or active (answers).", ReturnBody, false), async (c) =>
    c.json(await returnToAi({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id, botMode: c.req.valid("json").bot_mode } }), 200),
  )
  .openapi(actionWith("resolve", "Resolve", "Optional closing note and tags.", ResolveBody, false), async (c) =>
    c.json(await resolveConversation({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), id: c.req.valid("param").id } }), 200),
  )
  .openapi(action("reopen", "Reopen a resolved conversation", "resolved → active."), async (c) => c.json(await reopenConversation({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200))
  .openapi(action("archive", "Archive", "Hides it from the open inbox; the log stays."), async (c) => c.json(await archiveConversation({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200))
  .openapi(actionWith("transfer", "Transfer to another agent", "`agent_id` must be an active agent, admin or owner of the workspace.", TransferBody, true), async (c) =>
    c.json(await transferConversation({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id, agentId: c.req.valid("json").agent_id } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/ws-ticket", summary: "A single-use ticket for the conversation socket",
      description: "For clients that cannot put the access token in Sec-WebSocket-Protocol: open `GET /{id}/ws?ticket=…` within its lifetime.",
      middleware: [requireAuth, requirePermission("conversations:read")], request: { params: ConvParams },
      responses: { 201: json(SocketTicket, "The ticket"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await agentSocketTicket({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 201),
  );

/** The agent's socket on one conversation: access token in Sec-WebSocket-Protocol or a `?ticket=`. */
conversationActions.openapi(
  createRoute({
    ...base, method: "get", path: "/{id}/ws", summary: "The agent's WebSocket on a conversation",
    description:
      "Upgrade with `Sec-WebSocket-Protocol: minichat.v1, bearer.<access token>` or `?ticket=`. Frames are the `ServerFrame`/`ClientFrame` unions of the protocol (durable-objects/protocol.ts). Viewers may watch; replies need conversations:respond.",
    request: { params: ConvParams, query: SocketQuery },
    responses: { ...webSocketUpgrade("Then `hello`, the replay after `last_seq`, and live frames."), ...errorResponses(400, 401, 404, 426) },
  }),
  (c) =>
    relaySocket(c.req.raw, {
      lastSeqHeader: LAST_SEQ_HEADER,
      open: async (ticket): Promise<SocketTarget> => {
        if (ticket) {
          await assertWorkspaceLive(c.env, { conversationId: c.req.param("id") });
          return { stub: await ticketedConversation(c.env, c.req.param("id"), ticket), headers: { [TICKET_HEADER]: ticket } };
        }
        const ctx = { env: c.env, auth: await authenticateDashboardSocket(c.env, c.req.raw) };
        const { stub } = await workspaceConversation({ ctx, input: { id: c.req.param("id") } });
        return { stub, headers: { [IDENTITY_HEADER]: encodeInternalHeader(await agentIdentity({ ctx, input: undefined })) } };
      },
      refused: (status) => (status === 404 ? { status: 404, code: "NOT_FOUND" } : { status: 401, code: "INVALID_TICKET" }),
    }),
);
