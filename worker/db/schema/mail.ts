import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Outgoing mail captured in development and tests (no provider configured). */
export const devMail = sqliteTable(
  "dev_mail",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id"),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    // serves: the dev mailbox listing, newest first, optionally by recipient
    index("idx_dev_mail_to").on(t.to, t.createdAt),
    index("idx_dev_mail_created").on(t.createdAt),
  ],
);
export type DevMail = typeof devMail.$inferSelect;
