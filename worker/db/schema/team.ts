import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users, workspaces } from "./identity";

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ["owner", "admin", "agent", "viewer"] }).notNull(),
    // serves: lookup and accept by token
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: text("expires_at").notNull(),
    acceptedAt: text("accepted_at"),
    revokedAt: text("revoked_at"),
    createdAt: text("created_at").notNull(),
  },
  // serves: listing a workspace's pending invitations and finding a duplicate by email
  (t) => [index("idx_invitations_workspace").on(t.workspaceId, t.email)],
);
export type Invitation = typeof invitations.$inferSelect;
