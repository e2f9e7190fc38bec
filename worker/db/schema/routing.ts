import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { chatbots } from "./chatbots";
import { users, workspaces } from "./identity";

/** Teams with an assignment mode and capacity (migration 0022). The live queue lives in the WorkspaceHubDO. */
export const teams = sqliteTable(
  "teams",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    assignment: text("assignment", { enum: ["balanced", "round_robin", "manual"] }).notNull().default("balanced"),
    capacity: integer("capacity").notNull().default(5),
    replyLimitSeconds: integer("reply_limit_seconds"),
    offlineGraceSeconds: integer("offline_grace_seconds").notNull().default(60),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  // serves: a workspace's teams by name, and name uniqueness
  (t) => [uniqueIndex("idx_teams_workspace_name").on(t.workspaceId, sql`${t.name} COLLATE NOCASE`)],
);
export type TeamRow = typeof teams.$inferSelect;

export const teamMembers = sqliteTable(
  "team_members",
  {
    teamId: text("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    capacity: integer("capacity"),
    createdAt: text("created_at").notNull(),
  },
  // serves: the hub loading every team's members of a workspace at once
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("idx_team_members_workspace").on(t.workspaceId, t.teamId)],
);
export type TeamMemberRow = typeof teamMembers.$inferSelect;

/** The team a chatbot's escalations go to (`routing_settings.team_id`). */
export const chatbotRouting = sqliteTable(
  "chatbot_routing",
  {
    chatbotId: text("chatbot_id").primaryKey().references(() => chatbots.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    teamId: text("team_id").references(() => teams.id, { onDelete: "set null" }),
    updatedAt: text("updated_at").notNull(),
  },
  // serves: the hub loading a workspace's chatbot → team map
  (t) => [index("idx_chatbot_routing_workspace").on(t.workspaceId)],
);
