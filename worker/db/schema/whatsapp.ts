import { integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Approved WhatsApp message templates of a channel (migration 0028), synced from the Graph API. */
export const channelTemplates = sqliteTable(
  "channel_templates",
  {
    channelId: text("channel_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name").notNull(),
    language: text("language").notNull(),
    category: text("category"),
    body: text("body").notNull().default(""),
    paramCount: integer("param_count").notNull().default(0),
    syncedAt: text("synced_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.name, t.language] })],
);

/** The template an agent chose for a message (keyed by the composer's client id until the message exists). */
export const channelTemplateSends = sqliteTable(
  "channel_template_sends",
  {
    conversationId: text("conversation_id").notNull(),
    clientId: text("client_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    channelId: text("channel_id").notNull(),
    messageId: text("message_id"),
    name: text("name").notNull(),
    language: text("language").notNull(),
    parameters: text("parameters", { mode: "json" }).$type<string[]>().notNull().default([]),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.clientId] }), uniqueIndex("idx_channel_template_sends_message").on(t.messageId)],
);

/** The provider's id of each sent part of a message (retries skip sent parts; status webhooks find the message). */
export const channelProviderMessages = sqliteTable(
  "channel_provider_messages",
  {
    channelId: text("channel_id").notNull(),
    providerMessageId: text("provider_message_id").notNull(),
    messageId: text("message_id").notNull(),
    part: integer("part").notNull(),
    workspaceId: text("workspace_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.providerMessageId] }), uniqueIndex("idx_channel_provider_messages_part").on(t.messageId, t.part)],
);
