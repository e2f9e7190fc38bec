import type { Call } from "../lib/service";
import { addConversationTags } from "../inbox/tags";
import { conversationStub } from "../../durable-objects/stubs";
import type { Actor, ConversationView, SocketIdentity } from "../../durable-objects/conversation";
import type { BotMode } from "../../durable-objects/protocol";
import { can } from "../auth/permissions";
import { AppError, badRequest, forbidden, notFound } from "../lib/errors";
import { conversationReplyRefusal } from "../channels/reply-window";
import { unwrap } from "./do-result";

/** The caller as an actor on a conversation: a signed-in user with their display name. */
export async function actorOf({ ctx }: Call<void>): Promise<Actor> {
  const { auth, env } = ctx;
  if (!auth.userId) throw forbidden("Live conversation actions need a signed-in user, not an API key", "USER_REQUIRED");
  const row = await env.DB.prepare(`SELECT name FROM users WHERE id = ?1`).bind(auth.userId).first<{ name: string }>();
  return { id: auth.userId, name: row?.name ?? "Agent", role: auth.role, workspaceId: auth.workspaceId };
}

/**
 * The conversation's object if its D1 row belongs to the caller's workspace; 404
 * otherwise (exactly like a missing id), so an id nobody created never reaches
 * (or creates) an object. The object checks the workspace again inside the one
 * RPC that acts (the actor carries it), so no separate snapshot round trip.
 */
export async function workspaceConversation({ ctx, input: { id } }: Call<{ id: string }>) {
  if (!/^conv_[A-Za-z0-9]{1,64}$/.test(id)) throw notFound("Conversation");
  const row = await ctx.env.DB.prepare(`select 1 as ok from conversations where id = ?1 and workspace_id = ?2`).bind(id, ctx.auth.workspaceId).first();
  if (!row) throw notFound("Conversation");
  return { stub: conversationStub(ctx.env, id) };
}

/**
 * A team member's free-form reply. On a channel with a reply window
 * (WhatsApp, Messenger, Instagram) a reply the provider would refuse is
 * refused here, before anything is stored: 409 REPLY_WINDOW_CLOSED with the
 * window (what the composer shows). Messenger/Instagram's 7-day HUMAN_AGENT
 * allowance still lets a team member answer.
 */
export async function sendAgentMessage({ ctx, input }: Call<{ id: string; text: string; client_id: string }>) {
  const refusal = /^conv_[A-Za-z0-9]{1,64}$/.test(input.id) ? await conversationReplyRefusal(ctx.env, input.id) : null;
  if (refusal) {
    await workspaceConversation({ ctx, input: { id: input.id } }); // another workspace's conversation stays a 404
    throw new AppError(409, refusal.code, refusal.message, refusal.details);
  }
  return appendAgentMessage({ ctx, input });
}

/** The agent's message appended as it is (an approved WhatsApp template goes at any time: worker/channels/whatsapp/templates.ts). */
export async function appendAgentMessage({ ctx, input: { id, ...input } }: Call<{ id: string; text: string; client_id: string }>) {
  const { stub } = await workspaceConversation({ ctx, input: { id } });
  const actor = await actorOf({ ctx, input: undefined });
  return unwrap(await stub.agentMessage(actor, input.client_id, input.text));
}

export async function takeover({ ctx, input: { id } }: Call<{ id: string }>): Promise<ConversationView> {
  const { stub } = await workspaceConversation({ ctx, input: { id } });
  return unwrap(await stub.takeover(await actorOf({ ctx, input: undefined })));
}

export async function returnToAi({ ctx, input: { id, botMode } }: Call<{ id: string; botMode: BotMode | undefined }>): Promise<ConversationView> {
  const { stub } = await workspaceConversation({ ctx, input: { id } });
  return unwrap(await stub.returnToAi(await actorOf({ ctx, input: undefined }), botMode ?? "passive"));
}

export async function resolveConversation({ ctx, input: { id, ...input } }: Call<{ id: string; note?: string | undefined; tags?: string[] | undefined }>) {
  const { stub } = await workspaceConversation({ ctx, input: { id } });
  const view = unwrap(await stub.resolve(await actorOf({ ctx, input: undefined }), input.note ?? null));
  if (input.tags?.length) await addConversationTags({ ctx, input: { conversationId: id, tags: input.tags } });
  return view;
}

export async function reopenConversation({ ctx, input: { id } }: Call<{ id: string }>) {
  const { stub } = await workspaceConversation({ ctx, input: { id } });
  return unwrap(await stub.reopen(await actorOf({ ctx, input: undefined })));
}

export async function archiveConversation({ ctx, input: { id } }: Call<{ id: string }>) {
  const { stub } = await workspaceConversation({ ctx, input: { id } });
  return unwrap(await stub.archive(await actorOf({ ctx, input: undefined })));
}

/** Hands the conversation to another active agent, admin or owner of the workspace. */
export async function transferConversation({ ctx, input: { id, agentId } }: Call<{ id: string; agentId: string }>) {
  const { stub } = await workspaceConversation({ ctx, input: { id } });
  const target = await ctx.env.DB.prepare(
    `SELECT u.id AS id, u.name AS name, m.role AS role FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.workspace_id = ?1 AND m.user_id = ?2 AND m.status = 'active' AND u.status = 'active' AND m.role IN ('owner','admin','agent')`,
  )
    .bind(ctx.auth.workspaceId, agentId)
    .first<{ id: string; name: string; role: string }>();
  if (!target) throw badRequest("INVALID_AGENT", "agent_id must be an active agent, admin or owner of this workspace");
  return unwrap(await stub.transfer(await actorOf({ ctx, input: undefined }), target));
}

/** A single-use socket ticket for the caller on this conversation. */
export async function agentSocketTicket({ ctx, input: { id } }: Call<{ id: string }>) {
  const { stub } = await workspaceConversation({ ctx, input: { id } });
  const ticket = await stub.issueTicket(await agentIdentity({ ctx, input: undefined }));
  if (!ticket) throw notFound("Conversation");
  return ticket;
}

export async function agentIdentity({ ctx }: Call<void>): Promise<SocketIdentity> {
  const actor = await actorOf({ ctx, input: undefined });
  return {
    kind: "agent",
    id: actor.id,
    name: actor.name,
    role: actor.role,
    canRespond: can(ctx.auth, "conversations:respond"),
    workspaceId: ctx.auth.workspaceId,
    sid: ctx.auth.sessionId ?? null,
  };
}
