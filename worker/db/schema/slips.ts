import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Mirrors migrations/0019_slips_leads.sql (slips part).

export const SLIP_STATUSES = ["pending", "verified", "mismatch", "unreadable", "duplicate", "confirmed", "rejected"] as const;
export type SlipStatus = (typeof SLIP_STATUSES)[number];
export const SLIP_PROVIDERS = ["slipok", "easyslip"] as const;
export type SlipProvider = (typeof SLIP_PROVIDERS)[number];

export const paymentSlips = sqliteTable(
  "payment_slips",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    orderId: text("order_id").notNull(),
    r2Key: text("r2_key").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    qrPayload: text("qr_payload"),
    sendingBank: text("sending_bank"),
    transRef: text("trans_ref"),
    status: text("status", { enum: SLIP_STATUSES }).notNull(),
    duplicateOfOrderId: text("duplicate_of_order_id"),
    provider: text("provider"),
    providerAmount: integer("provider_amount"),
    providerNote: text("provider_note"),
    createdAt: text("created_at").notNull(),
  },
  // serves: an order's slips (the unique reference index is partial and lives in the migration)
  (t) => [index("idx_payment_slips_order").on(t.orderId, t.createdAt)],
);
export type PaymentSlip = typeof paymentSlips.$inferSelect;

export const slipVerificationSettings = sqliteTable("slip_verification_settings", {
  workspaceId: text("workspace_id").primaryKey(),
  provider: text("provider", { enum: SLIP_PROVIDERS }).notNull(),
  baseUrl: text("base_url").notNull(),
  apiKeyEnc: text("api_key_enc").notNull(),
  branchId: text("branch_id"),
  updatedAt: text("updated_at").notNull(),
});
export type SlipVerificationSettings = typeof slipVerificationSettings.$inferSelect;

/** The one reminder an unpaid order gets before its payment window closes. */
export const orderPaymentReminders = sqliteTable("order_payment_reminders", {
  orderId: text("order_id").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  sentAt: text("sent_at").notNull(),
});
