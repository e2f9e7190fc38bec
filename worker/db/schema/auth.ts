import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./identity";

/** Single-use tokens mailed to a user (verification, reset); stored as SHA-256. */
export const authTokens = sqliteTable(
  "auth_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["verify_email", "reset_password"] }).notNull(),
    // serves: redeeming a token by its hash
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    createdAt: text("created_at").notNull(),
  },
  // serves: invalidating a user's outstanding tokens of one purpose after a reset
  (t) => [index("idx_auth_tokens_user").on(t.userId, t.purpose)],
);
export type AuthToken = typeof authTokens.$inferSelect;

/** Fixed-window counters for rate limits; key = "<scope>:<subject>". */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull().default(0),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.key, t.windowStart] }),
    // serves: the scheduled sweep of expired windows
    index("idx_rate_limits_expires").on(t.expiresAt),
  ],
);
