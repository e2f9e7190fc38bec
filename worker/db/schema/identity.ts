import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const workspaces = sqliteTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  plan: text("plan").notNull().default("starter"),
  planExpiresAt: text("plan_expires_at"),
  billingStatus: text("billing_status", { enum: ["none", "trialing", "active", "past_due", "canceled"] }).notNull().default("none"),
  billingInterval: text("billing_interval", { enum: ["monthly", "yearly"] }),
  trialEndsAt: text("trial_ends_at"),
  currentPeriodEnd: text("current_period_end"),
  pastDueSince: text("past_due_since"),
  stripeCustomerId: text("stripe_customer_id"),
  stripeSubscriptionId: text("stripe_subscription_id"),
  suspendedAt: text("suspended_at"),
  settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
  deletedAt: text("deleted_at"),
}, (t) => [
  // serves: the daily purge of workspaces deleted more than the grace period ago
  index("idx_workspaces_deleted").on(t.deletedAt).where(sql`deleted_at IS NOT NULL`),
]);
export type Workspace = typeof workspaces.$inferSelect;

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash"),
  emailVerifiedAt: text("email_verified_at"),
  googleId: text("google_id").unique(),
  mfaSecret: text("mfa_secret"),
  mfaEnabled: integer("mfa_enabled", { mode: "boolean" }).notNull().default(false),
  status: text("status", { enum: ["active", "deactivated"] }).notNull().default("active"),
  lastLoginAt: text("last_login_at"),
  /** The dashboard language the user chose; null follows the browser (migration 0011). */
  locale: text("locale", { enum: ["en", "th"] }),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});
export type User = typeof users.$inferSelect;

export const memberships = sqliteTable(
  "memberships",
  {
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "agent", "viewer"] }).notNull(),
    status: text("status", { enum: ["active", "deactivated"] }).notNull().default("active"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    // serves: "which workspaces does this user belong to" at login
    index("idx_memberships_user").on(t.userId),
  ],
);
export type Membership = typeof memberships.$inferSelect;

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    familyId: text("family_id").notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: text("expires_at").notNull(),
    rotatedAt: text("rotated_at"),
    revokedAt: text("revoked_at"),
    userAgent: text("user_agent"),
    ip: text("ip"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    // serves: active-session count per user and revocation of a user's sessions
    index("idx_sessions_user").on(t.userId, t.revokedAt),
    // serves: revoking a whole family on reuse
    index("idx_sessions_family").on(t.familyId),
  ],
);
export type Session = typeof sessions.$inferSelect;

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull().default([]),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
    createdAt: text("created_at").notNull(),
  },
  // serves: listing a workspace's keys
  (t) => [index("idx_api_keys_workspace").on(t.workspaceId)],
);
export type ApiKey = typeof apiKeys.$inferSelect;
