import { completeClose } from "../close";
import { newId, nowIso } from "../../common/ids";
import { sha256Hex } from "../../common/crypto";
import { ports, type BotReply } from "../ports";
import { CLIENT_FRAMES, SUBPROTOCOL, parseClientFrame, type Attachment, type CartFrame, type ClientFrame, type Message, type MessageSendFrame, type ServerFrame } from "../protocol";
import { decodeInternalHeader } from "../internal-header";
import { botShouldAnswer } from "./bot";
import { helloFrame, holderOf } from "./frames";
import { enqueue } from "./outbox";
import { signAttachments, withAttachments, withSignedAttachments } from "./project";
import { AGENT_TAG, VISITOR_TAG, broadcast, broadcastMessage, identityOf, send, sendMessage } from "./sockets";
import { senderUploads } from "./uploads";
import { clearTimer, findByClientId, hasTimer, lastSeq, loadState, messagesAfter, recentMessages, setTimer, takeTicket, visitorMessagesSince, type NewMessage } from "./storage";
import { fail, ok, type Actor, type ConversationState, type DoResult, type SocketIdentity } from "./types";
import { ConversationFlows } from "./flows";

/** How long an agent socket's membership re-check holds before the next acting frame checks again. */
export const MEMBER_RECHECK_MS = 2_000;
/** A re-check this old starts the next one ahead of time, without holding the frame. */
export const MEMBER_REFRESH_MS = 1_000;

/** Headers the Worker sets on an authenticated conversation upgrade (never taken from the client). */
export const IDENTITY_HEADER = "x-minichat-identity";
export const TICKET_HEADER = "x-minichat-ticket";
export const LAST_SEQ_HEADER = "x-minichat-last-seq";

const RATE_PER_MINUTE = 10;
const RATE_PER_HOUR = 100;
const REPLAY_PAGE = 200;
/** Close code of an agent socket whose session ended or whose access changed. */
export const SESSION_ENDED_CLOSE = 4001;

/**
 * The live side of a conversation: the hibernatable sockets (thin platform
 * handlers), visitor and agent messages (durable append before ack, idempotent
 * by client_id, rate limits) and the streamed bot turn.
 */
export abstract class ConversationLive extends ConversationFlows {
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
    const identity = ticket ? takeTicket<SocketIdentity>(this.sql, await sha256Hex(ticket)) : decodeInternalHeader<SocketIdentity>(rawIdentity);
    if (!identity) return new Response("Invalid or expired ticket", { status: 401 });
    if (identity.kind === "agent" && identity.workspaceId !== undefined && identity.workspaceId !== s.workspaceId) return new Response("Conversation not found", { status: 404 });
    if (identity.kind === "visitor" && (s.banned || identity.id !== s.visitorId)) return new Response("Forbidden", { status: 403 });
    if (identity.kind === "agent" && ticket) {
      // a ticket may have been issued just before the member lost access
      const member = ports().member;
      const role = await member.liveRole(this.env, { workspaceId: s.workspaceId, userId: identity.id, sessionId: identity.sid });
      if (!role) return new Response("This session has ended", { status: 401 });
      Object.assign(identity, { role, canRespond: member.canRespond(role) });
    }
    const after = Number(request.headers.get(LAST_SEQ_HEADER) ?? "0");
    const pair = new WebSocketPair();
    const server = pair[1];
    this.ctx.acceptWebSocket(server, [identity.kind === "visitor" ? VISITOR_TAG : AGENT_TAG, `${identity.kind}:${identity.id}`]);
    server.serializeAttachment(identity);
    // the state may have moved on while the member was checked
    send(server, helloFrame(loadState(this.sql) ?? s, lastSeq(this.sql)));
    await this.replay(server, s.id, Number.isFinite(after) && after > 0 ? Math.floor(after) : 0);
    if (identity.kind === "agent") await this.trackAgentSocket(s, identity.id);
    const headers = new Headers();
    if (request.headers.get("sec-websocket-protocol")?.includes(SUBPROTOCOL)) headers.set("sec-websocket-protocol", SUBPROTOCOL);
    return new Response(null, { status: 101, webSocket: pair[0], headers });
  }

  async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    let who = identityOf(ws);
    if (!who) return;
    const parsed = parseClientFrame(raw);
    if (!parsed.ok) {
      send(ws, { type: "error", code: parsed.code, message: parsed.message, ...(parsed.client_id ? { client_id: parsed.client_id } : {}) });
      return;
    }
    if (who.kind === "agent" && parsed.frame.type !== CLIENT_FRAMES.ping) {
      who = await this.recheck(ws, who);
      if (!who) return;
    }
    const s = loadState(this.sql);
    if (!s) return;
    await this.onFrame(ws, who, s, parsed.frame);
  }

  /**
   * When each agent socket last passed the membership re-check, and the check
   * in flight (in memory: after hibernation the next frame checks again).
   * Frames that arrive while a due check runs wait for that one (in order)
   * instead of each starting their own D1 read. A check older than
   * MEMBER_REFRESH_MS starts the next one without holding the frame (that frame
   * is still inside the MEMBER_RECHECK_MS window), so a socket that keeps
   * sending never waits for D1 on its message path.
   */
  private readonly checks = new WeakMap<WebSocket, { at: number; running: Promise<SocketIdentity | null> | null }>();

  private async recheck(ws: WebSocket, who: SocketIdentity): Promise<SocketIdentity | null> {
    const known = this.checks.get(ws);
    const age = known && known.at > 0 ? Date.now() - known.at : Infinity;
    if (age <= MEMBER_RECHECK_MS) {
      if (age > MEMBER_REFRESH_MS && !known!.running) {
        this.startCheck(ws, who, known!.at).catch((err: unknown) => console.error("membership re-check failed", err));
      }
      return who;
    }
    if (known?.running) return known.running;
    return this.startCheck(ws, who, known?.at ?? 0);
  }

  private startCheck(ws: WebSocket, who: SocketIdentity, passedAt: number): Promise<SocketIdentity | null> {
    const running = this.stillAllowed(ws, who).then(
      (next) => {
        // a socket that failed the check is closed; it never counts as checked
        this.checks.set(ws, { at: next ? Date.now() : 0, running: null });
        return next;
      },
      (err: unknown) => {
        this.checks.set(ws, { at: passedAt, running: null });
        throw err;
      },
    );
    this.checks.set(ws, { at: passedAt, running });
    return running;
  }

  /**
   * Every acting frame of an agent re-checks the membership, account and
   * session family the socket was opened with: an ended one closes the socket
   * (4001), a changed role applies at once. Membership changes also close the
   * sockets at once through the hub, so this backstop runs at most every
   * `MEMBER_RECHECK_MS` per socket rather than costing a D1 read per message.
   */
  protected async stillAllowed(ws: WebSocket, who: SocketIdentity): Promise<SocketIdentity | null> {
    const workspaceId = who.workspaceId ?? loadState(this.sql)?.workspaceId;
    const member = ports().member;
    const role = workspaceId ? await member.liveRole(this.env, { workspaceId, userId: who.id, sessionId: who.sid }) : null;
    if (!role) {
      endAgentSocket(ws, "session_ended");
      return null;
    }
    const canRespond = member.canRespond(role);
    if (role === who.role && canRespond === who.canRespond) return who;
    const next = { ...who, role, canRespond };
    ws.serializeAttachment(next);
    return next;
  }

  /** Closes a member's sockets here (all, or those opened from the session families `sids`). */
  async closeAgentSockets(userId: string, sids: string[] | null, reason: string): Promise<{ closed: number; open: number }> {
    let closed = 0;
    let open = 0;
    for (const ws of this.ctx.getWebSockets(`agent:${userId}`)) {
      const who = identityOf(ws);
      if (sids && !(who?.sid && sids.includes(who.sid))) {
        open++;
        continue;
      }
      endAgentSocket(ws, reason);
      closed++;
    }
    return { closed, open };
  }

  /** Tells the workspace hub this member holds a socket here, so losing access closes it. */
  protected async trackAgentSocket(s: ConversationState, userId: string) {
    try {
      await this.hub(s).trackConversationSocket(userId, s.id);
    } catch (err) {
      console.error("tracking an agent socket failed", err);
    }
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

  protected async replay(ws: WebSocket, conversationId: string, afterSeq: number) {
    let cursor = afterSeq;
    for (;;) {
      const page = messagesAfter(this.sql, conversationId, cursor, REPLAY_PAGE);
      const out = await Promise.all(page.map((m) => withSignedAttachments(this.env, m)));
      for (const m of out) sendMessage(ws, m);
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
            : await this.agentReply({ id: who.id, name: who.name ?? "Agent", role: who.role ?? "agent" }, frame.client_id, frame.text ?? "", ws, who.canRespond, frame, s);
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
    let files: Attachment[] = [];
    let signed: Attachment[] = [];
    if (frame.attachments?.length) {
      const checked = await senderUploads(this.env.DB, s.id, { type: "visitor", id: who.id }, frame.attachments);
      if (!checked.ok) return checked;
      files = checked.value;
      signed = await signAttachments(this.env, files);
      // the state may have moved on while the uploads were looked up
      Object.assign(s, loadState(this.sql) ?? s);
    }
    const sender = `visitor:${who.id}`;
    const dup = findByClientId(this.sql, sender, frame.client_id);
    if (dup) {
      send(ws, { type: "message:ack", client_id: frame.client_id, message_id: dup.id, seq: dup.seq });
      return ok(null);
    }
    const now = Date.now();
    if (visitorMessagesSince(this.sql, now - 60_000) >= RATE_PER_MINUTE || visitorMessagesSince(this.sql, now - 3_600_000) >= RATE_PER_HOUR) {
      return fail(429, "RATE_LIMITED", "You are sending messages too quickly; wait a moment");
    }
    // no await from here to commit(): nothing can interleave, and the output gate holds
    // the ack until every write of this block is durable
    const m = this.append(s, {
      id: newId("msg"), role: "visitor", sender, clientId: frame.client_id, authorId: s.visitorId, authorName: s.visitorName, text,
      ...(files.length ? { attachments: files } : {}),
    });
    s.unreadCountAgent++;
    send(ws, { type: "message:ack", client_id: frame.client_id, message_id: m.id, seq: m.seq });
    const out = withAttachments(m, signed);
    broadcastMessage(this.ctx, out, { skip: ws });
    this.toHub(s, { type: "inbox:message", conversation_id: s.id, message: out, unread_count: s.unreadCountAgent });
    // the visitor is back: a quiet, abandoned or resolved conversation becomes live again
    const holder = holderOf(s);
    if (s.status === "waiting") this.changeStatus(s, holder ? "agent_handling" : "active", "visitor_replied", "visitor");
    else if (s.status === "abandoned" || s.status === "resolved") this.changeStatus(s, "active", "reopened_by_visitor", "visitor");
    if (s.mode === "human" && s.status === "agent_handling" && !hasTimer(this.sql, "agent_reply")) {
      setTimer(this.sql, "agent_reply", now + s.settings.agentReplyTimeoutMs);
    }
    if (s.mode === "bot" && s.status === "active") setTimer(this.sql, "inactivity", now + s.settings.inactivityTimeoutMs);
    this.commit(s);

    // a running flow (or a flow's trigger) takes the message instead of the bot
    if ((s.flow || s.flowEntries) && (await this.flowMessage(s, m, frame.rich_reply?.value ?? null))) return ok(null);
    if (s.mode === "bot" && s.status === "active" && ports().bot.wantsHuman(text)) {
      await this.escalate(s, "explicit_request", "visitor");
    } else if (botShouldAnswer(s, text)) {
      const turn = this.botTurns.then(() => this.botTurn(s, m));
      this.botTurns = turn.catch(() => undefined);
      await turn;
    }
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
    return this.agentReply(actor, clientId, rawText, ws, canRespond, frame);
  }

  /** agentMessage; a socket frame hands in the state it has just read (`loaded`). */
  protected async agentReply(
    actor: Actor,
    clientId: string,
    rawText: string,
    ws: WebSocket | null,
    canRespond: boolean,
    frame: MessageSendFrame | undefined,
    loaded?: ConversationState,
  ): Promise<DoResult<{ message_id: string; seq: number }>> {
    if (!canRespond) return fail(403, "FORBIDDEN", "Your role can read this conversation but not reply");
    // a socket reply meets the same reply window as the REST route (which checks before it calls here)
    if (ws) {
      const channel = (loaded ?? this.stateFor(actor))?.channel;
      if (channel && ports().replyWindow.applies(channel)) {
        const refusal = await ports().replyWindow.refusal(this.env, (loaded ?? this.stateFor(actor))!.id);
        if (refusal) return fail(409, refusal.code, refusal.message);
        loaded = undefined; // read again below: the state may have moved on meanwhile
      }
    }
    let files: Attachment[] = [];
    let signed: Attachment[] = [];
    if (frame?.attachments?.length) {
      const id = this.stateFor(actor)?.id;
      if (!id) return fail(404, "NOT_FOUND", "Conversation not found");
      const checked = await senderUploads(this.env.DB, id, { type: "agent", id: actor.id }, frame.attachments);
      if (!checked.ok) return checked;
      files = checked.value;
      signed = await signAttachments(this.env, files);
    }
    // a socket frame hands in the state it just read (nothing awaited since, unless attachments were looked up)
    const s = (!files.length && loaded) || this.stateFor(actor);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    if (s.status === "archived") return fail(409, "CONVERSATION_CLOSED", "This conversation is archived");
    const text = rawText.trim();
    if (!text && !frame?.attachments?.length) return fail(400, "EMPTY_MESSAGE", "A message needs text or an attachment");
    if (text.length > 4000) return fail(400, "MESSAGE_TOO_LONG", "Messages are limited to 4000 characters");
    const holder = holderOf(s);
    if (holder && holder.id !== actor.id) return fail(409, "CONVERSATION_LOCKED", `${holder.name} is handling this conversation`);
    const sender = `agent:${actor.id}`;
    const input = (): NewMessage => ({
      id: newId("msg"), role: "agent", sender, clientId, authorId: actor.id, authorName: actor.name, text,
      ...(files.length ? { attachments: files } : {}),
    });
    let m: Message | null = null;
    // the holder's reply: the log's unique index finds a repeated client_id (no lookup per message)
    if (holder) m = this.appendOnce(s, input());
    else if (!findByClientId(this.sql, sender, clientId)) {
      const taken = this.takeOver(s, actor);
      if (!taken.ok) return taken;
      m = this.append(s, input());
    }
    if (!m) {
      const dup = findByClientId(this.sql, sender, clientId);
      if (!dup) throw new Error("a repeated message is not in the log");
      if (ws) send(ws, { type: "message:ack", client_id: clientId, message_id: dup.id, seq: dup.seq });
      return ok({ message_id: dup.id, seq: dup.seq });
    }
    const unread = s.unreadCountAgent;
    s.unreadCountAgent = 0;
    this.clearTimerIfSet("agent_reply");
    this.clearTimerIfSet("route_reply");
    if (s.status === "waiting") this.changeStatus(s, "agent_handling", "agent_replied", actor.id);
    // the usual reply changes nothing but what the log already holds: no state row write per message
    if (unread === 0) this.commitLogged(s, m);
    else this.commit(s);
    if (ws) send(ws, { type: "message:ack", client_id: clientId, message_id: m.id, seq: m.seq });
    const out = withAttachments(m, signed);
    broadcastMessage(this.ctx, out, ws ? { skip: ws } : {});
    this.toHub(s, { type: "inbox:message", conversation_id: s.id, message: out, unread_count: 0 });
    // a reply over REST answers with the mirror written; socket replies leave it to the alarm
    if (!ws) await this.flush();
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
    let result: BotReply;
    try {
      result = await ports().bot.answer(
        this.env,
        {
          workspaceId: s.workspaceId,
          chatbotId: s.chatbotId,
          conversationId: s.id,
          message: incoming.text,
          history,
          context: { visitorName: s.visitorName, pageUrl: s.context.pageUrl, pageTitle: s.context.pageTitle, locale: s.context.locale },
          failedAnswers: s.failedAnswers,
          // the visitor message's position in the log: exact even while an earlier turn is still saving
          messageCount: incoming.seq,
        },
        (delta) => broadcast(this.ctx, { type: "message:delta", message_id: messageId, delta }),
        { startedAt: Date.parse(incoming.created_at) || Date.now() },
      );
    } catch (err) {
      console.error("bot turn failed", err);
      result = fallbackAnswer(this.visitorLines(s).turnFailed);
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
    );
    s.failedAnswers = result.failed ? s.failedAnswers + 1 : 0;
    broadcastMessage(this.ctx, m);
    this.toHub(s, { type: "inbox:message", conversation_id: s.id, message: m, unread_count: s.unreadCountAgent });
    if (s.status === "active") setTimer(this.sql, "inactivity", Date.now() + s.settings.inactivityTimeoutMs);
    this.commit(s);
    const reason = result.escalation?.reason ?? (result.action === "escalate" ? "low_confidence" : null);
    // the bot's reply already says a person is coming: no second hand-off line
    if (reason && s.status === "active") await this.escalate(s, reason, "bot", false);
  }
}

function isRich(value: unknown): value is NonNullable<NewMessage["rich"]> {
  return typeof value === "object" && value !== null;
}

function fallbackAnswer(text: string): BotReply {
  return {
    text,
    sources: [], confidence: 0, action: "offer_human", intent: "other", sentiment: "neutral",
    escalation: null, failed: true, model: "fallback", latencyMs: 0, tokens: { prompt: 0, completion: 0 },
  };
}

export type { ServerFrame };


function endAgentSocket(ws: WebSocket, reason: string) {
  send(ws, { type: "error", code: "SESSION_ENDED", message: "Your access to this conversation has changed; reconnect" });
  try {
    ws.close(SESSION_ENDED_CLOSE, reason);
  } catch {
    // already closed
  }
}
