import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { chatbots } from "./chatbots";
import { workspaces } from "./identity";

/** A chatbot's flow: the draft graph and the version new conversations start (migration 0017). */
export const flows = sqliteTable(
  "flows",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    chatbotId: text("chatbot_id").notNull().references(() => chatbots.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    trigger: text("trigger", { mode: "json" }).$type<unknown>().notNull(),
    graph: text("graph", { mode: "json" }).$type<unknown>().notNull(),
    enabled: integer("enabled").notNull().default(1),
    publishedVersionId: text("published_version_id"),
    publishedVersion: integer("published_version"),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // serves: a workspace's flows (optionally one chatbot's), newest first
    index("idx_flows_workspace").on(t.workspaceId, t.chatbotId, t.updatedAt),
    // serves: the published, enabled flows of a chatbot read when a conversation starts
    index("idx_flows_chatbot_live").on(t.chatbotId).where(sql`published_version_id IS NOT NULL AND enabled = 1`),
  ],
);

/** An immutable published version of a flow (migration 0017). */
export const flowVersions = sqliteTable(
  "flow_versions",
  {
    id: text("id").primaryKey(),
    flowId: text("flow_id").notNull().references(() => flows.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    chatbotId: text("chatbot_id").notNull(),
    version: integer("version").notNull(),
    trigger: text("trigger", { mode: "json" }).$type<unknown>().notNull(),
    graph: text("graph", { mode: "json" }).$type<unknown>().notNull(),
    publishedBy: text("published_by"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("flow_versions_flow_id_version_unique").on(t.flowId, t.version)],
);
