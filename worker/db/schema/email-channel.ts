import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** An email channel's support address and sender name (migration 0030); its secrets stay sealed on `channels`. */
export const emailChannels = sqliteTable("email_channels", {
  channelId: text("channel_id").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  supportAddress: text("support_address").notNull(),
  fromName: text("from_name"),
  ownSender: integer("own_sender").notNull().default(0),
  createdAt: text("created_at").notNull(),
});

/** The mail thread of an email conversation: subject and the customer's Message-IDs for threaded replies. */
export const emailThreads = sqliteTable(
  "email_threads",
  {
    conversationId: text("conversation_id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    channelId: text("channel_id").notNull(),
    subject: text("subject").notNull().default(""),
    lastMessageId: text("last_message_id"),
    referencesIds: text("references_ids").notNull().default(""),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("email_threads_channel").on(t.channelId)],
);
