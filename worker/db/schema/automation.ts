import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { workspaces } from "./identity";

/** Automation rules, run in `position` order per workspace (migration 0026; the JSON shapes are worker/automation/schema.ts). */
export const automationRules = sqliteTable(
  "automation_rules",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    enabled: integer("enabled").notNull().default(1),
    position: integer("position").notNull(),
    triggerType: text("trigger_type").notNull(),
    trigger: text("trigger", { mode: "json" }).$type<unknown>().notNull(),
    match: text("match", { enum: ["all", "any"] }).notNull().default("all"),
    conditions: text("conditions", { mode: "json" }).$type<unknown>().notNull().default([]),
    actions: text("actions", { mode: "json" }).$type<unknown>().notNull(),
    stopProcessing: integer("stop_processing").notNull().default(0),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  // serves: the enabled rules of a workspace for one trigger, in order
  (t) => [index("idx_automation_rules_lookup").on(t.workspaceId, t.triggerType, t.enabled, t.position)],
);
export type AutomationRuleRow = typeof automationRules.$inferSelect;

/** One row per rule and event it was looked at for: what makes a replayed flush run nothing twice. */
export const automationRuns = sqliteTable(
  "automation_runs",
  {
    ruleId: text("rule_id").notNull(),
    eventKey: text("event_key").notNull(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id"),
    outcome: text("outcome", { enum: ["matched", "skipped", "failed"] }).notNull(),
    actions: text("actions", { mode: "json" }).$type<unknown>().notNull().default([]),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.eventKey] }), index("idx_automation_runs_conversation").on(t.conversationId, t.createdAt)],
);
