import { DurableObject } from "cloudflare:workers";
import { newId, nowIso } from "../../common/ids";
import type { AgentRef, ConversationStatus, HubBroadcastFrame, Message } from "../protocol";
import { workspaceHub } from "../stubs";
import { pushToHub } from "../hub-push";
import { enqueue, flushOutbox, hasPending, logged, pendingCount } from "./outbox";
import { forwardActivity } from "./integrations";
import { ESCALATION_WAIT_MS, unansweredEscalationText } from "./waiting";
import { canTransition, transition } from "./status";
import { broadcast, broadcastMessage } from "./sockets";
import { appendMessage, appendUnlessRepeated, clearTimer, countLogged, dueTimers, ensureSchema, persistLogged, saveLogged, settleLive, forgetSchedule, hasTimer, loadState, nextTimerAt, recentMessages, saveState, schemaReady, setTimer, timerAt, type NewMessage, type ScheduleKind } from "./storage";
import { ports, type VisitorLines } from "../ports";
import { fail, ok, type Actor, type ConversationState, type DoResult } from "./types";

/** The D1 mirror is written by the alarm: this long after the first pending row… */
export const FLUSH_DELAY_MS = 250;
/** …but, while messages keep coming, no more often than this (one batch per second)… */
export const FLUSH_MIN_INTERVAL_MS = 1_000;
/**
 * …or, after a flush that carried FLUSH_BUSY_ROWS rows or more (a burst, not a
 * chat at human pace), this: every flush costs the same D1 round trip and
 * bookkeeping whatever it carries, so a busy conversation writes fewer, larger
 * batches. A conversation at a person's pace keeps the 1 s (its channel
 * messages and webhooks go out after the flush).
 */
export const FLUSH_BUSY_INTERVAL_MS = 3_000;
export const FLUSH_BUSY_ROWS = 10;
/**
 * The busy interval is drawn at random, once per flush, within ± this share of
 * it (1.5–4.5 s, 3 s on average): conversations that got busy at the same
 * moment (a campaign, a load test) would otherwise all write to D1 in the same
 * instant every interval, and every socket frame of the runtime waits behind
 * those batches.
 */
export const FLUSH_BUSY_SPREAD = 0.5;
const busyGap = () => FLUSH_BUSY_INTERVAL_MS * (1 - FLUSH_BUSY_SPREAD + 2 * FLUSH_BUSY_SPREAD * Math.random());
/** …unless this many rows are pending: then at once. */
export const FLUSH_BATCH = 100;
const FLUSH_RETRY_MS = 10_000;
/** Inbox notifications of one conversation go out at most this often (the latest preview wins). */
export const HUB_COALESCE_MS = 250;

/**
 * The state side of a conversation: its SQLite storage, the status machine,
 * events, the hub notifications, takeover, escalation, and the one alarm that
 * drives the timers and flushes the outbox to D1.
 */
export abstract class ConversationCore extends DurableObject<Env> {
  protected readonly sql: SqlStorage;
  /** The alarm time this instance last set (undefined: not known since it started). */
  private armedAt: number | null | undefined;
  private hubStub: ReturnType<typeof workspaceHub> | null = null;
  /** The newest inbox:message not yet pushed, and when the last one went out. */
  private hubPending: Extract<HubBroadcastFrame, { type: "inbox:message" }> | null = null;
  private hubTimer: ReturnType<typeof setTimeout> | null = null;
  private hubSentAt = 0;
  /** When this instance last wrote the mirror (0: not since it started), and how long the next flush waits after it. */
  private flushedAt = 0;
  private flushGap = FLUSH_MIN_INTERVAL_MS;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // migrate an existing object; a new one gets its tables only from the create RPC
    ctx.blockConcurrencyWhile(async () => {
      if (schemaReady(this.sql)) ensureSchema(this.sql);
    });
  }

  /**
   * The state for an RPC that acts for `scope`: null when the conversation does
   * not exist here or belongs to another workspace (or, for a visitor scope,
   * another visitor), so the caller answers not-found without a separate
   * snapshot round trip.
   */
  protected stateFor(scope: { workspaceId?: string; visitorId?: string } | null | undefined): ConversationState | null {
    const s = loadState(this.sql);
    if (!s) return null;
    if (scope?.workspaceId !== undefined && scope.workspaceId !== s.workspaceId) return null;
    if (scope?.visitorId !== undefined && scope.visitorId !== s.visitorId) return null;
    return s;
  }

  protected append(s: ConversationState, input: NewMessage): Message {
    // the log is the mirror's source: the flush reads it by seq (no copy in the outbox)
    const m = appendMessage(this.sql, s.id, { ...input, holder: s.agent?.id ?? null });
    logged(this.sql, m.seq);
    this.countMessage(s, m);
    return m;
  }

  /** append, or null (nothing written) when the sender already sent this client_id. */
  protected appendOnce(s: ConversationState, input: NewMessage): Message | null {
    const m = appendUnlessRepeated(this.sql, s.id, { ...input, holder: s.agent?.id ?? null });
    if (!m) return null;
    logged(this.sql, m.seq);
    this.countMessage(s, m);
    return m;
  }

  protected countMessage(s: ConversationState, m: Message) {
    countLogged(s, m);
  }

  protected systemMessage(s: ConversationState, text: string) {
    const m = this.append(s, { id: newId("msg"), role: "system", sender: "system", clientId: null, authorId: null, authorName: null, text });
    broadcastMessage(this.ctx, m);
    return m;
  }

  /** The conversation's language: the visitor's recent messages, else their locale. */
  protected visitorLanguage(s: ConversationState): string {
    const said = recentMessages(this.sql, s.id, 20).filter((m) => m.role === "visitor").map((m) => m.text);
    return ports().bot.language(said.pop() ?? "", said, s.context.locale);
  }

  /** System lines in the conversation's language. */
  protected visitorLines(s: ConversationState): VisitorLines {
    return ports().bot.lines(this.visitorLanguage(s));
  }

  /**
   * Every state change happens before the first await (the wait estimate is a
   * call to another object), so a takeover arriving meanwhile is never overwritten.
   * `announce: false` when the bot's own reply already told the visitor a person is coming.
   */
  protected async escalate(s: ConversationState, reason: string, actor: string, announce = true, teamId: string | null = null) {
    if (!canTransition(s.status, "escalated")) return;
    s.escalationReason = reason;
    if (announce) this.systemMessage(s, this.visitorLines(s).connecting);
    this.changeStatus(s, "escalated", reason, actor);
    this.clearTimerIfSet("inactivity");
    setTimer(this.sql, "escalation_wait", Date.now() + (s.settings.escalationWaitMs ?? ESCALATION_WAIT_MS));
    this.toHub(s, { type: "inbox:escalated", conversation_id: s.id, reason, visitor_name: s.visitorName, preview: s.lastMessagePreview });
    this.commit(s);
    const wait = await this.waitEstimate(s);
    broadcast(this.ctx, { type: "conversation:escalated", reason, estimated_wait_seconds: wait });
    await this.afterEscalation(s, teamId);
  }

  /** Routing (conversation/routing.ts): assigns an escalated conversation or queues it (in `teamId`'s queue when given, else the chatbot's team). */
  protected abstract afterEscalation(s: ConversationState, teamId?: string | null): Promise<void>;
  /** Flows (conversation/flows.ts): a wait node's alarm rang. */
  protected abstract onFlowWake(s: ConversationState): Promise<void>;
  /** Routing: the assignee missed the team's reply limit. */
  protected abstract onReplyLimit(s: ConversationState): Promise<void>;

  protected async waitEstimate(s: ConversationState): Promise<number> {
    try {
      return (await this.hub(s).estimateWait()).estimated_wait_seconds;
    } catch {
      return 300;
    }
  }

  protected takeOver(s: ConversationState, actor: Actor, reason = "takeover"): DoResult<null> {
    if (s.status === "resolved" || s.status === "abandoned") this.changeStatus(s, "active", "reopened", actor.id);
    if (s.status !== "agent_handling" && !canTransition(s.status, "agent_handling")) {
      return fail(409, "INVALID_STATUS_TRANSITION", `A ${s.status} conversation cannot be taken over`);
    }
    const agent: AgentRef = { id: actor.id, name: actor.name };
    s.mode = "human";
    s.agent = agent;
    this.clearTimerIfSet("inactivity");
    if (s.status !== "agent_handling") this.changeStatus(s, "agent_handling", reason, actor.id);
    this.systemMessage(s, this.visitorLines(s).joined(actor.name));
    broadcast(this.ctx, { type: "agent:joined", agent });
    this.recordEvent(s, reason, null, null, actor.id, { agent_id: actor.id });
    this.toHub(s, { type: "inbox:assigned", conversation_id: s.id, agent });
    this.commit(s);
    return ok(null);
  }

  protected tryChangeStatus(s: ConversationState, to: ConversationStatus, reason: string, actor: string, data: Record<string, unknown> = {}): DoResult<null> {
    if (!canTransition(s.status, to)) return fail(409, "INVALID_STATUS_TRANSITION", `A conversation cannot move from ${s.status} to ${to}`);
    this.changeStatus(s, to, reason, actor, data);
    return ok(null);
  }

  protected changeStatus(s: ConversationState, to: ConversationStatus, reason: string, actor: string, data: Record<string, unknown> = {}) {
    const from = s.status;
    s.status = transition(from, to);
    this.recordEvent(s, "status_changed", from, to, actor, { reason, ...data });
    this.commit(s);
    broadcast(this.ctx, { type: "conversation:status_changed", from, to, reason });
    this.toHub(s, { type: "inbox:status_changed", conversation_id: s.id, from, to, reason });
  }

  protected recordEvent(s: ConversationState, type: string, from: string | null, to: string | null, actor: string, data: Record<string, unknown>) {
    const event = { id: newId("evt"), type, from_status: from, to_status: to, actor, data, created_at: nowIso() };
    enqueue(this.sql, { kind: "event", event, ...(s.agent ? { agent_id: s.agent.id } : {}) });
  }

  /**
   * Saves the state, queues the D1 index row and makes sure the alarm will flush
   * it: FLUSH_DELAY_MS after the first pending row, or now once FLUSH_BATCH are
   * pending. Synchronous: the rows are durable in this object's SQLite before
   * any acknowledgement leaves, and the D1 write happens later, in batches.
   */
  protected commit(s: ConversationState, touch = true) {
    if (touch) s.updatedAt = nowIso();
    saveState(this.sql, s);
    this.scheduleMirror();
  }

  /**
   * commit() for a state that only the message `m` just appended changed (its
   * count, preview and times): the state row is not rewritten, because those
   * fields come back from the log (`saveLogged`); the next flush writes them
   * with the mirror. The message itself is in the log before any acknowledgement leaves.
   */
  protected commitLogged(s: ConversationState, m: Message) {
    if (m.created_at > s.updatedAt) s.updatedAt = m.created_at;
    saveLogged(this.sql, s);
    this.scheduleMirror();
  }

  /** Queues the conversation row for the mirror and makes sure the alarm will flush it. */
  private scheduleMirror() {
    enqueue(this.sql, { kind: "conversation" });
    const now = Date.now();
    const due = pendingCount(this.sql) >= FLUSH_BATCH ? now : Math.max(now + FLUSH_DELAY_MS, this.flushedAt + this.flushGap);
    const current = timerAt(this.sql, "flush");
    if (current === null || due < current) setTimer(this.sql, "flush", due);
    this.armAlarm();
  }

  /** Deletes a timer only when it is set (no write otherwise). */
  protected clearTimerIfSet(kind: ScheduleKind) {
    if (hasTimer(this.sql, kind)) clearTimer(this.sql, kind);
  }

  protected hub(s: ConversationState) {
    // one stub per instance: calls through the same stub arrive in order
    this.hubStub ??= workspaceHub(this.env, s.workspaceId);
    return this.hubStub;
  }

  /**
   * Pushes a frame to the workspace's dashboards without waiting for the hub.
   * `inbox:message` frames are coalesced per conversation: the first goes out at
   * once, later ones at most every HUB_COALESCE_MS, and only the newest (latest
   * preview and unread count). Any other frame first sends the pending message
   * frame, so the dashboards see them in order.
   */
  protected toHub(s: ConversationState, frame: HubBroadcastFrame) {
    if (frame.type === "inbox:message") {
      this.hubPending = frame;
      if (this.hubTimer) return;
      const wait = this.hubSentAt + HUB_COALESCE_MS - Date.now();
      if (wait > 0) {
        this.hubTimer = setTimeout(() => {
          this.hubTimer = null;
          this.sendPendingHubMessage(s);
        }, wait);
        return;
      }
      this.sendPendingHubMessage(s);
      return;
    }
    this.sendPendingHubMessage(s);
    this.pushToHub(s, frame);
  }

  private sendPendingHubMessage(s: ConversationState) {
    if (this.hubTimer) {
      clearTimeout(this.hubTimer);
      this.hubTimer = null;
    }
    const frame = this.hubPending;
    if (!frame) return;
    this.hubPending = null;
    this.hubSentAt = Date.now();
    this.pushToHub(s, frame);
  }

  private pushToHub(s: ConversationState, frame: HubBroadcastFrame) {
    // not awaited: the next frame never waits for the hub
    void pushToHub(this.env, s.workspaceId, frame, { stub: this.hub(s) });
  }

  /**
   * Mirrors pending rows to D1 now; on failure the alarm retries. Safe to call
   * any number of times. One flush runs at a time: a second caller (a takeover
   * while the alarm is flushing) waits for it, then writes what is left, so two
   * flushes never send the same rows and an older copy of the conversation row
   * never lands after a newer one.
   */
  async flush(): Promise<number> {
    while (this.flushing) await this.flushing.catch(() => 0);
    this.flushing = this.flushPending();
    try {
      return await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  private flushing: Promise<number> | null = null;

  private async flushPending(): Promise<number> {
    if (!loadState(this.sql)) return 0;
    // the state row catches up with the replies kept in memory (one write per flush, not per message)
    persistLogged(this.sql);
    let written = 0;
    try {
      for (;;) {
        // the state as it is now for every batch: it may have changed while the previous one was written
        const s = loadState(this.sql);
        if (!s || !hasPending(this.sql)) break;
        written += await flushOutbox(this.sql, this.env.DB, s, (items) => forwardActivity(this.env, s, items, this.ctx.getWebSockets("visitor").length > 0));
      }
      clearTimer(this.sql, "flush");
      if (written > 0) {
        this.flushedAt = Date.now();
        this.flushGap = written >= FLUSH_BUSY_ROWS ? busyGap() : FLUSH_MIN_INTERVAL_MS;
      }
    } catch (err) {
      console.error("outbox flush failed", err);
      setTimer(this.sql, "flush", Date.now() + FLUSH_RETRY_MS);
    }
    this.armAlarm();
    return written;
  }

  async alarm(): Promise<void> {
    // the alarm that is running now is no longer set
    this.armedAt = undefined;
    // the alarm reads the state and the timers from storage (the live path answers from memory; what only memory held is written first)
    settleLive(this.sql);
    const s = loadState(this.sql);
    if (!s) return;
    forgetSchedule(this.sql);
    const now = Date.now();
    for (const kind of dueTimers(this.sql, now)) {
      clearTimer(this.sql, kind);
      if (kind === "inactivity") this.onInactivity(s, now);
      else if (kind === "agent_reply" && s.status === "agent_handling") this.changeStatus(s, "waiting", "agent_no_reply", "system");
      else if (kind === "escalation_wait" && s.status === "escalated") this.onEscalationUnanswered(s);
      else if (kind === "route_reply") await this.onReplyLimit(s);
      else if (kind === "flow_wait") await this.onFlowWake(s);
    }
    await this.flush();
  }

  /** Nobody picked the escalation up in time: the visitor is told honestly (and offered email) and the team is alerted again. */
  protected onEscalationUnanswered(s: ConversationState) {
    this.systemMessage(s, unansweredEscalationText(this.visitorLanguage(s) === "th" ? "th" : "en", s.channel));
    this.recordEvent(s, "escalation_unanswered", null, null, "system", { waited_ms: s.settings.escalationWaitMs ?? ESCALATION_WAIT_MS });
    this.toHub(s, { type: "inbox:escalated", conversation_id: s.id, reason: s.escalationReason ?? "unanswered", visitor_name: s.visitorName, preview: s.lastMessagePreview });
    this.commit(s);
  }

  protected onInactivity(s: ConversationState, now: number) {
    if (s.status === "active" && s.mode === "bot") {
      this.changeStatus(s, "waiting", "inactivity", "system");
      setTimer(this.sql, "inactivity", now + s.settings.inactivityTimeoutMs);
    } else if (s.status === "waiting" && s.mode === "bot") {
      this.changeStatus(s, "abandoned", "inactivity", "system");
    }
  }

  /** Points the one alarm at the earliest timer; touches storage only when that time changes. */
  protected armAlarm() {
    const at = nextTimerAt(this.sql);
    if (at === this.armedAt) return;
    this.armedAt = at;
    // storage writes from a Durable Object are ordered and held behind the output gate: no await needed
    if (at === null) void this.ctx.storage.deleteAlarm();
    else void this.ctx.storage.setAlarm(at);
  }
}
