import { index, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users, workspaces } from "./identity";

/** A member's notification choices per event × medium (migration 0032); only differences from the defaults are stored. */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    prefs: text("prefs", { mode: "json" }).$type<Record<string, Record<string, boolean>>>().notNull().default({}),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/** The platform's VAPID key pair (RFC 8292); the private JWK sealed with ENCRYPTION_KEY. */
export const pushVapidKeys = sqliteTable("push_vapid_keys", {
  id: text("id").primaryKey(),
  publicKey: text("public_key").notNull(),
  privateKeyEnc: text("private_key_enc").notNull(),
  createdAt: text("created_at").notNull(),
});

/** One member's browser that accepted push notifications. */
export const pushSubscriptions = sqliteTable(
  "push_subscriptions",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    userAgent: text("user_agent"),
    createdAt: text("created_at").notNull(),
    lastSentAt: text("last_sent_at"),
  },
  (t) => [uniqueIndex("idx_push_subscriptions_endpoint").on(t.workspaceId, t.userId, t.endpoint), index("idx_push_subscriptions_user").on(t.workspaceId, t.userId)],
);

/** A workspace's Slack incoming webhook (URL sealed, never returned). */
export const slackIntegrations = sqliteTable("slack_integrations", {
  workspaceId: text("workspace_id").primaryKey().references(() => workspaces.id, { onDelete: "cascade" }),
  webhookUrlEnc: text("webhook_url_enc").notNull(),
  events: text("events", { mode: "json" }).$type<string[]>().notNull().default(["escalation", "new_conversation"]),
  lastError: text("last_error"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});
