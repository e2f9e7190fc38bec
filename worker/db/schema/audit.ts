import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { workspaces } from "./identity";

export const auditLogs = sqliteTable(
  "audit_logs",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    actorUserId: text("actor_user_id"),
    actorApiKeyId: text("actor_api_key_id"),
    action: text("action").notNull(),
    resourceType: text("resource_type"),
    resourceId: text("resource_id"),
    changes: text("changes", { mode: "json" }).$type<unknown>(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    // serves: the audit log listing, newest first, with cursor pagination
    index("idx_audit_logs_workspace_created").on(t.workspaceId, t.createdAt, t.id),
    // serves: filtering the audit log by action
    index("idx_audit_logs_workspace_action").on(t.workspaceId, t.action, t.createdAt),
    // serves: filtering the audit log by actor
    index("idx_audit_logs_workspace_actor").on(t.workspaceId, t.actorUserId, t.createdAt),
    // serves: filtering the audit log by resource
    index("idx_audit_logs_workspace_resource").on(t.workspaceId, t.resourceType, t.resourceId),
  ],
);
export type AuditLog = typeof auditLogs.$inferSelect;
