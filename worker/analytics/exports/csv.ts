import type { AnalyticsFilter } from "../filters";
import { timeSeries } from "../metrics";
import { agentsReport } from "../reports";

/**
 * What each export kind writes: its columns and one page of rows after a
 * cursor (keyset pagination, so a job resumes where its last part ended).
 */
export const EXPORT_KINDS = ["conversations", "events", "metrics", "messages", "ratings", "agents"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const PAGE_ROWS = 2000;

/** One CSV field: quoted when it must be, and a leading = + - @ defused so a spreadsheet never runs it as a formula. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = typeof v === "string" ? v : String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
export const csvLine = (values: unknown[]) => `${values.map(csvField).join(",")}\r\n`;

const CONVERSATION_COLUMNS = [
  "conversation_id", "chatbot_id", "channel", "agent_id", "created_at", "first_visitor_at", "escalated_at", "escalation_reason", "assigned_at",
  "first_response_s", "resolved_at", "resolved_by", "reopened_at", "abandoned_at", "rating", "rated_at",
] as const;
const EVENT_COLUMNS = ["id", "name", "at", "chatbot_id", "conversation_id", "agent_id", "channel", "dim", "value", "value_in_business_hours", "started_at", "data"] as const;
const METRIC_COLUMNS = ["day", "conversations", "messages", "visitor_messages", "bot_answers", "agent_replies", "escalations", "resolutions", "ratings"] as const;

const MESSAGE_COLUMNS = ["id", "conversation_id", "seq", "role", "author_id", "author_name", "text", "created_at"] as const;
const RATING_COLUMNS = ["rating_id", "conversation_id", "rated_at", "rating", "comment", "agent_id", "chatbot_id", "channel"] as const;
const AGENT_COLUMNS = [
  "agent_id", "name", "conversations", "replies", "first_response_median_s", "first_response_p90_s", "resolution_median_s", "resolution_p90_s",
  "handle_median_s", "handle_p90_s", "resolved", "ratings", "csat", "online_s",
] as const;

export const COLUMNS: Record<ExportKind, readonly string[]> = {
  conversations: CONVERSATION_COLUMNS, events: EVENT_COLUMNS, metrics: METRIC_COLUMNS, messages: MESSAGE_COLUMNS, ratings: RATING_COLUMNS, agents: AGENT_COLUMNS,
};

const slice = (f: AnalyticsFilter) => {
  const parts: string[] = [];
  const binds: unknown[] = [];
  if (f.chatbotId) (parts.push(`chatbot_id = ?`), binds.push(f.chatbotId));
  if (f.channel) (parts.push(`channel = ?`), binds.push(f.channel));
  if (f.agentId) (parts.push(`agent_id = ?`), binds.push(f.agentId));
  return { sql: parts.map((p) => ` AND ${p}`).join(""), binds };
};

export interface Page {
  rows: unknown[][];
  /** the cursor after this page; null when the export is complete */
  next: string[] | null;
}

/** One page of rows after `cursor` (null: from the start). */
export async function pageOf(db: D1Database, kind: ExportKind, f: AnalyticsFilter, cursor: string[] | null, limit = PAGE_ROWS): Promise<Page> {
  const s = slice(f);
  if (kind === "conversations") {
    const [at, id] = cursor ?? ["", ""];
    const results = await db
      .prepare(
        `SELECT ${CONVERSATION_COLUMNS.join(", ")} FROM analytics_conversations
         WHERE workspace_id = ? AND created_at >= ? AND created_at < ?${s.sql} AND (created_at, conversation_id) > (?, ?)
         ORDER BY created_at, conversation_id LIMIT ${limit}`,
      )
      .bind(f.workspaceId, f.from, f.to, ...s.binds, at, id)
      .raw<unknown[]>();
    const last = results.at(-1);
    return { rows: results, next: results.length === limit && last ? [String(last[4]), String(last[0])] : null };
  }
  if (kind === "events") {
    const [name, at, id] = cursor ?? ["", "", ""];
    const results = await db
      .prepare(
        `SELECT ${EVENT_COLUMNS.join(", ")} FROM analytics_events INDEXED BY idx_analytics_events_ws_name_at
         WHERE workspace_id = ? AND at >= ? AND at < ?${s.sql} AND (name, at, id) > (?, ?, ?)
         ORDER BY name, at, id LIMIT ${limit}`,
      )
      .bind(f.workspaceId, f.from, f.to, ...s.binds, name, at, id)
      .raw<unknown[]>();
    const last = results.at(-1);
    return { rows: results, next: results.length === limit && last ? [String(last[1]), String(last[2]), String(last[0])] : null };
  }
  if (kind === "messages") {
    // the messages sent in the range; the chatbot/channel/agent filters through the conversation's facts
    const [at, id] = cursor ?? ["", ""];
    const conv = s.sql ? ` AND m.conversation_id IN (SELECT conversation_id FROM analytics_conversations WHERE workspace_id = ?${s.sql})` : "";
    const results = await db
      .prepare(
        `SELECT ${MESSAGE_COLUMNS.map((c) => `m.${c}`).join(", ")} FROM messages m INDEXED BY idx_messages_ws_created
         WHERE m.workspace_id = ? AND m.created_at >= ? AND m.created_at < ? AND (m.created_at, m.id) > (?, ?)${conv}
         ORDER BY m.created_at, m.id LIMIT ${limit}`,
      )
      .bind(f.workspaceId, f.from, f.to, at, id, ...(s.sql ? [f.workspaceId, ...s.binds] : []))
      .raw<unknown[]>();
    const last = results.at(-1);
    return { rows: results, next: results.length === limit && last ? [String(last[7]), String(last[0])] : null };
  }
  if (kind === "ratings") {
    const [at, id] = cursor ?? ["", ""];
    const results = await db
      .prepare(
        `SELECT id, conversation_id, at, value, json_extract(data, '$.comment'), agent_id, chatbot_id, channel
         FROM analytics_events INDEXED BY idx_analytics_events_ws_name_at
         WHERE workspace_id = ? AND name = 'rated' AND at >= ? AND at < ?${s.sql} AND (at, id) > (?, ?)
         ORDER BY at, id LIMIT ${limit}`,
      )
      .bind(f.workspaceId, f.from, f.to, ...s.binds, at, id)
      .raw<unknown[]>();
    const last = results.at(-1);
    return { rows: results, next: results.length === limit && last ? [String(last[2]), String(last[0])] : null };
  }
  if (kind === "agents") {
    // one row per agent: the agents report of the range
    const { data } = await agentsReport(db, f);
    return {
      rows: data.map((a) => [
        a.agent_id, a.name, a.conversations, a.replies, a.first_response_time.median_s, a.first_response_time.p90_s, a.resolution_time.median_s,
        a.resolution_time.p90_s, a.handle_time.median_s, a.handle_time.p90_s, a.resolved, a.ratings, a.csat, a.online_s,
      ]),
      next: null,
    };
  }
  // metrics: one row per day of the range in the workspace's time zone, from the rollups
  const days = await timeSeries(db, f, "day");
  return { rows: days.map((d) => METRIC_COLUMNS.map((c) => (c === "day" ? d.start : (d as Record<string, unknown>)[c] ?? 0))), next: null };
}
