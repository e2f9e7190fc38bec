import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { users, workspaces } from "./identity";

/**
 * Chatbots (migrations/0003_chatbots.sql). Settings groups are JSON text shaped
 * exactly like the API; worker/chatbots/schemas.ts owns their zod schemas.
 */
export const chatbots = sqliteTable(
  "chatbots",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    status: text("status", { enum: ["active", "inactive", "archived"] }).notNull().default("active"),
    personality: text("personality").notNull().default("professional"),
    greetingMessage: text("greeting_message").notNull(),
    businessHours: text("business_hours", { mode: "json" }).$type<unknown>().notNull(),
    aiSettings: text("ai_settings", { mode: "json" }).$type<unknown>().notNull(),
    widgetSettings: text("widget_settings", { mode: "json" }).$type<unknown>().notNull(),
    dataCollection: text("data_collection", { mode: "json" }).$type<unknown>().notNull(),
    behaviorSettings: text("behavior_settings", { mode: "json" }).$type<unknown>().notNull(),
    allowedOrigins: text("allowed_origins", { mode: "json" }).$type<string[]>().notNull(),
    publicKey: text("public_key").notNull(),
    version: integer("version").notNull().default(1),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    archivedAt: text("archived_at"),
    deletedAt: text("deleted_at"),
  },
  (t) => [
    // serves: the widget and visitor sessions looking a chatbot up by its public key
    uniqueIndex("idx_chatbots_public_key").on(t.publicKey),
    // serves: duplicate-name detection (case-insensitive) among a workspace's live chatbots
    uniqueIndex("idx_chatbots_workspace_name").on(t.workspaceId, sql`${t.name} COLLATE NOCASE`).where(sql`deleted_at IS NULL`),
    // serves: listing a workspace's chatbots filtered by status, newest first
    index("idx_chatbots_workspace_status").on(t.workspaceId, t.status, t.createdAt),
    // serves: the daily purge of chatbots deleted more than the grace period ago
    index("idx_chatbots_deleted").on(t.deletedAt).where(sql`deleted_at IS NOT NULL`),
  ],
);
export type ChatbotRow = typeof chatbots.$inferSelect;
export type NewChatbotRow = typeof chatbots.$inferInsert;

export const chatbotVersions = sqliteTable(
  "chatbot_versions",
  {
    chatbotId: text("chatbot_id").notNull().references(() => chatbots.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    config: text("config", { mode: "json" }).$type<unknown>().notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    supersededAt: text("superseded_at").notNull(),
  },
  // the primary key also serves the history listing (newest version first)
  (t) => [primaryKey({ columns: [t.chatbotId, t.version] })],
);
export type ChatbotVersionRow = typeof chatbotVersions.$inferSelect;
