import { newId, nowIso } from "../common/ids";
import { sha256Hex } from "../common/crypto";
import type { BotMode, Cart, CartFrame, Message } from "./protocol";
import { agentCartLine, applyCartChange, changeOfFrame, getCatalogPort, readCart, type CartChange, type VariantSnapshot } from "./conversation/cart";
import { holderOf, summaryOf, type ConversationView } from "./conversation/frames";
import { logged } from "./conversation/outbox";
import { canTransition } from "./conversation/status";
import { VISITOR_TAG, broadcast, broadcastMessage, send } from "./conversation/sockets";
import { appendMessage, clearTimer, ensureSchema, lastSeq, loadState, messagesAfter, putTicket, setTimer } from "./conversation/storage";
import { fail, ok, type Actor, type ConversationState, type CreateConversationInput, type DoResult, type SocketIdentity, type VisitorScope } from "./conversation/types";
import { ConversationPrivacy } from "./conversation/privacy";
import { withSignedAttachments } from "./conversation/project";
import { CHANNEL_SOCKET, channelFrame, channelVisitor } from "./conversation/integrations";
import { signSocketTicket } from "../common/socket-ticket";

export type { Actor, CreateConversationInput, DoResult, SocketIdentity, VisitorScope } from "./conversation/types";
export type { CartChange, VariantSnapshot } from "./conversation/cart";
export type { ConversationView } from "./conversation/frames";
export { IDENTITY_HEADER, LAST_SEQ_HEADER, TICKET_HEADER } from "./conversation/live";


/**
 * One conversation: visitor and agent sockets (hibernation API), the status
 * machine, bot/human mode, the message log with its monotonic seq, the bot
 * turn, timers (one alarm) and the outbox that mirrors everything to D1.
 * Split by concern: conversation/core.ts (state, status, events, alarm, outbox),
 * conversation/live.ts (sockets, messages, bot turn), conversation/privacy.ts
 * (erasure, attachment retention, purge) and here the RPC surface
 * the Worker calls (create, history, tickets, agent actions, rating, bans).
 */
export class ConversationDO extends ConversationPrivacy {
  /** Creates the conversation; a second call with the same id answers the existing one. */
  async create(input: CreateConversationInput): Promise<ConversationView> {
    ensureSchema(this.sql);
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
      channelRef: input.channelRef ?? null,
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
      logged(this.sql, m.seq);
      this.countMessage(s, m);
    }
    if (s.status === "active") setTimer(this.sql, "inactivity", Date.now() + s.settings.inactivityTimeoutMs);
    this.recordEvent(s, "created", null, s.status, "visitor", { offline: Boolean(input.offlineMessage), ...(input.ipHash ? { ip: input.ipHash } : {}) });
    this.commit(s);
    await this.flush();
    this.toHub(s, {
      type: "inbox:conversation_created",
      conversation: {
        id: s.id, workspace_id: s.workspaceId, chatbot_id: s.chatbotId, visitor_id: s.visitorId, status: s.status, mode: s.mode,
        bot_mode: s.botMode, assigned_agent_id: null, last_message_preview: s.lastMessagePreview, last_message_at: s.lastMessageAt,
        message_count: s.messageCount, created_at: s.createdAt, channel: s.channel,
      },
    });
    await this.startFlowOnCreate(s, input.flows);
    await this.routeNewConversation(s);
    return summaryOf(s, lastSeq(this.sql));
  }

  /**
   * A message from a messaging channel (LINE …): the widget visitor's path without a socket.
   * Answers once it is appended; the bot turn goes on here (conversation/integrations.ts).
   */
  async channelMessage(clientId: string, text: string, attachments: { id: string }[] = []): Promise<DoResult<null>> {
    const s = loadState(this.sql);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    const turn = this.visitorMessage(s, channelVisitor(s), channelFrame(clientId, text, attachments), CHANNEL_SOCKET);
    this.ctx.waitUntil(turn.catch((err: unknown) => console.error("channel message failed", err)));
    return attachments.length ? turn : ok(null);
  }

  /** The conversation as it is now, or null if it was never created here. */
  async snapshot(): Promise<ConversationView | null> {
    const s = loadState(this.sql);
    return s ? summaryOf(s, lastSeq(this.sql)) : null;
  }

  /** Messages after `afterSeq`, oldest first (bounded). */
  async history(afterSeq: number, limit = 100): Promise<Message[]> {
    const s = loadState(this.sql);
    if (!s) return [];
    const page = messagesAfter(this.sql, s.id, afterSeq, Math.min(Math.max(limit, 1), 500));
    return Promise.all(page.map((m) => withSignedAttachments(this.env, m)));
  }

  /** A single-use ticket (30 s, signed for this conversation) that lets the holder open one socket as `identity`; null if the conversation does not exist. */
  async issueTicket(identity: SocketIdentity): Promise<{ ticket: string; expires_in: number } | null> {
    const s = this.stateFor(identity.kind === "visitor" ? { visitorId: identity.id } : { workspaceId: identity.workspaceId });
    if (!s) return null;
    const out = await signSocketTicket(this.env, `conv:${s.id}`);
    putTicket(this.sql, await sha256Hex(out.ticket), identity, Date.now() + out.expires_in * 1000);
    return out;
  }

  async takeover(actor: Actor): Promise<DoResult<ConversationView>> {
    const s = this.stateFor(actor);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    const holder = holderOf(s);
    if (holder?.id === actor.id) return ok(summaryOf(s, lastSeq(this.sql)));
    if (holder) return fail(409, "CONVERSATION_LOCKED", `${holder.name} is handling this conversation`);
    const r = this.takeOver(s, actor);
    if (!r.ok) return r;
    await this.flush();
    return ok(summaryOf(s, lastSeq(this.sql)));
  }

  async returnToAi(actor: Actor, botMode: BotMode = "passive"): Promise<DoResult<ConversationView>> {
    const s = this.stateFor(actor);
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
    this.changeStatus(s, "active", "returned_to_ai", actor.id);
    if (holder) broadcast(this.ctx, { type: "agent:left", agent: holder });
    this.systemMessage(s, "Our assistant is back to help you.");
    this.recordEvent(s, "returned_to_ai", null, null, actor.id, { bot_mode: botMode });
    this.toHub(s, { type: "inbox:assigned", conversation_id: s.id, agent: null });
    setTimer(this.sql, "inactivity", Date.now() + s.settings.inactivityTimeoutMs);
    this.commit(s);
    await this.flush();
    return ok(summaryOf(s, lastSeq(this.sql)));
  }

  async resolve(actor: Actor, note: string | null = null): Promise<DoResult<ConversationView>> {
    const s = this.stateFor(actor);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    const holder = holderOf(s);
    if (holder && holder.id !== actor.id && actor.role !== "owner" && actor.role !== "admin") {
      return fail(409, "CONVERSATION_LOCKED", `${holder.name} is handling this conversation`);
    }
    const r = this.tryChangeStatus(s, "resolved", "resolved", actor.id, note ? { note } : {});
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
    const s = this.stateFor(actor);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    if (s.status !== "resolved" && s.status !== "abandoned") return fail(409, "INVALID_STATUS_TRANSITION", `A ${s.status} conversation cannot be reopened`);
    const r = this.tryChangeStatus(s, "active", "reopened", actor.id);
    if (!r.ok) return r;
    s.resolvedAt = null;
    setTimer(this.sql, "inactivity", Date.now() + s.settings.inactivityTimeoutMs);
    this.commit(s);
    await this.routeReopened(s);
    await this.flush();
    return ok(summaryOf(s, lastSeq(this.sql)));
  }

  async archive(actor: Actor): Promise<DoResult<ConversationView>> {
    const s = this.stateFor(actor);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    const r = this.tryChangeStatus(s, "archived", "archived", actor.id);
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
    const s = this.stateFor(actor);
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
    const r = this.takeOver(s, target, "transfer");
    if (!r.ok) return r;
    this.recordEvent(s, "transferred", null, null, actor.id, { from_agent_id: holder?.id ?? null, to_agent_id: target.id });
    this.commit(s);
    await this.flush();
    return ok(summaryOf(s, lastSeq(this.sql)));
  }

  async rate(rating: number, comment: string | null, visitor?: VisitorScope): Promise<DoResult<ConversationView>> {
    const s = this.stateFor(visitor);
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

  /** The workspace was suspended: every socket here (visitors and agents) closes with 4003; the Worker refuses new ones. */
  async closeAllSockets(reason: string): Promise<number> {
    const sockets = this.ctx.getWebSockets();
    for (const ws of sockets) {
      send(ws, { type: "error", code: "WORKSPACE_SUSPENDED", message: "This workspace is suspended" });
      try {
        ws.close(4003, reason);
      } catch {
        // already closed
      }
    }
    return sockets.length;
  }

  // ───────── cart (conversation/cart.ts) and commerce announcements ─────────

  /** The conversation's cart as it is now. */
  async cart(): Promise<Cart> {
    return readCart(this.sql);
  }

  /**
   * Changes the cart with the variant as the Worker just read it from the
   * catalog; `by` is the agent making the change (a visible line says so), null
   * for the visitor. Every socket of the conversation gets `cart:updated`.
   */
  async changeCart(change: CartChange, snapshot: VariantSnapshot | null, by: Actor | null): Promise<DoResult<Cart>> {
    const s = this.stateFor(by);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    return this.applyCart(s, change, snapshot, by);
  }

  /** A line in the conversation from the shop (order placed, paid, shipped …), seen live by everyone. */
  async announce(text: string): Promise<DoResult<{ message_id: string; seq: number }>> {
    const s = loadState(this.sql);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    const m = this.systemMessage(s, text);
    await this.toHub(s, { type: "inbox:message", conversation_id: s.id, message: m });
    this.commit(s);
    await this.flush();
    return ok({ message_id: m.id, seq: m.seq });
  }

  /** A line from the bot that an automation rule sends (seen live by everyone, like any bot message). */
  async say(text: string): Promise<DoResult<{ message_id: string; seq: number }>> {
    const s = loadState(this.sql);
    if (!s) return fail(404, "NOT_FOUND", "Conversation not found");
    if (s.status === "archived") return fail(409, "CONVERSATION_CLOSED", "This conversation is archived");
    const m = this.append(s, { id: newId("msg"), role: "bot", sender: "bot", clientId: null, authorId: null, authorName: null, text });
    broadcastMessage(this.ctx, m);
    await this.toHub(s, { type: "inbox:message", conversation_id: s.id, message: m, unread_count: s.unreadCountAgent });
    this.commit(s);
    await this.flush();
    return ok({ message_id: m.id, seq: m.seq });
  }

  protected async onCartFrame(ws: WebSocket, who: SocketIdentity, frame: CartFrame): Promise<void> {
    const s = loadState(this.sql);
    if (!s) return;
    if (who.kind === "agent" && !who.canRespond) return send(ws, { type: "error", code: "FORBIDDEN", message: "Your role can read this conversation but not change its cart" });
    const change = changeOfFrame(frame);
    let snapshot: VariantSnapshot | null = null;
    if (change.op === "add" || (change.op === "set" && change.quantity > 0)) {
      const port = getCatalogPort();
      if (!port) return send(ws, { type: "error", code: "CART_UNAVAILABLE", message: "The catalog cannot be reached" });
      snapshot = await port.lookupVariant(this.env, s.workspaceId, change.variant_id);
    }
    const by = who.kind === "agent" ? { id: who.id, name: who.name ?? "Agent", role: who.role ?? "agent" } : null;
    const r = await this.applyCart(s, change, snapshot, by);
    if (!r.ok) send(ws, { type: "error", code: r.error.code, message: r.error.message });
  }

  private async applyCart(s: ConversationState, change: CartChange, snapshot: VariantSnapshot | null, by: Actor | null): Promise<DoResult<Cart>> {
    if (s.status === "archived") return fail(409, "CONVERSATION_CLOSED", "This conversation is archived");
    const before = change.op === "clear" ? undefined : readCart(this.sql).items.find((i) => i.variant_id === change.variant_id);
    const r = applyCartChange(this.sql, change, snapshot);
    if (!r.ok) return r;
    const cart = readCart(this.sql);
    broadcast(this.ctx, { type: "cart:updated", cart });
    if (by) {
      const m = this.systemMessage(s, agentCartLine(by.name, change, snapshot ?? before ?? null, r.value));
      await this.toHub(s, { type: "inbox:message", conversation_id: s.id, message: m });
      this.commit(s);
      await this.flush();
    }
    return ok(cart);
  }
}
