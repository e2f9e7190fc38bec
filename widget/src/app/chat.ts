/**
 * The visitor's side of one conversation: session, socket, the message list
 * (optimistic sends reconciled by ack, streamed deltas, dedupe by id/seq),
 * typing, read ticks, status notices, rating. UI-free; components subscribe.
 */
import type { AgentRef, Attachment, Cart, ConversationStatus, Message, ServerFrame } from "../../../durable-objects/protocol";
import { ApiError, WidgetApi } from "./api";
import type { WidgetConfig } from "./config";
import { Connection } from "./connection";
import type { ConnState } from "./connection";
import { acknowledge, appendDelta, patchItems, upsertMessage } from "./items";
import type { Item } from "./items";
import { readStored, writeStored, onStoredChange } from "./storage";
import type { Stored } from "./storage";

export type { Delivery, Item } from "./items";

export type Phase = "loading" | "prechat" | "offline" | "offline_sent" | "chat" | "banned" | "erased";

export interface ChatState {
  phase: Phase;
  items: Item[];
  status: ConversationStatus | null;
  agent: AgentRef | null;
  typing: { role: string; name?: string } | null;
  conn: ConnState;
  retryInMs: number;
  rating: "none" | "requested" | "sent";
  escalatedWait: number | null;
  /** waiting in a team's queue: place (1 = next) and estimated wait, live */
  queue: { position: number; waitSeconds: number } | null;
  unread: number;
  notice: string | null;
  conversationId: string | null;
  /** the conversation's cart, live (`cart:updated`) */
  cart: Cart | null;
}

type Listener = (s: ChatState) => void;
type NoticeKey = "agentJoined" | "agentLeft" | "escalated" | "estimatedWait" | "estimatedWaitSoon" | "returnedToBot" | "resolved" | "rateLimited" | "error" | "uploadFailed";

const PENDING_ORDER = 1e12;

export class Chat {
  state: ChatState = {
    phase: "loading",
    items: [],
    status: null,
    agent: null,
    typing: null,
    conn: "idle",
    retryInMs: 0,
    rating: "none",
    escalatedWait: null,
    queue: null,
    unread: 0,
    notice: null,
    conversationId: null,
    cart: null,
  };
  /** Set by the UI: whether the visitor is looking at the panel. */
  visible = false;
  readonly api: WidgetApi;
  private listeners = new Set<Listener>();
  private conn: Connection | null = null;
  private lastSeq = 0;
  private counter = 0;
  private typingSent = false;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private creating: Promise<string> | null = null;
  private pendingExtra = new Map<string, { attachments?: Attachment[]; richReply?: string }>();

  constructor(
    readonly apiBase: string,
    readonly key: string,
    readonly config: WidgetConfig,
    private readonly notify: (key: NoticeKey, vars?: Record<string, string | number>) => string,
  ) {
    this.api = new WidgetApi(
      apiBase,
      key,
      () => readStored(key),
      () => writeStored(key, { visitor_id: undefined, visitor_secret: undefined, conversation_id: undefined }),
    );
    onStoredChange(key, (s) => this.adoptFromOtherTab(s));
  }

  subscribe(fn: Listener) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<ChatState>) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }

  async start() {
    try {
      const session = await this.api.session();
      const stored = writeStored(this.key, {
        visitor_id: session.visitorId,
        ...(session.visitorSecret ? { visitor_secret: session.visitorSecret } : {}),
      });
      const convId = stored.conversation_id ?? session.openConversationId;
      if (convId) return this.resume(convId);
    } catch (err) {
      if (err instanceof ApiError && err.code === "VISITOR_BANNED") return this.set({ phase: "banned" });
      // Without a session the panel still shows the greeting; sending retries the session.
    }
    this.set({ phase: !this.config.online ? "offline" : this.config.preChat ? "prechat" : "chat" });
  }

  private async resume(conversationId: string) {
    writeStored(this.key, { conversation_id: conversationId });
    this.set({ phase: "chat", conversationId });
    try {
      for (const m of await this.api.history(conversationId, 0)) this.upsertMessage(m, false);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return this.forgetConversation();
    }
    this.connect(conversationId);
  }

  /** Saves the visitor's own data as a JSON file. */
  async downloadMyData() {
    const data = await this.api.exportMine();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
    a.download = "my-chat-data.json";
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  /** Erases the visitor's data on the server, then forgets the visitor here too. */
  async eraseMyData() {
    await this.api.eraseMine();
    this.conn?.stop();
    this.conn = null;
    writeStored(this.key, { visitor_id: undefined, visitor_secret: undefined, conversation_id: undefined, rated: undefined });
    this.api.expireToken();
    this.set({ phase: "erased", items: [], conversationId: null, status: null, agent: null, rating: "none" });
  }

  private forgetConversation() {
    this.conn?.stop();
    this.conn = null;
    this.lastSeq = 0;
    writeStored(this.key, { conversation_id: undefined });
    this.set({
      conversationId: null,
      items: [],
      status: null,
      agent: null,
      rating: "none",
      escalatedWait: null,
      queue: null,
      phase: !this.config.online ? "offline" : this.config.preChat ? "prechat" : "chat",
    });
  }

  private adoptFromOtherTab(s: Stored) {
    if (s.conversation_id && s.conversation_id !== this.state.conversationId && !this.state.conversationId) {
      void this.resume(s.conversation_id);
    }
  }

  private connect(conversationId: string) {
    this.conn?.stop();
    this.conn = new Connection({
      target: async () => ({ url: this.api.socketUrl(conversationId, this.lastSeq), token: await this.api.accessToken() }),
      onFrame: (f) => this.onFrame(f),
      onState: (conn, retryInMs = 0) => this.set({ conn, retryInMs }),
      onFatal: (code) => (code === 4003 ? this.set({ phase: "banned" }) : this.forgetConversation()),
      onAuthFailure: () => this.api.expireToken(),
    });
    this.conn.start();
  }

  /** Creates the conversation on first need (first message, pre-chat or offline form). */
  async ensureConversation(body: { pre_chat?: Record<string, unknown>; offline_message?: string } = {}): Promise<string> {
    if (this.state.conversationId) return this.state.conversationId;
    if (!this.creating) {
      this.creating = this.api
        .createConversation(body)
        .then((id) => {
          writeStored(this.key, { conversation_id: id });
          this.set({ conversationId: id, status: body.offline_message ? "waiting" : "active" });
          if (!body.offline_message) this.connect(id);
          return id;
        })
        .finally(() => {
          this.creating = null;
        });
    }
    return this.creating;
  }

  async submitPreChat(preChat: Record<string, unknown>) {
    await this.ensureConversation({ pre_chat: preChat });
    this.set({ phase: "chat" });
  }

  async submitOffline(preChat: Record<string, unknown>, message: string) {
    await this.ensureConversation({ pre_chat: preChat, offline_message: message });
    this.set({ phase: "offline_sent" });
  }

  /** Optimistic send: shown at once as pending, confirmed by `message:ack`. */
  send(text: string, extra: { attachments?: Attachment[]; richReply?: string } = {}) {
    const body = text.trim();
    if (!body && !extra.attachments?.length) return;
    const clientId = `c_${Date.now().toString(36)}_${(++this.counter).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    this.stopTyping();
    this.set({
      items: [
        ...this.state.items,
        { key: clientId, clientId, order: PENDING_ORDER + this.counter, kind: "message", role: "visitor", text: body, attachments: extra.attachments, delivery: "pending" },
      ],
    });
    this.pendingExtra.set(clientId, extra);
    this.ensureConversation()
      .then(() => this.flushPending())
      .catch(() => this.markFailed(clientId));
  }


  retry(clientId: string) {
    this.updateItem((i) => i.clientId === clientId, { delivery: "pending" });
    this.ensureConversation()
      .then(() => this.flushPending())
      .catch(() => this.markFailed(clientId));
  }

  /** (Re)sends every unacknowledged message; the server ignores duplicates by client_id. */
  private flushPending() {
    for (const i of this.state.items) {
      if (i.kind !== "message" || i.delivery !== "pending" || !i.clientId) continue;
      const extra = this.pendingExtra.get(i.clientId) ?? {};
      this.conn?.send({
        type: "message:send",
        client_id: i.clientId,
        ...(i.text ? { text: i.text } : {}),
        // files travel by the id of the upload; the server signs the links everyone sees
        ...(extra.attachments?.length ? { attachments: extra.attachments.flatMap((a) => (a.id ? [{ id: a.id }] : [])) } : {}),
        ...(extra.richReply ? { rich_reply: { value: extra.richReply } } : {}),
      });
    }
  }

  private markFailed(clientId: string) {
    this.updateItem((i) => i.clientId === clientId, { delivery: "failed" });
  }

  /** Adds a product variant to the conversation's cart (every tab and the agent see it). */
  async addToCart(variantId: string, quantity = 1) {
    const id = await this.ensureConversation();
    this.set({ cart: await this.api.call<Cart>(`/api/v1/widget/conversations/${id}/cart/items`, { body: { variant_id: variantId, quantity } }) });
  }

  setCart(cart: Cart) {
    this.set({ cart });
  }

  async upload(file: File): Promise<Attachment> {
    const id = await this.ensureConversation();
    return this.api.upload(id, file);
  }

  typing() {
    if (!this.typingSent && this.conn?.send({ type: "typing:start" })) this.typingSent = true;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), 2500);
  }

  private stopTyping() {
    clearTimeout(this.typingTimer);
    if (this.typingSent) this.conn?.send({ type: "typing:stop" });
    this.typingSent = false;
  }

  /** The visitor is looking at the messages: clear the badge and tell the agent. */
  markSeen() {
    if (this.state.unread) this.set({ unread: 0 });
    if (this.lastSeq > 0) this.conn?.send({ type: "read", seq: this.lastSeq });
  }

  async rate(rating: number, comment: string) {
    const id = this.state.conversationId;
    if (!id) return;
    await this.api.rate(id, rating, comment);
    writeStored(this.key, { rated: [...(readStored(this.key).rated ?? []), id].slice(-20) });
    this.set({ rating: "sent" });
  }

  /** Thumbs up/down on a bot answer. */
  async vote(messageId: string, helpful: boolean) {
    const id = this.state.conversationId;
    if (id) await this.api.feedback(id, messageId, helpful);
  }

  startOver() {
    this.forgetConversation();
  }

  /* ---------- frames ---------- */

  private onFrame(f: ServerFrame) {
    switch (f.type) {
      case "hello":
        this.set({ status: f.status, agent: f.agent ?? null });
        if (f.status === "resolved") this.requestRating();
        this.flushPending();
        this.conn?.send({ type: "page:view", url: location.href.slice(0, 2000), title: document.title.slice(0, 500) });
        if (this.visible) this.markSeen();
        break;
      case "message:receive":
        this.upsertMessage(f.message, true);
        break;
      case "message:delta":
        this.applyDelta(f.message_id, f.delta);
        break;
      case "message:ack":
        this.applyAck(f.client_id, f.message_id, f.seq);
        break;
      case "typing:start":
        if (f.role === "agent" || (f.role === "bot" && this.config.showTyping)) this.set({ typing: { role: f.role, name: f.name } });
        break;
      case "typing:stop":
        if (f.role !== "visitor") this.set({ typing: null });
        break;
      case "read":
        if (f.role === "agent") this.updateItem((i) => i.role === "visitor" && i.delivery === "sent" && i.order <= f.seq, { delivery: "read" });
        break;
      case "conversation:status_changed":
        this.set({ status: f.to });
        if (f.to === "resolved") this.requestRating();
        else if (f.to === "active" && f.from === "agent_handling") {
          this.set({ agent: null, escalatedWait: null });
          this.addNotice(this.notify("returnedToBot", { name: this.config.name }));
        } else if (f.to === "active" && f.from === "resolved") this.set({ rating: "none" });
        break;
      case "conversation:escalated":
        this.set({ escalatedWait: f.estimated_wait_seconds });
        this.addNotice(
          `${this.notify("escalated")} ${
            f.estimated_wait_seconds > 0 ? this.notify("estimatedWait", { min: Math.max(1, Math.round(f.estimated_wait_seconds / 60)) }) : this.notify("estimatedWaitSoon")
          }`,
        );
        break;
      case "conversation:queue":
        this.set({ queue: { position: f.position, waitSeconds: f.estimated_wait_seconds } });
        break;
      case "agent:joined":
        this.set({ agent: f.agent, escalatedWait: null, queue: null });
        this.addNotice(this.notify("agentJoined", { name: f.agent.name }));
        break;
      case "agent:left":
        if (f.agent) this.addNotice(this.notify("agentLeft", { name: f.agent.name }));
        this.set({ agent: null });
        break;
      case "conversation:rating_requested":
        this.requestRating();
        break;
      case "cart:updated":
        this.set({ cart: f.cart });
        break;
      case "error":
        if (f.client_id) this.markFailed(f.client_id);
        if (f.code === "RATE_LIMITED") this.addNotice(this.notify("rateLimited"));
        else if (f.code === "VISITOR_BANNED") this.set({ phase: "banned" });
        break;
      default:
        break;
    }
  }

  private requestRating() {
    const id = this.state.conversationId;
    const rated = id && (readStored(this.key).rated ?? []).includes(id);
    if (this.state.rating === "none") this.set({ rating: rated ? "sent" : "requested" });
  }

  private updateItem(match: (i: Item) => boolean, patch: Partial<Item>) {
    const items = patchItems(this.state.items, match, patch);
    if (items !== this.state.items) this.set({ items });
  }

  private addNotice(text: string) {
    this.set({ items: [...this.state.items, { key: `n${++this.counter}`, order: this.lastSeq + 0.5, kind: "notice", role: "system", text, delivery: "done" }] });
  }

  private upsertMessage(m: Message, live: boolean) {
    const { items, fresh } = upsertMessage(this.state.items, m);
    this.lastSeq = Math.max(this.lastSeq, m.seq);
    const fromThem = m.role === "bot" || m.role === "agent";
    const patch: Partial<ChatState> = { items };
    if (fromThem && this.state.typing && (m.role === this.state.typing.role || m.role === "bot")) patch.typing = null;
    if (live && fromThem && fresh) {
      if (this.visible) queueMicrotask(() => this.markSeen());
      else patch.unread = this.state.unread + 1;
    }
    this.set(patch);
  }

  private applyDelta(messageId: string, delta: string) {
    const items = appendDelta(this.state.items, messageId, delta, this.lastSeq + 0.9, this.config.name);
    if (items !== this.state.items) this.set({ items, typing: null });
  }

  private applyAck(clientId: string, messageId: string, seq: number) {
    this.pendingExtra.delete(clientId);
    this.set({ items: acknowledge(this.state.items, clientId, messageId, seq) });
    this.lastSeq = Math.max(this.lastSeq, seq);
  }
}
