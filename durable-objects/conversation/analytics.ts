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

// ───────── the D1 side: one event row (ignored when known) and the conversation's facts ─────────

type Facts = Partial<Record<
  "first_visitor_at" | "last_visitor_at" | "last_bot_at" | "escalated_at" | "escalation_reason" | "agent_id" | "assigned_at"
  | "resolved_at" | "resolved_by" | "reopened_at" | "abandoned_at" | "rated_at",
  string
> & { substantive: number; first_response_s: number; rating: number }>;

function factsOf(r: AnalyticsRow): Facts {
  switch (r.name) {
    case "first_visitor_message": return { first_visitor_at: r.at };
    case "visitor_message": return { last_visitor_at: r.at };
    case "bot_answered": return { last_bot_at: r.at, substantive: r.dim === "question" ? 1 : 0 };
    case "escalated": return { escalated_at: r.at, escalation_reason: r.dim };
    case "agent_assigned": return { agent_id: r.agent_id, assigned_at: r.at };
    case "first_agent_response": return { first_response_s: r.value ?? 0 };
    case "resolved": return { resolved_at: r.at, resolved_by: r.dim };
    case "reopened": return { reopened_at: r.at };
    case "abandoned": return { abandoned_at: r.at };
    case "rated": return { rating: r.value ?? 0, rated_at: r.at };
    default: return {};
  }
}

const FACT_COLUMNS = [
  "first_visitor_at", "last_visitor_at", "last_bot_at", "substantive", "escalated_at", "escalation_reason", "agent_id", "assigned_at",
  "first_response_s", "resolved_at", "resolved_by", "reopened_at", "abandoned_at", "rating", "rated_at",
] as const;

const earliest = (c: string) => `CASE WHEN excluded.${c} IS NULL THEN ${c} WHEN ${c} IS NULL OR excluded.${c} < ${c} THEN excluded.${c} ELSE ${c} END`;
const latest = (c: string) => `CASE WHEN excluded.${c} IS NULL THEN ${c} WHEN ${c} IS NULL OR excluded.${c} > ${c} THEN excluded.${c} ELSE ${c} END`;
/** `c` follows the row whose `by` time is the latest (ties: the larger value, so the order of arrival never matters). */
const follows = (c: string, by: string) =>
  `CASE WHEN excluded.${by} IS NULL THEN ${c} WHEN ${by} IS NULL OR excluded.${by} > ${by} OR (excluded.${by} = ${by} AND excluded.${c} > ${c}) THEN excluded.${c} ELSE ${c} END`;

/**
 * Every update is order-independent and idempotent (earliest, latest, max,
 * first-set), so facts arriving twice or out of order end the same. SQLite
 * evaluates every SET expression against the row as it was.
 */
const FACTS_SQL = `INSERT INTO analytics_conversations (conversation_id, workspace_id, chatbot_id, visitor_id, channel, created_at, ${FACT_COLUMNS.join(", ")})
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ${FACT_COLUMNS.map((_, i) => `?${i + 7}`).join(", ")})
  ON CONFLICT(conversation_id) DO UPDATE SET
    created_at = ${earliest("created_at")},
    first_visitor_at = ${earliest("first_visitor_at")},
    last_visitor_at = ${latest("last_visitor_at")},
    last_bot_at = ${latest("last_bot_at")},
    substantive = MAX(substantive, COALESCE(excluded.substantive, 0)),
    escalated_at = ${earliest("escalated_at")},
    escalation_reason = CASE WHEN excluded.escalated_at IS NOT NULL AND (escalated_at IS NULL OR excluded.escalated_at < escalated_at) THEN excluded.escalation_reason ELSE escalation_reason END,
    agent_id = ${follows("agent_id", "assigned_at")},
    assigned_at = ${latest("assigned_at")},
    first_response_s = COALESCE(first_response_s, excluded.first_response_s),
    resolved_by = ${follows("resolved_by", "resolved_at")},
    resolved_at = ${latest("resolved_at")},
    reopened_at = ${latest("reopened_at")},
    abandoned_at = ${latest("abandoned_at")},
    rating = ${follows("rating", "rated_at")},
    rated_at = ${latest("rated_at")}`;

/** The D1 statements of one analytics row: the event (a known id is ignored) and the facts upsert. */
export function analyticsStatements(db: D1Database, r: AnalyticsRow): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [
    db
      .prepare(
        `INSERT OR IGNORE INTO analytics_events (id, workspace_id, chatbot_id, conversation_id, agent_id, channel, name, dim, value, started_at, at, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)`,
      )
      .bind(r.id, r.workspace_id, r.chatbot_id, r.conversation_id, r.agent_id, r.channel, r.name, r.dim, r.value, r.started_at, r.at, r.data ? JSON.stringify(r.data) : null),
  ];
  if (!r.conversation_id) return out;
  const f = factsOf(r);
  out.push(
    db
      .prepare(FACTS_SQL)
      .bind(
        r.conversation_id, r.workspace_id, r.chatbot_id, r.visitor_id, r.channel, r.conversation_created_at,
        ...FACT_COLUMNS.map((c) => (c === "substantive" ? f.substantive ?? 0 : (f[c] ?? null))),
      ),
  );
  return out;
}
