import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Mirrors migrations/0025_plan_payments.sql (the partial unique index on slip_trans_ref lives in the migration).

export const PLAN_PAYMENT_STATUSES = ["awaiting_slip", "awaiting_confirmation", "confirmed", "rejected", "cancelled"] as const;
export type PlanPaymentStatus = (typeof PLAN_PAYMENT_STATUSES)[number];

export const planPayments = sqliteTable(
  "plan_payments",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    plan: text("plan").notNull(),
    months: integer("months").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull().default("THB"),
    status: text("status", { enum: PLAN_PAYMENT_STATUSES }).notNull(),
    slipR2Key: text("slip_r2_key"),
    slipContentType: text("slip_content_type"),
    slipTransRef: text("slip_trans_ref"),
    slipBank: text("slip_bank"),
    verificationNote: text("verification_note"),
    periodStart: text("period_start"),
    periodEnd: text("period_end"),
    confirmedBy: text("confirmed_by"),
    confirmedAt: text("confirmed_at"),
    remindedAt: text("reminded_at"),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("idx_plan_payments_workspace").on(t.workspaceId, t.createdAt), index("idx_plan_payments_status").on(t.status, t.createdAt)],
);
export type PlanPayment = typeof planPayments.$inferSelect;
