import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Reporting events (migration 0021): written once at the source with a deterministic id. */
export const analyticsEvents = sqliteTable(
  "analytics_events",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    chatbotId: text("chatbot_id").notNull().default(""),
    conversationId: text("conversation_id").notNull().default(""),
    agentId: text("agent_id").notNull().default(""),
    channel: text("channel").notNull().default("web"),
    name: text("name").notNull(),
    dim: text("dim").notNull().default(""),
    value: real("value"),
    valueInBusinessHours: real("value_in_business_hours"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    startedAt: text("started_at"),
    at: text("at").notNull(),
    rolledUp: integer("rolled_up").notNull().default(0),
  },
  (t) => [
    // serves: percentiles and drill-down of one measure over a range
    index("idx_analytics_events_ws_name_at").on(t.workspaceId, t.name, t.at),
    // serves: the rollup job's queue
    index("idx_analytics_events_pending").on(t.rolledUp).where(sql`rolled_up <> 1`),
  ],
);
export type AnalyticsEvent = typeof analyticsEvents.$inferSelect;

/** Hourly rollups per workspace × chatbot × agent × channel × measure (UTC hours). */
export const analyticsHourly = sqliteTable(
  "analytics_hourly",
  {
    workspaceId: text("workspace_id").notNull(),
    hour: text("hour").notNull(),
    chatbotId: text("chatbot_id").notNull(),
    agentId: text("agent_id").notNull(),
    channel: text("channel").notNull(),
    name: text("name").notNull(),
    dim: text("dim").notNull(),
    count: integer("count").notNull().default(0),
    nValue: integer("n_value").notNull().default(0),
    sumValue: real("sum_value").notNull().default(0),
    sumBh: real("sum_bh").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.hour, t.chatbotId, t.agentId, t.channel, t.name, t.dim] })],
);

/** One row of facts per conversation, kept with order-independent updates. */
export const analyticsConversations = sqliteTable(
  "analytics_conversations",
  {
    conversationId: text("conversation_id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    chatbotId: text("chatbot_id").notNull(),
    visitorId: text("visitor_id").notNull().default(""),
    channel: text("channel").notNull().default("web"),
    createdAt: text("created_at").notNull(),
    firstVisitorAt: text("first_visitor_at"),
    lastVisitorAt: text("last_visitor_at"),
    lastBotAt: text("last_bot_at"),
    substantive: integer("substantive").notNull().default(0),
    escalatedAt: text("escalated_at"),
    escalationReason: text("escalation_reason"),
    agentId: text("agent_id"),
    assignedAt: text("assigned_at"),
    firstResponseS: real("first_response_s"),
    resolvedAt: text("resolved_at"),
    resolvedBy: text("resolved_by"),
    reopenedAt: text("reopened_at"),
    abandonedAt: text("abandoned_at"),
    rating: integer("rating"),
    ratedAt: text("rated_at"),
    helpful: integer("helpful").notNull().default(0),
  },
  (t) => [
    // serves: every per-conversation measure over a creation range
    index("idx_analytics_conversations_ws_created").on(t.workspaceId, t.createdAt),
    // serves: unique visitors of a range (migration 0029)
    index("idx_analytics_conversations_ws_created_visitor").on(t.workspaceId, t.createdAt, t.visitorId),
    // serves: "the visitor came back" for assumed bot resolutions
    index("idx_analytics_conversations_visitor").on(t.visitorId, t.createdAt),
  ],
);

/** Migration 0010: the rollups the dashboards read at scale, and the export jobs. */
const rollupKeys = {
  workspaceId: text("workspace_id").notNull(),
  chatbotId: text("chatbot_id").notNull(),
  agentId: text("agent_id").notNull(),
  channel: text("channel").notNull(),
};

/** analytics_hourly summed per UTC day ('YYYY-MM-DD'). */
export const analyticsDaily = sqliteTable(
  "analytics_daily",
  {
    ...rollupKeys,
    day: text("day").notNull(),
    name: text("name").notNull(),
    dim: text("dim").notNull(),
    count: integer("count").notNull().default(0),
    nValue: integer("n_value").notNull().default(0),
    sumValue: real("sum_value").notNull().default(0),
    sumBh: real("sum_bh").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.chatbotId, t.agentId, t.channel, t.name, t.dim] })],
);

/** The per-conversation measures by the UTC hour the conversations were created in. */
export const analyticsConversationsHourly = sqliteTable(
  "analytics_conversations_hourly",
  {
    ...rollupKeys,
    hour: text("hour").notNull(),
    quietHour: text("quiet_hour").notNull(),
    conversations: integer("conversations").notNull().default(0),
    resolved: integer("resolved").notNull().default(0),
    handoffs: integer("handoffs").notNull().default(0),
    botHandled: integer("bot_handled").notNull().default(0),
    botConfirmed: integer("bot_confirmed").notNull().default(0),
    quiet: integer("quiet").notNull().default(0),
    quietReturned: integer("quiet_returned").notNull().default(0),
    ratings: integer("ratings").notNull().default(0),
    satisfied: integer("satisfied").notNull().default(0),
    abandoned: integer("abandoned").notNull().default(0),
    r1: integer("r1").notNull().default(0),
    r2: integer("r2").notNull().default(0),
    r3: integer("r3").notNull().default(0),
    r4: integer("r4").notNull().default(0),
    r5: integer("r5").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.hour, t.chatbotId, t.agentId, t.channel, t.quietHour] })],
);

/** Hours whose conversation rollup must be recomputed. */
export const analyticsDirtyHours = sqliteTable(
  "analytics_dirty_hours",
  { workspaceId: text("workspace_id").notNull(), hour: text("hour").notNull() },
  (t) => [primaryKey({ columns: [t.workspaceId, t.hour] })],
);

/** Durations as histograms per UTC hour ('h') and day ('d'). */
export const analyticsDurationHist = sqliteTable(
  "analytics_duration_hist",
  {
    ...rollupKeys,
    name: text("name").notNull(),
    business: integer("business").notNull(),
    grain: text("grain", { enum: ["h", "d"] }).notNull(),
    period: text("period").notNull(),
    bucket: integer("bucket").notNull(),
    count: integer("count").notNull().default(0),
    sumValue: real("sum_value").notNull().default(0),
    minValue: real("min_value").notNull(),
    maxValue: real("max_value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name, t.business, t.grain, t.period, t.chatbotId, t.agentId, t.channel, t.bucket] })],
);

/** CSV export jobs (files in R2 under exports/<workspace>/<job>/). */
export const analyticsExports = sqliteTable(
  "analytics_exports",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    requestedBy: text("requested_by").notNull(),
    kind: text("kind", { enum: ["conversations", "events", "metrics"] }).notNull(),
    format: text("format").notNull().default("csv"),
    params: text("params").notNull(),
    status: text("status", { enum: ["queued", "running", "done", "failed"] }).notNull().default("queued"),
    rows: integer("rows").notNull().default(0),
    cursor: text("cursor"),
    parts: integer("parts").notNull().default(0),
    bytes: integer("bytes").notNull().default(0),
    r2Key: text("r2_key"),
    error: text("error"),
    createdAt: text("created_at").notNull(),
    finishedAt: text("finished_at"),
  },
  (t) => [index("idx_analytics_exports_ws").on(t.workspaceId, t.createdAt)],
);

/** An agent's online intervals (migration 0029), written by the WorkspaceHubDO on presence changes; `endedAt` null while online. */
export const agentOnlineIntervals = sqliteTable(
  "agent_online_intervals",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    userId: text("user_id").notNull(),
    startedAt: text("started_at").notNull(),
    endedAt: text("ended_at"),
    seenAt: text("seen_at"),
  },
  (t) => [
    index("idx_agent_online_ws_start").on(t.workspaceId, t.startedAt),
    uniqueIndex("idx_agent_online_open").on(t.workspaceId, t.userId).where(sql`ended_at IS NULL`),
  ],
);
