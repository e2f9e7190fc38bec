import type { Message } from "../protocol";
import { enqueue } from "./outbox";
import type { ConversationState } from "./types";

/**
 * Reporting events, written once where they happen: the conversation's own
 * messages and status events are the source (two one-line hooks in core.ts),
 * and this file turns them into analytics events that travel through the
 * outbox with everything else. Ids are deterministic ('<conversation>:<name>'
 * for once-only events, '<conversation>:<name>:<message or event id>'
 * otherwise) and the D1 insert ignores a known id, so a replayed flush counts
 * nothing twice. The few timestamps the durations need (first visitor
 * message, hand-off, assignment, the oldest unanswered visitor message) are
 * kept in this object's SQLite (`analytics_marks`).
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

function marks(sql: SqlStorage): SqlStorage {
  if (!ready.has(sql)) {
    sql.exec(`CREATE TABLE IF NOT EXISTS analytics_marks (name TEXT PRIMARY KEY, at TEXT NOT NULL, ref TEXT)`);
    ready.add(sql);
  }
  return sql;
}

function mark(sql: SqlStorage, name: string): { at: string; ref: string | null } | null {
  return marks(sql).exec<{ at: string; ref: string | null }>(`SELECT at, ref FROM analytics_marks WHERE name = ?`, name).toArray()[0] ?? null;
}

function setMark(sql: SqlStorage, name: string, at: string, ref: string | null = null, keep = false) {
  marks(sql).exec(`INSERT INTO analytics_marks (name, at, ref) VALUES (?, ?, ?) ON CONFLICT(name) DO ${keep ? "NOTHING" : "UPDATE SET at = excluded.at, ref = excluded.ref"}`, name, at, ref);
}

function clearMark(sql: SqlStorage, name: string) {
  marks(sql).exec(`DELETE FROM analytics_marks WHERE name = ?`, name);
}

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

function emit(sql: SqlStorage, s: ConversationState, name: string, key: string | null, at: string, extra: Partial<AnalyticsRow> = {}) {
  const row: AnalyticsRow = {
    id: key === null ? `${s.id}:${name}` : `${s.id}:${name}:${key}`,
    workspace_id: s.workspaceId,
    chatbot_id: s.chatbotId,
    conversation_id: s.id,
    visitor_id: s.visitorId,
    conversation_created_at: s.createdAt,
    agent_id: s.agent?.id ?? "",
    channel: s.channel,
    name,
    dim: "",
    value: null,
    started_at: null,
    at,
    data: null,
    ...extra,
  };
  enqueue(sql, { kind: "analytics", row });
}

/** Hook: every message appended to the log. */
export function trackMessage(sql: SqlStorage, s: ConversationState, m: Message) {
  const at = m.created_at;
  if (m.role === "visitor") {
    if (!mark(sql, "first_visitor")) {
      setMark(sql, "first_visitor", at);
      emit(sql, s, "first_visitor_message", null, at);
    }
    setMark(sql, "awaiting", at, null, true);
    emit(sql, s, "visitor_message", m.id, at);
  } else if (m.role === "bot" && m.ai) {
    const intent = m.ai.intent ?? "other";
    emit(sql, s, "bot_answered", m.id, at, {
      dim: SMALLTALK.has(intent) ? "smalltalk" : "question",
      value: m.ai.confidence,
      data: { intent, sources: m.ai.sources.map((x) => x.id).slice(0, 10) },
    });
  } else if (m.role === "agent") {
    const agentId = m.author.id ?? s.agent?.id ?? "";
    setMark(sql, "agent_involved", at, agentId);
    if (!mark(sql, "first_agent_response")) {
      setMark(sql, "first_agent_response", at, agentId);
      const from = mark(sql, "escalated")?.at ?? mark(sql, "first_visitor")?.at ?? s.createdAt;
      emit(sql, s, "first_agent_response", null, at, { agent_id: agentId, value: seconds(from, at), started_at: from });
    }
    const waiting = mark(sql, "awaiting")?.at ?? null;
    clearMark(sql, "awaiting");
    emit(sql, s, "agent_reply", m.id, at, { agent_id: agentId, value: waiting ? seconds(waiting, at) : null, started_at: waiting });
  }
}

/** Hook: every conversation event (status changes, assignment, rating) as it is recorded. */
export function trackEvent(sql: SqlStorage, s: ConversationState, e: { id: string; type: string; to: string | null; from: string | null; data: Record<string, unknown>; at: string }) {
  const { at, data } = e;
  if (e.type === "created") {
    emit(sql, s, "conversation_created", null, s.createdAt);
  } else if (e.type === "takeover" || e.type === "transfer") {
    const agentId = typeof data.agent_id === "string" ? data.agent_id : s.agent?.id ?? "";
    setMark(sql, "assigned", at, agentId);
    setMark(sql, "agent_involved", at, agentId);
    emit(sql, s, "agent_assigned", e.id, at, { agent_id: agentId, dim: e.type });
  } else if (e.type === "returned_to_ai") {
    clearMark(sql, "assigned");
  } else if (e.type === "rated") {
    const rating = Number(data.rating);
    emit(sql, s, "rated", e.id, at, { dim: String(rating), value: rating, agent_id: mark(sql, "agent_involved")?.ref ?? "", data: data.comment ? { comment: data.comment } : null });
  } else if (e.type === "status_changed") {
    if (e.to === "escalated") {
      setMark(sql, "escalated", at, null, true);
      emit(sql, s, "escalated", e.id, at, { dim: String(data.reason ?? "unknown") });
    } else if (e.to === "resolved") {
      const agent = mark(sql, "agent_involved");
      const from = mark(sql, "first_visitor")?.at ?? s.createdAt;
      emit(sql, s, "resolved", e.id, at, {
        dim: agent ? "agent" : "bot", agent_id: agent?.ref ?? "", value: seconds(from, at), started_at: from,
        data: typeof data.note === "string" ? { note: data.note } : null,
      });
      const assigned = mark(sql, "assigned");
      if (assigned) emit(sql, s, "handled", e.id, at, { agent_id: assigned.ref ?? "", value: seconds(assigned.at, at), started_at: assigned.at });
    } else if (e.to === "abandoned") {
      emit(sql, s, "abandoned", e.id, at);
    } else if (e.to === "active" && (e.from === "resolved" || e.from === "abandoned")) {
      emit(sql, s, "reopened", e.id, at, { dim: String(data.reason ?? "") });
    }
  }
}
