import { completeClose } from "../close";
import { answer } from "../../worker/ai/answer";
import { wantsHuman } from "../../worker/ai/human-request";
import type { AnswerResult } from "../../worker/ai/types";
import { newId, nowIso } from "../../worker/lib/ids";
import { sha256Hex } from "../../worker/lib/crypto";
import { CLIENT_FRAMES, SUBPROTOCOL, parseClientFrame, type CartFrame, type ClientFrame, type Message, type MessageSendFrame, type ServerFrame } from "../protocol";
import { botShouldAnswer } from "./bot";
import { helloFrame, holderOf } from "./frames";
import { enqueue } from "./outbox";
import { AGENT_TAG, VISITOR_TAG, broadcast, identityOf, send } from "./sockets";
import { clearTimer, countSince, findByClientId, hasTimer, lastSeq, loadState, messagesAfter, recentMessages, setTimer, takeTicket, type NewMessage } from "./storage";
import { fail, ok, type Actor, type ConversationState, type DoResult, type SocketIdentity } from "./types";
import { ConversationCore } from "./core";

/** Headers the Worker sets on an authenticated conversation upgrade (never taken from the client). */
export const IDENTITY_HEADER = "x-minichat-identity";
export const TICKET_HEADER = "x-minichat-ticket";
export const LAST_SEQ_HEADER = "x-minichat-last-seq";

const RATE_PER_MINUTE = 10;
const RATE_PER_HOUR = 100;
const REPLAY_PAGE = 200;

/**
 * The live side of a conversation: the hibernatable sockets (thin platform
 * handlers), visitor and agent messages (durable append before ack, idempotent
 * by client_id, rate limits) and the streamed bot turn.
 */
export abstract class ConversationLive extends ConversationCore {
  /** Bot turns run one after another, so quick visitor messages get their answers in order. */
  private botTurns: Promise<void> = Promise.resolve();

  /** `cart:*` frames (conversation.ts → conversation/cart.ts). */
  protected abstract onCartFrame(ws: WebSocket, who: SocketIdentity, frame: CartFrame): Promise<void>;

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
      completeClose(ws, code, reason);
    }
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws, 1011, "error");
  }

  protected replay(ws: WebSocket, conversationId: string, afterSeq: number) {
    let cursor = afterSeq;
    for (;;) {
      const page = messagesAfter(this.sql, conversationId, cursor, REPLAY_PAGE);
      for (const m of page) send(ws, { type: "message:receive", message: m });
      if (page.length < REPLAY_PAGE) return;
      cursor = page[page.length - 1]!.seq;
    }
  }

  protected async onFrame(ws: WebSocket, who: SocketIdentity, s: ConversationState, frame: ClientFrame) {
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
      case CLIENT_FRAMES.cartAdd:
      case CLIENT_FRAMES.cartUpdate:
      case CLIENT_FRAMES.cartRemove:
        return this.onCartFrame(ws, who, frame);
      default:
        return send(ws, { type: "error", code: "UNSUPPORTED_FRAME", message: `${frame.type} is not accepted on a conversation` });
    }
  }

  protected onRead(ws: WebSocket, who: SocketIdentity, s: ConversationState, seq: number) {
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

  protected async visitorMessage(s: ConversationState, who: SocketIdentity, frame: MessageSendFrame, ws: WebSocket): Promise<DoResult<null>> {
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

    if (s.mode === "bot" && s.status === "active" && wantsHuman(text)) {
      await this.escalate(s, "explicit_request", "visitor");
    } else if (botShouldAnswer(s, text)) {
      const turn = this.botTurns.then(() => this.botTurn(s, m));
      this.botTurns = turn.catch(() => undefined);
      await turn;
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

  protected async botTurn(s: ConversationState, incoming: Message) {
    // an earlier turn may have changed the state (failed answers, mode) while this one waited
    Object.assign(s, loadState(this.sql) ?? s);
    if (s.mode !== "bot") return;
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

