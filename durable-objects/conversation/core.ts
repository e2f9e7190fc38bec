import { DurableObject } from "cloudflare:workers";
import { newId, nowIso } from "../../worker/lib/ids";
import type { AgentRef, ConversationStatus, HubBroadcastFrame, Message } from "../protocol";
import { workspaceHub } from "../stubs";
import { preview } from "./frames";
import { enqueue, flushOutbox, pendingCount } from "./outbox";
import { canTransition, transition } from "./status";
import { broadcast, broadcastMessage } from "./sockets";
import { appendMessage, clearTimer, dueTimers, ensureSchema, hasTimer, loadState, nextTimerAt, saveState, schemaReady, setTimer, type NewMessage } from "./storage";
import { fail, ok, type Actor, type ConversationState, type DoResult } from "./types";

const FLUSH_DELAY_MS = 1_000;
const FLUSH_RETRY_MS = 10_000;

/**
 * The state side of a conversation: its SQLite storage, the status machine,
 * events, the hub notifications, takeover, escalation, and the one alarm that
 * drives the timers and flushes the outbox to D1.
 */
export abstract class ConversationCore extends DurableObject<Env> {
  protected readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // migrate an existing object; a new one gets its tables only from the create RPC
    ctx.blockConcurrencyWhile(async () => {
      if (schemaReady(this.sql)) ensureSchema(this.sql);
    });
  }

  protected append(s: ConversationState, input: NewMessage, extra: { intent?: string | null; sentiment?: string | null } = {}): Message {
    const m = appendMessage(this.sql, s.id, input);
    this.countMessage(s, m);
    enqueue(this.sql, { kind: "message", message: m, ...extra });
    return m;
  }

  protected countMessage(s: ConversationState, m: Message) {
    s.messageCount++;
    if (m.role !== "system") {
      s.lastMessagePreview = preview(m.text);
      s.lastMessageAt = m.created_at;
    }
    if (m.role === "visitor" && !s.subject) s.subject = preview(m.text);
  }

  protected systemMessage(s: ConversationState, text: string) {
    const m = this.append(s, { id: newId("msg"), role: "system", sender: "system", clientId: null, authorId: null, authorName: null, text });
    broadcastMessage(this.ctx, m);
    return m;
  }

  protected async escalate(s: ConversationState, reason: string, actor: string) {
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

  protected async waitEstimate(s: ConversationState): Promise<number> {
    try {
      return (await this.hub(s).estimateWait()).estimated_wait_seconds;
    } catch {
      return 300;
    }
  }

  protected async takeOver(s: ConversationState, actor: Actor, reason = "takeover"): Promise<DoResult<null>> {
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

  protected async tryChangeStatus(s: ConversationState, to: ConversationStatus, reason: string, actor: string, data: Record<string, unknown> = {}): Promise<DoResult<null>> {
    if (!canTransition(s.status, to)) return fail(409, "INVALID_STATUS_TRANSITION", `A conversation cannot move from ${s.status} to ${to}`);
    await this.changeStatus(s, to, reason, actor, data);
    return ok(null);
  }

  protected async changeStatus(s: ConversationState, to: ConversationStatus, reason: string, actor: string, data: Record<string, unknown> = {}) {
    const from = s.status;
    s.status = transition(from, to);
    this.recordEvent(s, "status_changed", from, to, actor, { reason, ...data });
    this.commit(s);
    broadcast(this.ctx, { type: "conversation:status_changed", from, to, reason });
    await this.toHub(s, { type: "inbox:status_changed", conversation_id: s.id, from, to, reason });
  }

  protected recordEvent(s: ConversationState, type: string, from: string | null, to: string | null, actor: string, data: Record<string, unknown>) {
    enqueue(this.sql, { kind: "event", event: { id: newId("evt"), type, from_status: from, to_status: to, actor, data, created_at: nowIso() } });
  }

  /** Saves the state, queues the D1 index row and makes sure the alarm will flush it. */
  protected commit(s: ConversationState, touch = true) {
    if (touch) s.updatedAt = nowIso();
    saveState(this.sql, s);
    enqueue(this.sql, { kind: "conversation" });
    if (!hasTimer(this.sql, "flush")) setTimer(this.sql, "flush", Date.now() + FLUSH_DELAY_MS);
    void this.armAlarm();
  }

  protected hub(s: ConversationState) {
    return workspaceHub(this.env, s.workspaceId);
  }

  protected async toHub(s: ConversationState, frame: HubBroadcastFrame) {
    try {
      await this.hub(s).broadcast(frame);
    } catch (err) {
      console.error("hub broadcast failed", err);
    }
  }

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

  protected async onInactivity(s: ConversationState, now: number) {
    if (s.status === "active" && s.mode === "bot") {
      await this.changeStatus(s, "waiting", "inactivity", "system");
      setTimer(this.sql, "inactivity", now + s.settings.inactivityTimeoutMs);
    } else if (s.status === "waiting" && s.mode === "bot") {
      await this.changeStatus(s, "abandoned", "inactivity", "system");
    }
  }

  protected async armAlarm() {
    const at = nextTimerAt(this.sql);
    if (at === null) await this.ctx.storage.deleteAlarm();
    else {
      const current = await this.ctx.storage.getAlarm();
      if (current === null || current !== at) await this.ctx.storage.setAlarm(at);
    }
  }
}
