import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Mirrors migrations/0024_contacts_leads.sql. Money is integer minor units.
// Imported directly (not through schema/index.ts): only the lazily loaded
// leads module (worker/lazy/leads.ts) uses these tables, so they stay off the request path.

import { CONTACT_SOURCES, LEAD_SOURCES, LEAD_STAGES } from "../../leads/constants";

export { CONTACT_SOURCES, LEAD_SOURCES, LEAD_STAGES };
export type { ContactSource, LeadSource, LeadStage } from "../../leads/constants";

export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    source: text("source", { enum: CONTACT_SOURCES }).notNull(),
    mergedIntoId: text("merged_into_id"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("idx_contacts_workspace_created").on(t.workspaceId, t.createdAt, t.id),
    index("idx_contacts_workspace_email").on(t.workspaceId, t.email),
    index("idx_contacts_workspace_phone").on(t.workspaceId, t.phone),
  ],
);
export type Contact = typeof contacts.$inferSelect;

export const contactVisitors = sqliteTable(
  "contact_visitors",
  {
    visitorId: text("visitor_id").primaryKey(),
    contactId: text("contact_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("idx_contact_visitors_contact").on(t.contactId)],
);

export const leads = sqliteTable(
  "leads",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    contactId: text("contact_id"),
    title: text("title").notNull(),
    stage: text("stage", { enum: LEAD_STAGES }).notNull().default("new"),
    ownerUserId: text("owner_user_id"),
    value: integer("value"),
    currency: text("currency").notNull().default("THB"),
    source: text("source", { enum: LEAD_SOURCES }).notNull().default("manual"),
    chatbotId: text("chatbot_id"),
    conversationId: text("conversation_id"),
    orderId: text("order_id"),
    sourcePage: text("source_page"),
    utmSource: text("utm_source"),
    utmMedium: text("utm_medium"),
    utmCampaign: text("utm_campaign"),
    notes: text("notes").notNull().default(""),
    closedAt: text("closed_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  // the unique per-order index is partial and lives in the migration
  (t) => [
    index("idx_leads_workspace_stage").on(t.workspaceId, t.stage, t.createdAt, t.id),
    index("idx_leads_workspace_created").on(t.workspaceId, t.createdAt, t.id),
    index("idx_leads_contact").on(t.contactId),
  ],
);
export type Lead = typeof leads.$inferSelect;

export const leadEvents = sqliteTable(
  "lead_events",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    fromStage: text("from_stage", { enum: LEAD_STAGES }),
    toStage: text("to_stage", { enum: LEAD_STAGES }).notNull(),
    actor: text("actor").notNull(),
    note: text("note"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("idx_lead_events_lead").on(t.leadId, t.createdAt)],
);

export const leadTasks = sqliteTable(
  "lead_tasks",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    title: text("title").notNull(),
    dueAt: text("due_at"),
    doneAt: text("done_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("idx_lead_tasks_lead").on(t.leadId, t.createdAt)],
);

export const productChatbots = sqliteTable(
  "product_chatbots",
  {
    productId: text("product_id").notNull(),
    chatbotId: text("chatbot_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.chatbotId] }), index("idx_product_chatbots_chatbot").on(t.chatbotId)],
);
