import { DurableObject } from "cloudflare:workers";
import { answer } from "../worker/ai/answer";
import { asksForHuman } from "../worker/ai/escalation-phrases";
import type { AnswerResult } from "../worker/ai/types";
import { newId, nowIso } from "../worker/lib/ids";
import { sha256Hex } from "../worker/lib/crypto";
import {
  CLIENT_FRAMES,
  SUBPROTOCOL,
  parseClientFrame,
  type AgentRef,
  type BotMode,
  type ClientFrame,
  type ConversationStatus,
  type HubBroadcastFrame,
  type Message,
  type MessageSendFrame,
  type ServerFrame,
} from "./protocol";
import { workspaceHub } from "./stubs";
import { botShouldAnswer } from "./conversation/bot";
import { helloFrame, holderOf, preview, summaryOf, type ConversationView } from "./conversation/frames";
import { enqueue, flushOutbox, pendingCount } from "./conversation/outbox";
import { canTransition, transition } from "./conversation/status";
import { AGENT_TAG, VISITOR_TAG, broadcast, identityOf, send } from "./conversation/sockets";
import {
  appendMessage,
  clearTimer,
  countSince,
  dueTimers,
  ensureSchema,
  findByClientId,
  hasTimer,
  lastSeq,
  loadState,
  messagesAfter,
  nextTimerAt,
  putTicket,
  recentMessages,
  saveState,
  setTimer,
  takeTicket,
  type NewMessage,
} from "./conversation/storage";
import {
  fail,
  ok,
  type Actor,
  type ConversationState,
  type CreateConversationInput,
  type DoResult,
  type SocketIdentity,
} from "./conversation/types";

export type { Actor, CreateConversationInput, DoResult, SocketIdentity } from "./conversation/types";
export type { ConversationView } from "./conversation/frames";

/** Headers the Worker sets on an authenticated conversation upgrade (never taken from the client). */
export const IDENTITY_HEADER = "x-minichat-identity";
export const TICKET_HEADER = "x-minichat-ticket";
export const LAST_SEQ_HEADER = "x-minichat-last-seq";

const RATE_PER_MINUTE = 10;
const RATE_PER_HOUR = 100;
const FLUSH_DELAY_MS = 1_000;
const FLUSH_RETRY_MS = 10_000;
const TICKET_TTL_MS = 30_000;
const REPLAY_PAGE = 200;

/**
 * One conversation: visitor and agent sockets (hibernation API), the status
 * machine, bot/human mode, the message log with its monotonic seq, the bot
 * turn, timers (one alarm) and the outbox that mirrors everything to D1.
 * Platform handlers stay thin and hand off to small typed methods.
 */
export class ConversationDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => ensureSchema(this.sql));
  }

  // ───────────────────────── lifecycle (RPC) ─────────────────────────

  /** Creates the conversation; a second call with the same id answers the existing one. */
  async create(input: CreateConversationInput): Promise<ConversationView> {
    const existing = loadState(this.sql);
    if (existing) return summaryOf(existing, lastSeq(this.sql));
    const now = nowIso();
    const s: ConversationState = {
      id: input.id,
      workspaceId: input.workspaceId,
      chatbotId: input.chatbotId,
      visitorId: input.visitorId,
      visitorName: input.visitorName,
      channel: input.channel ?? "web",
      status: input.offlineMessage ? "waiting" : "active",
      mode: "bot",
      botMode: input.botMode ?? "active",
      agent: null,
      failedAnswers: 0,
      subject: null,
      lastMessagePreview: null,
      lastMessageAt: null,
      messageCount: 0,
      unreadCountAgent: 0,
      escalationReason: null,
      rating: null,
      ratingComment: null,
      banned: false,
      settings: input.settings,
      context: input.context,
      createdAt: now,
      updatedAt: now,
      resolvedAt: null,
    };
    if (input.offlineMessage) {
      const m = appendMessage(this.sql, s.id, {
        id: newId("msg"), role: "visitor", sender: `visitor:${s.visitorId}`, clientId: null,
        authorId: s.visitorId, authorName: s.visitorName, text: input.offlineMessage,
      });
      this.countMessage(s, m);
      enqueue(this.sql, { kind: "message", message: m });
    }
    if (s.status === "active") setTimer(this.sql, "inactivity", Date.now() + s.settings.inactivityTimeoutMs);
    this.recordEvent(s, "created", null, s.status, "visitor", { offline: Boolean(input.offlineMessage), ...(input.ipHash ? { ip: input.ipHash } : {}) });
    this.commit(s);
    await this.flush();
    await this.toHub(s, {
      type: "inbox:conversation_created",
      conversation: {
        id: s.id, workspace_id: s.workspaceId, chatbot_id: s.chatbotId, visitor_id: s.visitorId, status: s.status, mode: s.mode,
        bot_mode: s.botMode, assigned_agent_id: null, last_message_preview: s.lastMessagePreview, last_message_at: s.lastMessageAt,
        message_count: s.messageCount, created_at: s.createdAt,
      },
    });
    return summaryOf(s, lastSeq(this.sql));
  }

  /** The conversation as it is now, or null if it was never created here. */
  async snapshot(): Promise<ConversationView | null> {
    const s = loadState(this.sql);
    return s ? summaryOf(s, lastSeq(this.sql)) : null;
  }

  /** Messages after `afterSeq`, oldest first (bounded). */
  async history(afterSeq: number, limit = 100): Promise<Message[]> {
    return messagesAfter(this.sql, loadState(this.sql)?.id ?? "", afterSeq, Math.min(Math.max(limit, 1), 500));
  }

  /** A single-use ticket (30 s) that lets the holder open one socket as `identity`. */
  async issueTicket(identity: SocketIdentity): Promise<{ ticket: string; expires_in: number }> {
    const ticket = `wst_${crypto.randomUUID().replace(/-/g, "")}`;
    putTicket(this.sql, await sha256Hex(ticket), identity, Date.now() + TICKET_TTL_MS);
    return { ticket, expires_in: TICKET_TTL_MS / 1000 };
  }

  // ───────────────────────── sockets ─────────────────────────

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("Expected a WebSocket upgrade", { status: 426 });
    const s = loadState(this.sql);
    if (!s) return new Response("Conversation not found", { status: 404 });
    const ticket = request.headers.get(TICKET_HEADER);
    const rawIdentity = request.headers.get(IDENTITY_HEADER);
    const identity = ticket ? takeTicket<SocketIdentity>(this.sql, await sha256Hex(ticket)) : rawIdentity ? (JSON.parse(rawIdentity) as SocketIdentity) : null;
    if (!identity) return new Response("Invalid or expired ticket", { status: 401 });
    if (identity.kind === "visitor" && (s.banned || identity.id !== s.visitorId)) return new Response("Forbidden", { status: 403 });
    const after = Number(request.headers.get(LAST_SEQ_HEADER) ?? "0");
    const pair = new WebSocketPair();
    const server = pair[1];
    this.ctx.acceptWebSocket(server, [identity.kind === "visitor" ? VISITOR_TAG : AGENT_TAG, `${identity.kind}:${identity.id}`]);
    server.serializeAttachment(identity);
    send(server, helloFrame(s, lastSeq(this.sql)));
    this.replay(server, s.id, Number.isFinite(after) && after > 0 ? Math.floor(after) : 0);
    const headers = new Headers();
    if (request.headers.get("sec-websocket-protocol")?.includes(SUBPROTOCOL)) headers.set("sec-websocket-protocol", SUBPROTOCOL);
    return new Response(null, { status: 101, webSocket: pair[0], headers });
  }

  async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const who = identityOf(ws);
    if (!who) return;
    const s = loadState(this.sql);
    if (!s) return;
    const parsed = parseClientFrame(raw);
    if (!parsed.ok) {
      send(ws, { type: "error", code: parsed.code, message: parsed.message, ...(parsed.client_id ? { client_id: parsed.client_id } : {}) });
      return;
    }
    await this.onFrame(ws, who, s, parsed.frame);
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      const who = identityOf(ws);
      if (who) broadcast(this.ctx, { type: "typing:stop", role: who.kind, ...(who.name ? { name: who.name } : {}) }, { skip: ws });
    } finally {
      try {
        ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
      } catch {
        // already closed
      }
    }
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws, 1011, "error");
  }

  private replay(ws: WebSocket, conversationId: string, afterSeq: number) {
    let cursor = afterSeq;
    for (;;) {
      const page = messagesAfter(this.sql, conversationId, cursor, REPLAY_PAGE);
      for (const m of page) send(ws, { type: "message:receive", message: m });
      if (page.length < REPLAY_PAGE) return;
      cursor = page[page.length - 1]!.seq;
    }
  }

  private async onFrame(ws: WebSocket, who: SocketIdentity, s: ConversationState, frame: ClientFrame) {
    switch (frame.type) {
      case CLIENT_FRAMES.ping:
        return send(ws, { type: "pong" });
      case CLIENT_FRAMES.typingStart:
      case CLIENT_FRAMES.typingStop:
        if (who.kind === "agent" && !who.canRespond) return;
        return broadcast(this.ctx, { type: frame.type, role: who.kind, ...(who.kind === "agent" && who.name ? { name: who.name } : {}) }, { skip: ws });
      case CLIENT_FRAMES.read:
        return this.onRead(ws, who, s, frame.seq);
      case CLIENT_FRAMES.pageView:
        if (who.kind !== "visitor") return;
        s.context = { ...s.context, pageUrl: frame.url, pageTitle: frame.title ?? null };
        enqueue(this.sql, { kind: "visitor_page", visitor_id: s.visitorId, url: frame.url, title: frame.title ?? null, at: nowIso() });
        this.commit(s, false);
        return;
      case CLIENT_FRAMES.messageSend: {
        const result =
          who.kind === "visitor"
            ? await this.visitorMessage(s, who, frame, ws)
            : await this.agentMessage({ id: who.id, name: who.name ?? "Agent", role: who.role ?? "agent" }, frame.client_id, frame.text ?? "", ws, who.canRespond, frame);
        if (!result.ok) send(ws, { type: "error", code: result.error.code, message: result.error.message, client_id: frame.client_id });
        return;
      }
      default:
        return send(ws, { type: "error", code: "UNSUPPORTED_FRAME", message: `${frame.type} is not accepted on a conversation` });
    }
  }

  private onRead(ws: WebSocket, who: SocketIdentity, s: ConversationState, seq: number) {
    const upTo = Math.min(seq, lastSeq(this.sql));
    if (who.kind === "agent") {
      if (s.unreadCountAgent !== 0) {
        s.unreadCountAgent = 0;
        this.commit(s);
      }
      broadcast(this.ctx, { type: "read", role: "agent", seq: upTo }, { tag: VISITOR_TAG });
    } else {
      broadcast(this.ctx, { type: "read", role: "visitor", seq: upTo }, { tag: AGENT_TAG, skip: ws });
    }
  }

  // ───────────────────────── messages ─────────────────────────

  private async visitorMessage(s: ConversationState, who: SocketIdentity, frame: MessageSendFrame, ws: WebSocket): Promise<DoResult<null>> {
    if (s.banned) return fail(403, "VISITOR_BANNED", "This visitor has been blocked");
    if (s.status === "archived") return fail(409, "CONVERSATION_CLOSED", "This conversation is archived");
    const text = (frame.text ?? frame.rich_reply?.value ?? "").trim();
    if (!text && !frame.attachments?.length) return fail(400, "EMPTY_MESSAGE", "A message needs text or an attachment");
    const sender = `visitor:${who.id}`;
    const dup = findByClientId(this.sql, sender, frame.client_id);
    if (dup) {
      send(ws, { type: "message:ack", client_id: frame.client_id, message_id: dup.id, seq: dup.seq });
      return ok(null);
    }
    const now = Date.now();
    if (countSince(this.sql, "visitor", now - 60_000) >= RATE_PER_MINUTE || countSince(this.sql, "visitor", now - 3_600_000) >= RATE_PER_HOUR) {
      return fail(429, "RATE_LIMITED", "You are sending messages too quickly; wait a moment");
    }
    const m = this.append(s, {
      id: newId("msg"), role: "visitor", sender, clientId: frame.client_id, authorId: s.visitorId, authorName: s.visitorName, text,
      ...(frame.attachments?.length ? { attachments: frame.attachments } : {}),
    });
    s.unreadCountAgent++;
    send(ws, { type: "message:ack", client_id: frame.client_id, message_id: m.id, seq: m.seq });
    broadcast(this.ctx, { type: "message:receive", message: m }, { skip: ws });
    await this.toHub(s, { type: "inbox:message", conversation_id: s.id, message: m });

    // the visitor is back: a quiet, abandoned or resolved conversation becomes live again
    const holder = holderOf(s);
    if (s.status === "waiting") await this.changeStatus(s, holder ? "agent_handling" : "active", "visitor_replied", "visitor");
    else if (s.status === "abandoned" || s.status === "resolved") await this.changeStatus(s, "active", "reopened_by_visitor", "visitor");
    if (s.mode === "human" && s.status === "agent_handling" && !hasTimer(this.sql, "agent_reply")) {
      setTimer(this.sql, "agent_reply", now + s.settings.agentReplyTimeoutMs);
    }
    if (s.mode === "bot" && s.status === "active") setTimer(this.sql, "inactivity", now + s.settings.inactivityTimeoutMs);
    this.commit(s);

    if (s.mode === "bot" && s.status === "active" && asksForHuman(text)) {
      await this.escalate(s, "explicit_request", "visitor");
    } else if (botShouldAnswer(s, text)) {
      await this.botTurn(s, m);
    }
    await this.flush();
    return ok(null);
  }

  /** An agent's reply (socket or REST). Taking over happens implicitly when nobody holds the conversation. */
  async agentMessage(
    actor: Actor,
    clientId: string,
    rawText: string,
    ws: WebSocket | null = null,
    canRespond = true,
    frame?: MessageSendFrame,
  ): Promise<DoResult<{ message_id: string; seq: number }>> {
    const s = loadState(this.sql);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    if (!canRespond) return fail(403, "FORBIDDEN", "Your role can read this conversation but not reply");
    if (s.status === "archived") return fail(409, "CONVERSATION_CLOSED", "This conversation is archived");
    const text = rawText.trim();
    if (!text && !frame?.attachments?.length) return fail(400, "EMPTY_MESSAGE", "A message needs text or an attachment");
    if (text.length > 4000) return fail(400, "MESSAGE_TOO_LONG", "Messages are limited to 4000 characters");
    const holder = holderOf(s);
    if (holder && holder.id !== actor.id) return fail(409, "CONVERSATION_LOCKED", `${holder.name} is handling this conversation`);
    const sender = `agent:${actor.id}`;
    const dup = findByClientId(this.sql, sender, clientId);
    if (dup) {
      if (ws) send(ws, { type: "message:ack", client_id: clientId, message_id: dup.id, seq: dup.seq });
      return ok({ message_id: dup.id, seq: dup.seq });
    }
    if (!holder) {
      const taken = await this.takeOver(s, actor);
      if (!taken.ok) return taken;
    }
    const m = this.append(s, {
      id: newId("msg"), role: "agent", sender, clientId, authorId: actor.id, authorName: actor.name, text,
      ...(frame?.attachments?.length ? { attachments: frame.attachments } : {}),
    });
    s.unreadCountAgent = 0;
    clearTimer(this.sql, "agent_reply");
    if (s.status === "waiting") await this.changeStatus(s, "agent_handling", "agent_replied", actor.id);
    this.commit(s);
    if (ws) send(ws, { type: "message:ack", client_id: clientId, message_id: m.id, seq: m.seq });
    broadcast(this.ctx, { type: "message:receive", message: m }, ws ? { skip: ws } : {});
    await this.toHub(s, { type: "inbox:message", conversation_id: s.id, message: m });
    await this.flush();
    return ok({ message_id: m.id, seq: m.seq });
  }

  private append(s: ConversationState, input: NewMessage, extra: { intent?: string | null; sentiment?: string | null } = {}): Message {
    const m = appendMessage(this.sql, s.id, input);
    this.countMessage(s, m);
    enqueue(this.sql, { kind: "message", message: m, ...extra });
    return m;
  }

  private countMessage(s: ConversationState, m: Message) {
    s.messageCount++;
    if (m.role !== "system") {
      s.lastMessagePreview = preview(m.text);
      s.lastMessageAt = m.created_at;
    }
    if (m.role === "visitor" && !s.subject) s.subject = preview(m.text);
  }

  private systemMessage(s: ConversationState, text: string) {
    const m = this.append(s, { id: newId("msg"), role: "system", sender: "system", clientId: null, authorId: null, authorName: null, text });
    broadcast(this.ctx, { type: "message:receive", message: m });
    return m;
  }

  // ───────────────────────── the bot turn ─────────────────────────

  private async botTurn(s: ConversationState, incoming: Message) {
    const messageId = newId("msg");
    broadcast(this.ctx, { type: "typing:start", role: "bot" });
    const history = recentMessages(this.sql, s.id, 11)
      .filter((m) => m.seq !== incoming.seq && m.role !== "system")
      .slice(-10)
      .map((m) => ({ role: m.role as "visitor" | "bot" | "agent", text: m.text }));
    let result: AnswerResult;
    try {
      result = await answer(
        this.env,
        {
          workspaceId: s.workspaceId,
          chatbotId: s.chatbotId,
          conversationId: s.id,
          message: incoming.text,
          history,
          context: { visitorName: s.visitorName, pageUrl: s.context.pageUrl, pageTitle: s.context.pageTitle, locale: s.context.locale },
          failedAnswers: s.failedAnswers,
        },
        (delta) => broadcast(this.ctx, { type: "message:delta", message_id: messageId, delta }),
      );
    } catch (err) {
      console.error("bot turn failed", err);
      result = fallbackAnswer();
    }
    broadcast(this.ctx, { type: "typing:stop", role: "bot" });
    // the conversation may have been taken over while the answer was generated
    const now = loadState(this.sql) ?? s;
    Object.assign(s, now);
    if (s.mode !== "bot") return;
    const m = this.append(
      s,
      {
        id: messageId, role: "bot", sender: "bot", clientId: null, authorId: null, authorName: null, text: result.text,
        ...(isRich(result.rich) ? { rich: result.rich } : {}),
        ai: {
          model: result.model, confidence: result.confidence, sources: result.sources, intent: result.intent, sentiment: result.sentiment,
          latency_ms: result.latencyMs, tokens: result.tokens,
        },
      },
      { intent: result.intent, sentiment: result.sentiment },
    );
    s.failedAnswers = result.failed ? s.failedAnswers + 1 : 0;
    broadcast(this.ctx, { type: "message:receive", message: m });
    await this.toHub(s, { type: "inbox:message", conversation_id: s.id, message: m });
    if (s.status === "active") setTimer(this.sql, "inactivity", Date.now() + s.settings.inactivityTimeoutMs);
    this.commit(s);
    const reason = result.escalation?.reason ?? (result.action === "escalate" ? "low_confidence" : null);
    if (reason && s.status === "active") await this.escalate(s, reason, "bot");
  }

  private async escalate(s: ConversationState, reason: string, actor: string) {
    if (!canTransition(s.status, "escalated")) return;
    s.escalationReason = reason;
    const wait = await this.waitEstimate(s);
    this.systemMessage(s, "Let me connect you with a member of our team.");
    await this.changeStatus(s, "escalated", reason, actor);
    clearTimer(this.sql, "inactivity");
    broadcast(this.ctx, { type: "conversation:escalated", reason, estimated_wait_seconds: wait });
    await this.toHub(s, { type: "inbox:escalated", conversation_id: s.id, reason, visitor_name: s.visitorName, preview: s.lastMessagePreview });
    this.commit(s);
  }

  private async waitEstimate(s: ConversationState): Promise<number> {
    try {
      return (await this.hub(s).estimateWait()).estimated_wait_seconds;
    } catch {
      return 300;
    }
  }

  // ───────────────────────── agent actions (RPC) ─────────────────────────

  async takeover(actor: Actor): Promise<DoResult<ConversationView>> {
    const s = loadState(this.sql);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    const holder = holderOf(s);
    if (holder?.id === actor.id) return ok(summaryOf(s, lastSeq(this.sql)));
    if (holder) return fail(409, "CONVERSATION_LOCKED", `${holder.name} is handling this conversation`);
    const r = await this.takeOver(s, actor);
    if (!r.ok) return r;
    await this.flush();
    return ok(summaryOf(s, lastSeq(this.sql)));
  }

  private async takeOver(s: ConversationState, actor: Actor, reason = "takeover"): Promise<DoResult<null>> {
    if (s.status === "resolved" || s.status === "abandoned") await this.changeStatus(s, "active", "reopened", actor.id);
    if (s.status !== "agent_handling" && !canTransition(s.status, "agent_handling")) {
      return fail(409, "INVALID_STATUS_TRANSITION", `A ${s.status} conversation cannot be taken over`);
    }
    const agent: AgentRef = { id: actor.id, name: actor.name };
    s.mode = "human";
    s.agent = agent;
    clearTimer(this.sql, "inactivity");
    if (s.status !== "agent_handling") await this.changeStatus(s, "agent_handling", reason, actor.id);
    this.systemMessage(s, `${actor.name} joined the conversation`);
    broadcast(this.ctx, { type: "agent:joined", agent });
    this.recordEvent(s, reason, null, null, actor.id, { agent_id: actor.id });
    await this.toHub(s, { type: "inbox:assigned", conversation_id: s.id, agent });
    this.commit(s);
    return ok(null);
  }

  async returnToAi(actor: Actor, botMode: BotMode = "passive"): Promise<DoResult<ConversationView>> {
    const s = loadState(this.sql);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    const holder = holderOf(s);
    if (holder && holder.id !== actor.id && actor.role !== "owner" && actor.role !== "admin") {
      return fail(409, "CONVERSATION_LOCKED", `${holder.name} is handling this conversation`);
    }
    if (!canTransition(s.status, "active") || s.status === "resolved" || s.status === "abandoned") {
      return fail(409, "INVALID_STATUS_TRANSITION", `A ${s.status} conversation cannot be returned to the AI`);
    }
    s.mode = "bot";
    s.botMode = botMode;
    s.agent = null;
    s.failedAnswers = 0;
    clearTimer(this.sql, "agent_reply");
    await this.changeStatus(s, "active", "returned_to_ai", actor.id);
    if (holder) broadcast(this.ctx, { type: "agent:left", agent: holder });
    this.systemMessage(s, "Our assistant is back to help you.");
    this.recordEvent(s, "returned_to_ai", null, null, actor.id, { bot_mode: botMode });
    await this.toHub(s, { type: "inbox:assigned", conversation_id: s.id, agent: null });
    setTimer(this.sql, "inactivity", Date.now() + s.settings.inactivityTimeoutMs);
    this.commit(s);
    await this.flush();
    return ok(summaryOf(s, lastSeq(this.sql)));
  }

  async resolve(actor: Actor, note: string | null = null): Promise<DoResult<ConversationView>> {
    const s = loadState(this.sql);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    const holder = holderOf(s);
    if (holder && holder.id !== actor.id && actor.role !== "owner" && actor.role !== "admin") {
      return fail(409, "CONVERSATION_LOCKED", `${holder.name} is handling this conversation`);
    }
    const r = await this.tryChangeStatus(s, "resolved", "resolved", actor.id, note ? { note } : {});
    if (!r.ok) return r;
    s.resolvedAt = nowIso();
    s.mode = "bot";
    s.botMode = "active";
    clearTimer(this.sql, "inactivity");
    clearTimer(this.sql, "agent_reply");
    if (holder) broadcast(this.ctx, { type: "agent:left", agent: holder });
    broadcast(this.ctx, { type: "conversation:rating_requested" }, { tag: VISITOR_TAG });
    this.commit(s);
    await this.flush();
    return ok(summaryOf(s, lastSeq(this.sql)));
  }

  async reopen(actor: Actor): Promise<DoResult<ConversationView>> {
    const s = loadState(this.sql);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    if (s.status !== "resolved" && s.status !== "abandoned") return fail(409, "INVALID_STATUS_TRANSITION", `A ${s.status} conversation cannot be reopened`);
    const r = await this.tryChangeStatus(s, "active", "reopened", actor.id);
    if (!r.ok) return r;
    s.resolvedAt = null;
    setTimer(this.sql, "inactivity", Date.now() + s.settings.inactivityTimeoutMs);
    this.commit(s);
    await this.flush();
    return ok(summaryOf(s, lastSeq(this.sql)));
  }

  async archive(actor: Actor): Promise<DoResult<ConversationView>> {
    const s = loadState(this.sql);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    const r = await this.tryChangeStatus(s, "archived", "archived", actor.id);
    if (!r.ok) return r;
    s.mode = "bot";
    clearTimer(this.sql, "inactivity");
    clearTimer(this.sql, "agent_reply");
    this.commit(s);
    await this.flush();
    return ok(summaryOf(s, lastSeq(this.sql)));
  }

  /** Hands the conversation to another agent (the only way past the lock). */
  async transfer(actor: Actor, target: Actor): Promise<DoResult<ConversationView>> {
    const s = loadState(this.sql);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    const holder = holderOf(s);
    if (holder?.id === target.id) return ok(summaryOf(s, lastSeq(this.sql)));
    if (s.status !== "agent_handling" && !canTransition(s.status, "agent_handling")) {
      return fail(409, "INVALID_STATUS_TRANSITION", `A ${s.status} conversation cannot be transferred`);
    }
    if (holder) {
      broadcast(this.ctx, { type: "agent:left", agent: holder });
      s.mode = "bot";
      s.agent = null;
    }
    const r = await this.takeOver(s, target, "transfer");
    if (!r.ok) return r;
    this.recordEvent(s, "transferred", null, null, actor.id, { from_agent_id: holder?.id ?? null, to_agent_id: target.id });
    this.commit(s);
    await this.flush();
    return ok(summaryOf(s, lastSeq(this.sql)));
  }

  async rate(rating: number, comment: string | null): Promise<DoResult<ConversationView>> {
    const s = loadState(this.sql);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    if (s.status !== "resolved") return fail(409, "CONVERSATION_NOT_RESOLVED", "A conversation can be rated once it is resolved");
    s.rating = rating;
    s.ratingComment = comment;
    this.recordEvent(s, "rated", null, null, "visitor", { rating, comment });
    this.commit(s);
    await this.flush();
    return ok(summaryOf(s, lastSeq(this.sql)));
  }

  /** Blocks the visitor: open visitor sockets close with 4003, new ones are refused. */
  async setBanned(banned: boolean): Promise<void> {
    const s = loadState(this.sql);
    if (!s) return;
    s.banned = banned;
    this.recordEvent(s, banned ? "visitor_banned" : "visitor_unbanned", null, null, "system", {});
    this.commit(s);
    if (banned) {
      for (const ws of this.ctx.getWebSockets(VISITOR_TAG)) {
        send(ws, { type: "error", code: "VISITOR_BANNED", message: "This visitor has been blocked" });
        try {
          ws.close(4003, "banned");
        } catch {
          // already closed
        }
      }
    }
    await this.flush();
  }

  // ───────────────────────── status, events, hub ─────────────────────────

  private async tryChangeStatus(s: ConversationState, to: ConversationStatus, reason: string, actor: string, data: Record<string, unknown> = {}): Promise<DoResult<null>> {
    if (!canTransition(s.status, to)) return fail(409, "INVALID_STATUS_TRANSITION", `A conversation cannot move from ${s.status} to ${to}`);
    await this.changeStatus(s, to, reason, actor, data);
    return ok(null);
  }

  private async changeStatus(s: ConversationState, to: ConversationStatus, reason: string, actor: string, data: Record<string, unknown> = {}) {
    const from = s.status;
    s.status = transition(from, to);
    this.recordEvent(s, "status_changed", from, to, actor, { reason, ...data });
    this.commit(s);
    broadcast(this.ctx, { type: "conversation:status_changed", from, to, reason });
    await this.toHub(s, { type: "inbox:status_changed", conversation_id: s.id, from, to, reason });
  }

  private recordEvent(s: ConversationState, type: string, from: string | null, to: string | null, actor: string, data: Record<string, unknown>) {
    enqueue(this.sql, { kind: "event", event: { id: newId("evt"), type, from_status: from, to_status: to, actor, data, created_at: nowIso() } });
  }

  /** Saves the state, queues the D1 index row and makes sure the alarm will flush it. */
  private commit(s: ConversationState, touch = true) {
    if (touch) s.updatedAt = nowIso();
    saveState(this.sql, s);
    enqueue(this.sql, { kind: "conversation" });
    if (!hasTimer(this.sql, "flush")) setTimer(this.sql, "flush", Date.now() + FLUSH_DELAY_MS);
    void this.armAlarm();
  }

  private hub(s: ConversationState) {
    return workspaceHub(this.env, s.workspaceId);
  }

  private async toHub(s: ConversationState, frame: HubBroadcastFrame) {
    try {
      await this.hub(s).broadcast(frame);
    } catch (err) {
      console.error("hub broadcast failed", err);
    }
  }

  // ───────────────────────── outbox and alarm ─────────────────────────

  /** Mirrors pending rows to D1 now; on failure the alarm retries. Safe to call any number of times. */
  async flush(): Promise<number> {
    const s = loadState(this.sql);
    if (!s) return 0;
    let written = 0;
    try {
      while (pendingCount(this.sql) > 0) written += await flushOutbox(this.sql, this.env.DB, s);
      clearTimer(this.sql, "flush");
    } catch (err) {
      console.error("outbox flush failed", err);
      setTimer(this.sql, "flush", Date.now() + FLUSH_RETRY_MS);
    }
    await this.armAlarm();
    return written;
  }

  async alarm(): Promise<void> {
    const s = loadState(this.sql);
    if (!s) return;
    const now = Date.now();
    for (const kind of dueTimers(this.sql, now)) {
      clearTimer(this.sql, kind);
      if (kind === "inactivity") await this.onInactivity(s, now);
      else if (kind === "agent_reply" && s.status === "agent_handling") await this.changeStatus(s, "waiting", "agent_no_reply", "system");
    }
    await this.flush();
  }

  private async onInactivity(s: ConversationState, now: number) {
    if (s.status === "active" && s.mode === "bot") {
      await this.changeStatus(s, "waiting", "inactivity", "system");
      setTimer(this.sql, "inactivity", now + s.settings.inactivityTimeoutMs);
    } else if (s.status === "waiting" && s.mode === "bot") {
      await this.changeStatus(s, "abandoned", "inactivity", "system");
    }
  }

  private async armAlarm() {
    const at = nextTimerAt(this.sql);
    if (at === null) await this.ctx.storage.deleteAlarm();
    else {
      const current = await this.ctx.storage.getAlarm();
      if (current === null || current !== at) await this.ctx.storage.setAlarm(at);
    }
  }
}

function isRich(value: unknown): value is NonNullable<NewMessage["rich"]> {
  return typeof value === "object" && value !== null;
}

function fallbackAnswer(): AnswerResult {
  return {
    text: "Sorry, I couldn't answer that just now. Would you like to talk to a person?",
    sources: [], confidence: 0, action: "offer_human", intent: "other", sentiment: "neutral", sentimentScore: 0,
    escalation: null, failed: true, model: "fallback", latencyMs: 0, tokens: { prompt: 0, completion: 0 },
  };
}

export type { ServerFrame };
