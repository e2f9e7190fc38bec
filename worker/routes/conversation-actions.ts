import { z } from "zod";
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
import { validate } from "../inbox/validate";
import { createRouter } from "../lib/router";
import { relaySocket, type SocketTarget } from "../conversations/upgrade";
import { ticketedConversation } from "../conversations/ticketed";

/**
 * Agent actions on a live conversation: reply, take over, return to the AI,
 * resolve, reopen, archive, transfer, and the agent's socket on the conversation.
 * Viewers may watch (socket) but every action needs conversations:respond.
 */
export const conversationActions = createRouter();

const respond = [requireAuth, requirePermission("conversations:respond")] as const;
const body = async (c: { req: { json: () => Promise<unknown> } }) => c.req.json().catch(() => ({}));

const MessageBody = z.object({ text: z.string().trim().min(1).max(4000), client_id: z.string().min(1).max(64) });
conversationActions.post("/:id/messages", ...respond, async (c) => {
  const input = validate(MessageBody, await body(c));
  const out = await sendAgentMessage({ env: c.env, auth: c.get("auth") }, c.req.param("id"), input);
  return c.json(out, 201);
});

conversationActions.post("/:id/takeover", ...respond, async (c) => {
  return c.json(await takeover({ env: c.env, auth: c.get("auth") }, c.req.param("id")));
});

const ReturnBody = z.object({ bot_mode: z.enum(["passive", "active"]).optional() });
conversationActions.post("/:id/return-to-ai", ...respond, async (c) => {
  const input = validate(ReturnBody, await body(c));
  return c.json(await returnToAi({ env: c.env, auth: c.get("auth") }, c.req.param("id"), input.bot_mode));
});

const ResolveBody = z.object({ note: z.string().trim().max(2000).optional(), tags: z.array(z.string().max(50)).max(20).optional() });
conversationActions.post("/:id/resolve", ...respond, async (c) => {
  const input = validate(ResolveBody, await body(c));
  return c.json(await resolveConversation({ env: c.env, auth: c.get("auth") }, c.req.param("id"), input));
});

conversationActions.post("/:id/reopen", ...respond, async (c) => {
  return c.json(await reopenConversation({ env: c.env, auth: c.get("auth") }, c.req.param("id")));
});

conversationActions.post("/:id/archive", ...respond, async (c) => {
  return c.json(await archiveConversation({ env: c.env, auth: c.get("auth") }, c.req.param("id")));
});

const TransferBody = z.object({ agent_id: z.string().min(1).max(64) });
conversationActions.post("/:id/transfer", ...respond, async (c) => {
  const input = validate(TransferBody, await body(c));
  return c.json(await transferConversation({ env: c.env, auth: c.get("auth") }, c.req.param("id"), input.agent_id));
});

conversationActions.post("/:id/ws-ticket", requireAuth, requirePermission("conversations:read"), async (c) => {
  return c.json(await agentSocketTicket({ env: c.env, auth: c.get("auth") }, c.req.param("id")), 201);
});

/** The agent's socket on one conversation: access token in Sec-WebSocket-Protocol or a `?ticket=`. */
conversationActions.get("/:id/ws", (c) =>
  relaySocket(c.req.raw, {
    lastSeqHeader: LAST_SEQ_HEADER,
    open: async (ticket): Promise<SocketTarget> => {
      if (ticket) return { stub: await ticketedConversation(c.env, c.req.param("id"), ticket), headers: { [TICKET_HEADER]: ticket } };
      const ctx = { env: c.env, auth: await authenticateDashboardSocket(c.env, c.req.raw) };
      const { stub } = await workspaceConversation(ctx, c.req.param("id"));
      return { stub, headers: { [IDENTITY_HEADER]: encodeInternalHeader(await agentIdentity(ctx)) } };
    },
    refused: (status) => (status === 404 ? { status: 404, code: "NOT_FOUND" } : { status: 401, code: "INVALID_TICKET" }),
  }),
);
