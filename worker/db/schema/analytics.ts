import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
    // serves: "the visitor came back" for assumed bot resolutions
    index("idx_analytics_conversations_visitor").on(t.visitorId, t.createdAt),
  ],
);
