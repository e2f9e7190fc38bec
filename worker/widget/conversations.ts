import { conversationStub } from "../../durable-objects/stubs";
import type { ConversationView } from "../../durable-objects/conversation";
import { DEFAULT_AGENT_REPLY_TIMEOUT_MS, DEFAULT_INACTIVITY_TIMEOUT_MS } from "../../durable-objects/conversation/types";
import { escalationWaitMsOf } from "../../durable-objects/conversation/waiting";
import type { BotMode } from "../../durable-objects/protocol";
import { unwrap } from "../conversations/do-result";
import { PUBLISHED_FLOWS_COLUMN, flowEntries } from "../flows/entries";
import { sha256Hex } from "../lib/crypto";
import { notFound, tooManyRequests } from "../lib/errors";
import { newId } from "../lib/ids";
import { allInOrder } from "../lib/settle";
import type { VisitorClaims } from "./token";
import { requireActiveVisitor, saveVisitorContact } from "./visitors";
import { loadLeads } from "../lazy";

export const MAX_NEW_CONVERSATIONS_PER_VISITOR_HOUR = 5;
export const MAX_NEW_CONVERSATIONS_PER_IP_HOUR = 20;

export interface NewWidgetConversation {
  pre_chat?: { name?: string | undefined; email?: string | undefined; phone?: string | undefined; custom?: Record<string, unknown> | undefined } | undefined;
  offline_message?: string | undefined;
}

interface BehaviorSettings {
  inactivity_timeout?: number;
  agent_reply_timeout_ms?: number;
  escalation_wait_minutes?: number;
  bot_mode?: BotMode;
}

/** Starts a conversation for the visitor behind the token (offline form → `waiting` with the message stored); a banned visitor or network (`meta.ip`) gets 403. */
export async function createWidgetConversation(
  env: Env,
  visitor: VisitorClaims,
  input: NewWidgetConversation,
  meta: { ip: string | null; pageUrl: string | null; locale: string | null },
): Promise<ConversationView> {
  const ipHash = meta.ip ? (await sha256Hex(`ip:${meta.ip}`)).slice(0, 32) : null;
  // the reads are independent: one wait for all of them, the errors in this order
  const [row, bot] = await allInOrder([
    requireActiveVisitor(env, visitor.workspaceId, visitor.visitorId, meta.ip),
    env.DB.prepare(`SELECT behavior_settings, ${PUBLISHED_FLOWS_COLUMN} FROM chatbots WHERE id = ?1 AND workspace_id = ?2 AND deleted_at IS NULL`)
      .bind(visitor.chatbotId, visitor.workspaceId)
      .first<{ behavior_settings: string; flows: string | null }>()
      .then((b) => b ?? Promise.reject(notFound("Chatbot"))),
    enforceNewConversationCaps(env, visitor, ipHash),
  ]);
  if (input.pre_chat) await saveVisitorContact(env, visitor.visitorId, input.pre_chat);
  const behavior = JSON.parse(bot.behavior_settings || "{}") as BehaviorSettings;
  const id = newId("conv");
  const view = await conversationStub(env, id).create({
    id,
    workspaceId: visitor.workspaceId,
    chatbotId: visitor.chatbotId,
    visitorId: visitor.visitorId,
    visitorName: input.pre_chat?.name ?? row.name,
    settings: {
      inactivityTimeoutMs: behavior.inactivity_timeout ?? DEFAULT_INACTIVITY_TIMEOUT_MS,
      agentReplyTimeoutMs: behavior.agent_reply_timeout_ms ?? DEFAULT_AGENT_REPLY_TIMEOUT_MS,
      escalationWaitMs: escalationWaitMsOf(behavior.escalation_wait_minutes),
    },
    botMode: behavior.bot_mode ?? "active",
    context: { pageUrl: meta.pageUrl ?? row.current_page, pageTitle: null, locale: meta.locale ?? row.locale },
    offlineMessage: input.offline_message ?? null,
    ipHash,
    flows: flowEntries(bot.flows),
  });
  // a form with an email or phone: a contact and a lead (never fails the conversation)
  if (input.pre_chat?.email || input.pre_chat?.phone) {
    await loadLeads().then((m) => m.leadFromForm(env, { ...input.pre_chat, workspaceId: visitor.workspaceId, visitorId: visitor.visitorId, chatbotId: visitor.chatbotId, conversationId: id, pageUrl: meta.pageUrl })).catch((err) => console.error("lead from form failed", err));
  }
  return view;
}

/** New conversations are capped per visitor and per client IP (5 and 20 an hour). */
async function enforceNewConversationCaps(env: Pick<Env, "DB">, visitor: VisitorClaims, ipHash: string | null) {
  const since = new Date(Date.now() - 3_600_000).toISOString();
  const [byVisitor, byIp] = await env.DB.batch<{ n: number; first: string | null }>([
    env.DB.prepare(`SELECT COUNT(*) AS n, MIN(created_at) AS first FROM conversations WHERE visitor_id = ?1 AND created_at > ?2`).bind(visitor.visitorId, since),
    env.DB.prepare(
      `SELECT COUNT(*) AS n, MIN(created_at) AS first FROM conversation_events
       WHERE ?3 IS NOT NULL AND workspace_id = ?1 AND type = 'created' AND created_at > ?2 AND json_extract(data, '$.ip') = ?3`,
    ).bind(visitor.workspaceId, since, ipHash),
  ]).then((rs) => rs.map((r) => r.results[0]));
  if ((byVisitor?.n ?? 0) >= MAX_NEW_CONVERSATIONS_PER_VISITOR_HOUR) {
    throw tooManyRequests(retryAfter(byVisitor?.first), "Too many new conversations from this visitor; try again later");
  }
  if ((byIp?.n ?? 0) >= MAX_NEW_CONVERSATIONS_PER_IP_HOUR) {
    throw tooManyRequests(retryAfter(byIp?.first), "Too many new conversations from this network; try again later");
  }
}

function retryAfter(firstIso: string | null | undefined): number {
  if (!firstIso) return 3600;
  return Math.max(1, Math.ceil((Date.parse(firstIso) + 3_600_000 - Date.now()) / 1000));
}

/**
 * The object of the visitor's own conversation, or 404 for anyone else's: the D1
 * row first, so an id nobody created never reaches (or creates) an object. RPCs
 * that act check the visitor again themselves (`VisitorScope`).
 */
export async function visitorConversationStub(env: Env, visitor: VisitorClaims, conversationId: string) {
  const row = await env.DB.prepare(`select 1 as ok from conversations where id = ?1 and workspace_id = ?2 and chatbot_id = ?3 and visitor_id = ?4`)
    .bind(conversationId, visitor.workspaceId, visitor.chatbotId, visitor.visitorId)
    .first();
  if (!row) throw notFound("Conversation");
  return conversationStub(env, conversationId);
}

/** A conversation's object, as the Worker holds it. */
export type ConversationStub = Awaited<ReturnType<typeof visitorConversationStub>>;

/** The current view of a conversation object, or 404 when it is not the visitor's. */
export async function ownView(stub: ConversationStub, visitor: VisitorClaims) {
  const view = await stub.snapshot();
  if (!view || view.workspace_id !== visitor.workspaceId || view.visitor_id !== visitor.visitorId) throw notFound("Conversation");
  return view;
}

export async function rateConversation(stub: ConversationStub, visitor: VisitorClaims, rating: number, comment: string | null) {
  return unwrap(await stub.rate(rating, comment, { workspaceId: visitor.workspaceId, visitorId: visitor.visitorId }));
}
