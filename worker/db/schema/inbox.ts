import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users, workspaces } from "./identity";

/** Internal notes on a conversation (migration 0005). Never shown to visitors. */
export const conversationNotes = sqliteTable(
  "conversation_notes",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id").notNull(),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    content: text("content").notNull(),
    mentions: text("mentions", { mode: "json" }).$type<string[]>().notNull().default([]),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  // serves: the notes of one conversation in timeline order, and the has_notes filter
  (t) => [index("idx_conversation_notes_conv").on(t.conversationId, t.createdAt)],
);
export type ConversationNote = typeof conversationNotes.$inferSelect;

export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    readAt: text("read_at"),
    createdAt: text("created_at").notNull(),
    /** the event a notification was made from (migration 0032): one row per member and event */
    dedupeKey: text("dedupe_key"),
    /** false: in-app is off for this kind (kept only to make email and push idempotent), never listed */
    shown: integer("shown", { mode: "boolean" }).notNull().default(true),
  },
  // serves: a user's notifications in a workspace, newest first (and the unread count)
  (t) => [index("idx_notifications_user").on(t.workspaceId, t.userId, t.createdAt)],
);
export type Notification = typeof notifications.$inferSelect;

export const cannedResponses = sqliteTable(
  "canned_responses",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    chatbotId: text("chatbot_id"),
    title: text("title").notNull(),
    shortcut: text("shortcut").notNull(),
    text: text("text").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  // serves: shortcut uniqueness per workspace and the lookup of `/shortcut` on expand
  (t) => [uniqueIndex("idx_canned_responses_shortcut").on(t.workspaceId, t.shortcut)],
);
export type CannedResponse = typeof cannedResponses.$inferSelect;

export const conversationFilters = sqliteTable(
  "conversation_filters",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    filters: text("filters", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    shared: integer("shared", { mode: "boolean" }).notNull().default(false),
    isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  // serves: listing the filters a user can see (their own and shared ones)
  (t) => [index("idx_conversation_filters_ws").on(t.workspaceId, t.userId)],
);
export type ConversationFilter = typeof conversationFilters.$inferSelect;

export const attachments = sqliteTable(
  "attachments",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id").notNull(),
    uploaderType: text("uploader_type", { enum: ["visitor", "agent"] }).notNull(),
    uploaderId: text("uploader_id"),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    r2Key: text("r2_key").notNull(),
    messageId: text("message_id"),
    createdAt: text("created_at").notNull(),
  },
  // serves: the attachments of a conversation (thread view, export)
  (t) => [
    index("idx_attachments_conv").on(t.conversationId, t.createdAt),
    // serves: attachment retention (a workspace's uploads older than a date)
    index("idx_attachments_ws_created").on(t.workspaceId, t.createdAt),
  ],
);
export type Attachment = typeof attachments.$inferSelect;
