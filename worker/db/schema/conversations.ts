import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { workspaces } from "./identity";

// The words of a visitor's name and email are also in the FTS5 table
// `visitors_fts` (migration 0035: keyed per workspace, kept by triggers), which
// the inbox search's customer match reads; drizzle does not model it.
/** One widget visitor of a chatbot (migration 0004). */
export const visitors = sqliteTable(
  "visitors",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    chatbotId: text("chatbot_id").notNull(),
    secretHash: text("secret_hash").notNull(),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    currentPage: text("current_page"),
    pageHistory: text("page_history", { mode: "json" }).$type<{ url: string; title?: string | null; at: string }[]>().notNull().default([]),
    landingPage: text("landing_page"),
    referrer: text("referrer"),
    browser: text("browser"),
    os: text("os"),
    device: text("device"),
    country: text("country"),
    city: text("city"),
    locale: text("locale"),
    visitCount: integer("visit_count").notNull().default(1),
    customAttributes: text("custom_attributes", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    bannedAt: text("banned_at"),
    banReason: text("ban_reason"),
    /** keyed hash of the network the visitor last came from (migration 0013) */
    lastIpHash: text("last_ip_hash"),
    firstSeenAt: text("first_seen_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
  },
  (t) => [
    // serves: the visitor list of a workspace, most recently seen first
    index("idx_visitors_workspace_seen").on(t.workspaceId, t.lastSeenAt),
    // serves: looking a visitor up by email
    index("idx_visitors_workspace_email").on(t.workspaceId, t.email),
    // serves: purging one chatbot's visitors
    index("idx_visitors_chatbot").on(t.chatbotId),
  ],
);
export type Visitor = typeof visitors.$inferSelect;
export type NewVisitor = typeof visitors.$inferInsert;

/** A banned network of one workspace: the keyed hash of a client IP (IPv6: its /64), until it expires (migration 0013). */
export const visitorIpBans = sqliteTable(
  "visitor_ip_bans",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    ipHash: text("ip_hash").notNull(),
    visitorId: text("visitor_id"),
    reason: text("reason"),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [
    // serves: "is this network banned in this workspace right now?" on every visitor request
    index("idx_visitor_ip_bans_lookup").on(t.workspaceId, t.ipHash, t.expiresAt),
    // serves: lifting the IP bans placed through a visitor when they are unbanned
    index("idx_visitor_ip_bans_visitor").on(t.workspaceId, t.visitorId),
  ],
);

/** The index row of one conversation; the ConversationDO mirrors its live state here. */
export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    chatbotId: text("chatbot_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    status: text("status", {
      enum: ["active", "waiting", "escalated", "agent_handling", "resolved", "abandoned", "archived"],
    })
      .notNull()
      .default("active"),
    mode: text("mode", { enum: ["bot", "human"] }).notNull().default("bot"),
    botMode: text("bot_mode", { enum: ["active", "passive", "off"] }).notNull().default("active"),
    assignedAgentId: text("assigned_agent_id"),
    subject: text("subject"),
    lastMessagePreview: text("last_message_preview"),
    lastMessageAt: text("last_message_at"),
    /** coalesce(last_message_at, created_at), kept by the conversation mirror: the inbox sort key */
    lastActivityAt: text("last_activity_at").notNull().default(""),
    messageCount: integer("message_count").notNull().default(0),
    unreadCountAgent: integer("unread_count_agent").notNull().default(0),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    rating: integer("rating"),
    ratingComment: text("rating_comment"),
    hasNotes: integer("has_notes", { mode: "boolean" }).notNull().default(false),
    escalationReason: text("escalation_reason"),
    channel: text("channel").notNull().default("web"),
    /** the channel connection and the person's id on it (migration 0020); null for the widget */
    channelId: text("channel_id"),
    channelUserId: text("channel_user_id"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    resolvedAt: text("resolved_at"),
    /** set when the visitor's data was erased; the row stays as a tombstone */
    erasedAt: text("erased_at"),
  },
  (t) => [
    // serves: the inbox list filtered by status, most recent activity first (keyset by id)
    index("idx_conversations_ws_status_activity").on(t.workspaceId, t.status, t.lastActivityAt, t.id),
    // serves: the inbox list of everything, most recent activity first (keyset by id)
    index("idx_conversations_ws_activity").on(t.workspaceId, t.lastActivityAt, t.id),
    // serves: "assigned to me" / per-agent load
    index("idx_conversations_ws_agent").on(t.workspaceId, t.assignedAgentId, t.status),
    // serves: a visitor's previous conversations
    index("idx_conversations_visitor").on(t.visitorId, t.createdAt),
    // serves: per-chatbot listing and analytics
    index("idx_conversations_ws_chatbot").on(t.workspaceId, t.chatbotId, t.createdAt),
    // serves: the daily archive of conversations resolved more than 90 days ago
    index("idx_conversations_resolved").on(t.status, t.resolvedAt).where(sql`status = 'resolved'`),
  ],
);
export type ConversationRow = typeof conversations.$inferSelect;

/** Mirror of conversation messages for search and analytics (upserted by id). */
export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id").notNull(),
    seq: integer("seq").notNull(),
    role: text("role", { enum: ["visitor", "bot", "agent", "system"] }).notNull(),
    authorId: text("author_id"),
    authorName: text("author_name"),
    text: text("text").notNull().default(""),
    rich: text("rich", { mode: "json" }).$type<unknown>(),
    attachments: text("attachments", { mode: "json" }).$type<unknown[]>(),
    aiMetadata: text("ai_metadata", { mode: "json" }).$type<Record<string, unknown>>(),
    intent: text("intent"),
    sentiment: text("sentiment"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    // serves: a conversation's thread in order; one message per seq
    uniqueIndex("idx_messages_conv_seq").on(t.conversationId, t.seq),
    // serves: analytics over a workspace's messages by time
    index("idx_messages_ws_created").on(t.workspaceId, t.createdAt),
  ],
);
export type MessageRow = typeof messages.$inferSelect;

/** Everything that happened to a conversation (status changes, takeovers, ratings). */
export const conversationEvents = sqliteTable(
  "conversation_events",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id").notNull(),
    type: text("type").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    actor: text("actor"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    // serves: a conversation's timeline
    index("idx_conversation_events_conv").on(t.conversationId, t.createdAt),
    // serves: analytics over events by type in a period
    index("idx_conversation_events_ws_type").on(t.workspaceId, t.type, t.createdAt),
  ],
);
export type ConversationEventRow = typeof conversationEvents.$inferSelect;
