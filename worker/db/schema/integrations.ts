import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Messaging-channel connections of a chatbot (migration 0020); secrets sealed, never returned. */
export const channels = sqliteTable(
  "channels",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    chatbotId: text("chatbot_id").notNull(),
    type: text("type").notNull(),
    name: text("name"),
    secretsEnc: text("secrets_enc").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    /** the provider's stable id of the connected account (bot id, LINE bot user id, Page id, Instagram account id, phone_number_id; 0031) */
    providerAccountId: text("provider_account_id"),
  },
  (t) => [
    index("idx_channels_workspace").on(t.workspaceId, t.createdAt),
    uniqueIndex("idx_channels_provider_account").on(t.type, t.providerAccountId).where(sql`provider_account_id IS NOT NULL`),
  ],
);

export const channelContacts = sqliteTable(
  "channel_contacts",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    chatbotId: text("chatbot_id").notNull(),
    channelId: text("channel_id").notNull(),
    externalId: text("external_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    conversationId: text("conversation_id"),
    displayName: text("display_name"),
    pictureUrl: text("picture_url"),
    following: integer("following", { mode: "boolean" }).notNull().default(true),
    replyToken: text("reply_token"),
    replyTokenAt: text("reply_token_at"),
    lastInboundAt: text("last_inbound_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("channel_contacts_channel_id_external_id_unique").on(t.channelId, t.externalId), index("idx_channel_contacts_conversation").on(t.conversationId)],
);

export const channelEventsSeen = sqliteTable(
  "channel_events_seen",
  {
    channelId: text("channel_id").notNull(),
    eventId: text("event_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.eventId] })],
);

export const channelDeliveries = sqliteTable(
  "channel_deliveries",
  {
    messageId: text("message_id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    channelId: text("channel_id").notNull(),
    status: text("status").notNull().default("pending"),
    method: text("method"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("idx_channel_deliveries_conversation").on(t.conversationId, t.createdAt), index("idx_channel_deliveries_push").on(t.workspaceId, t.method, t.updatedAt)],
);

/** Outgoing webhooks; the signing secret is sealed and shown once. */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<string[]>().notNull().default([]),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    secretEnc: text("secret_enc").notNull(),
    failing: integer("failing", { mode: "boolean" }).notNull().default(false),
    lastFailure: text("last_failure"),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("idx_webhooks_workspace").on(t.workspaceId, t.active)],
);

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    webhookId: text("webhook_id").notNull(),
    event: text("event").notNull(),
    payload: text("payload").notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    responseStatus: integer("response_status"),
    responseExcerpt: text("response_excerpt"),
    error: text("error"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("idx_webhook_deliveries_webhook").on(t.webhookId, t.createdAt)],
);

/** Local development only: requests the built-in LINE API fake received. */
export const devChannelOutbox = sqliteTable("dev_channel_outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  provider: text("provider").notNull(),
  path: text("path").notNull(),
  body: text("body").notNull(),
  createdAt: text("created_at").notNull(),
});

/** When a channel's provider last reached its webhook with a verified event (migration 0009). */
export const channelStatus = sqliteTable("channel_status", {
  channelId: text("channel_id").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  lastEventAt: text("last_event_at").notNull(),
});
