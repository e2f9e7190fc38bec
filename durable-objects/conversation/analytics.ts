import type { Message } from "../protocol";
import type { OutboxItem } from "./outbox";
import type { ConversationState } from "./types";

/**
 * Reporting events, derived when the outbox is flushed: the conversation's own
 * messages and status events (already in the outbox, in order) are the source,
 * so a message costs nothing here on the live path. Ids are deterministic
 * ('<conversation>:<name>' for once-only events,
 * '<conversation>:<name>:<message or event id>' otherwise) and the D1 insert
 * ignores a known id, so a replayed flush counts nothing twice. The few
 * timestamps the durations need (first visitor message, hand-off, assignment,
 * the oldest unanswered visitor message) are kept in this object's SQLite
 * (`analytics_marks`); a flush reads them once and writes what changed only
 * after its D1 batch went through, together with deleting its outbox rows, so
 * a flush that fails and runs again derives exactly the same rows.
 */
export interface AnalyticsRow {
  id: string;
  workspace_id: string;
  chatbot_id: string;
  conversation_id: string;
  visitor_id: string;
  conversation_created_at: string;
  agent_id: string;
  channel: string;
  name: string;
  dim: string;
  value: number | null;
  started_at: string | null;
  at: string;
  data: Record<string, unknown> | null;
}

const SMALLTALK = new Set(["greeting", "gratitude", "goodbye", "thanks"]);
const ready = new WeakSet<SqlStorage>();

function marksTable(sql: SqlStorage): SqlStorage {
  if (!ready.has(sql)) {
    sql.exec(`CREATE TABLE IF NOT EXISTS analytics_marks (name TEXT PRIMARY KEY, at TEXT NOT NULL, ref TEXT)`);
    ready.add(sql);
  }
  return sql;
}

interface Mark {
  at: string;
  ref: string | null;
}

/** The marks of one flush, in memory; `save()` writes the changed ones. */
class Marks {
  private readonly now = new Map<string, Mark | null>();
  private readonly changed = new Set<string>();

  constructor(private readonly sql: SqlStorage) {
    for (const r of marksTable(sql).exec<{ name: string; at: string; ref: string | null }>(`SELECT name, at, ref FROM analytics_marks`)) {
      this.now.set(r.name, { at: r.at, ref: r.ref });
    }
  }

  get(name: string): Mark | null {
    return this.now.get(name) ?? null;
  }

  /** `keep`: only when not set yet. */
  set(name: string, at: string, ref: string | null = null, keep = false) {
    if (keep && this.get(name)) return;
    this.now.set(name, { at, ref });
    this.changed.add(name);
  }

  clear(name: string) {
    if (!this.get(name)) return;
    this.now.set(name, null);
    this.changed.add(name);
  }

  save() {
    for (const name of this.changed) {
      const m = this.now.get(name);
      if (m) this.sql.exec(`INSERT INTO analytics_marks (name, at, ref) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET at = excluded.at, ref = excluded.ref`, name, m.at, m.ref);
      else this.sql.exec(`DELETE FROM analytics_marks WHERE name = ?`, name);
    }
    this.changed.clear();
  }
}

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/** One outbox item's context: the conversation and who held it when the item was queued. */
interface Source {
  s: ConversationState;
  agentId: string;
  out: AnalyticsRow[];
}

function emit(src: Source, name: string, key: string | null, at: string, extra: Partial<AnalyticsRow> = {}) {
  const { s } = src;
  src.out.push({
    id: key === null ? `${s.id}:${name}` : `${s.id}:${name}:${key}`,
    workspace_id: s.workspaceId,
    chatbot_id: s.chatbotId,
    conversation_id: s.id,
    visitor_id: s.visitorId,
    conversation_created_at: s.createdAt,
    agent_id: src.agentId,
    channel: s.channel,
    name,
    dim: "",
    value: null,
    started_at: null,
    at,
    data: null,
    ...extra,
  });
}

/**
 * The analytics rows of a flush's outbox items (in their order), and `save`,
 * to call once the rows are written, which keeps the marks they moved.
 */
export function analyticsOfFlush(sql: SqlStorage, s: ConversationState, items: OutboxItem[]): { rows: AnalyticsRow[]; save: () => void } {
  const rows: AnalyticsRow[] = [];
  if (!items.some((i) => i.kind === "message" || i.kind === "event")) return { rows, save: () => {} };
  const marks = new Marks(sql);
  for (const item of items) {
    if (item.kind === "message") trackMessage(marks, { s, agentId: item.agent_id ?? "", out: rows }, item.message);
    else if (item.kind === "event") {
      const e = item.event;
      trackEvent(marks, { s, agentId: item.agent_id ?? "", out: rows }, { id: e.id, type: e.type, from: e.from_status, to: e.to_status, data: item.analytics_data ?? e.data, at: e.created_at });
    }
  }
  return { rows, save: () => marks.save() };
}

/** Every message appended to the log. */
function trackMessage(marks: Marks, src: Source, m: Message) {
  const at = m.created_at;
  if (m.role === "visitor") {
    if (!marks.get("first_visitor")) {
      marks.set("first_visitor", at);
      emit(src, "first_visitor_message", null, at);
    }
    marks.set("awaiting", at, null, true);
    emit(src, "visitor_message", m.id, at);
  } else if (m.role === "bot" && m.ai) {
    const intent = m.ai.intent ?? "other";
    emit(src, "bot_answered", m.id, at, {
      dim: SMALLTALK.has(intent) ? "smalltalk" : "question",
      value: m.ai.confidence,
      data: { intent, sources: m.ai.sources.map((x) => x.id).slice(0, 10) },
    });
  } else if (m.role === "agent") {
    const agentId = m.author.id ?? src.agentId;
    marks.set("agent_involved", at, agentId);
    if (!marks.get("first_agent_response")) {
      marks.set("first_agent_response", at, agentId);
      const from = marks.get("escalated")?.at ?? marks.get("first_visitor")?.at ?? src.s.createdAt;
      emit(src, "first_agent_response", null, at, { agent_id: agentId, value: seconds(from, at), started_at: from });
    }
    const waiting = marks.get("awaiting")?.at ?? null;
    marks.clear("awaiting");
    emit(src, "agent_reply", m.id, at, { agent_id: agentId, value: waiting ? seconds(waiting, at) : null, started_at: waiting });
  }
}

/** Every conversation event (status changes, assignment, rating). */
function trackEvent(marks: Marks, src: Source, e: { id: string; type: string; to: string | null; from: string | null; data: Record<string, unknown>; at: string }) {
  const { at, data } = e;
  if (e.type === "created") {
    emit(src, "conversation_created", null, src.s.createdAt);
  } else if (e.type === "takeover" || e.type === "transfer") {
    const agentId = typeof data.agent_id === "string" ? data.agent_id : src.agentId;
    marks.set("assigned", at, agentId);
    marks.set("agent_involved", at, agentId);
    emit(src, "agent_assigned", e.id, at, { agent_id: agentId, dim: e.type });
  } else if (e.type === "returned_to_ai") {
    marks.clear("assigned");
  } else if (e.type === "rated") {
    const rating = Number(data.rating);
    emit(src, "rated", e.id, at, { dim: String(rating), value: rating, agent_id: marks.get("agent_involved")?.ref ?? "", data: data.comment ? { comment: data.comment } : null });
  } else if (e.type === "status_changed") {
    if (e.to === "escalated") {
      marks.set("escalated", at, null, true);
      emit(src, "escalated", e.id, at, { dim: String(data.reason ?? "unknown") });
    } else if (e.to === "resolved") {
      const agent = marks.get("agent_involved");
      const from = marks.get("first_visitor")?.at ?? src.s.createdAt;
      emit(src, "resolved", e.id, at, {
        dim: agent ? "agent" : "bot", agent_id: agent?.ref ?? "", value: seconds(from, at), started_at: from,
        data: typeof data.note === "string" ? { note: data.note } : null,
      });
      const assigned = marks.get("assigned");
      if (assigned) emit(src, "handled", e.id, at, { agent_id: assigned.ref ?? "", value: seconds(assigned.at, at), started_at: assigned.at });
    } else if (e.to === "abandoned") {
      emit(src, "abandoned", e.id, at);
    } else if (e.to === "active" && (e.from === "resolved" || e.from === "abandoned")) {
      emit(src, "reopened", e.id, at, { dim: String(data.reason ?? "") });
    }
  }
}
