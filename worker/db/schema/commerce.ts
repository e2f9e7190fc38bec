import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Mirrors migrations/0018_commerce.sql. Money is integer minor units.

export const PRODUCT_STATUSES = ["active", "draft", "archived"] as const;
export const PROMPTPAY_ID_TYPES = ["phone", "national_id", "ewallet"] as const;
export const ORDER_STATUSES = [
  "pending_payment",
  "awaiting_confirmation",
  "paid",
  "fulfilled",
  "shipped",
  "delivered",
  "cancelled",
  "expired",
  "refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const PAYMENT_METHODS = ["promptpay", "bank_transfer", "cod", "stripe"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const commerceSettings = sqliteTable("commerce_settings", {
  workspaceId: text("workspace_id").primaryKey(),
  currency: text("currency").notNull().default("THB"),
  taxInclusive: integer("tax_inclusive", { mode: "boolean" }).notNull().default(true),
  paymentWindowMinutes: integer("payment_window_minutes").notNull().default(30),
  promptpayIdType: text("promptpay_id_type", { enum: PROMPTPAY_ID_TYPES }),
  promptpayId: text("promptpay_id"),
  promptpayName: text("promptpay_name"),
  bankTransferEnabled: integer("bank_transfer_enabled", { mode: "boolean" }).notNull().default(false),
  bankTransferInstructions: text("bank_transfer_instructions"),
  codEnabled: integer("cod_enabled", { mode: "boolean" }).notNull().default(false),
  stripeSecretKeyEnc: text("stripe_secret_key_enc"),
  stripeWebhookSecretEnc: text("stripe_webhook_secret_enc"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});
export type CommerceSettings = typeof commerceSettings.$inferSelect;

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    category: text("category"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    status: text("status", { enum: PRODUCT_STATUSES }).notNull().default("active"),
    images: text("images", { mode: "json" }).$type<string[]>().notNull().default([]),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // serves: the catalog list (filters + cursor by created_at, id), newest first
    index("idx_products_workspace_created").on(t.workspaceId, t.status, t.createdAt, t.id),
    // serves: the category filter
    index("idx_products_workspace_category").on(t.workspaceId, t.category),
  ],
);
export type Product = typeof products.$inferSelect;

export const productVariants = sqliteTable(
  "product_variants",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    productId: text("product_id").notNull(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    options: text("options", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    price: integer("price").notNull(),
    compareAtPrice: integer("compare_at_price"),
    stock: integer("stock").notNull().default(0),
    lowStockThreshold: integer("low_stock_threshold").notNull().default(0),
    weightGrams: integer("weight_grams"),
    position: integer("position").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // serves: SKU uniqueness per workspace (create, import)
    uniqueIndex("idx_variants_workspace_sku").on(t.workspaceId, t.sku),
    // serves: a product's variants in order
    index("idx_variants_product").on(t.productId, t.position),
  ],
);
export type ProductVariant = typeof productVariants.$inferSelect;

export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    number: integer("number").notNull(),
    conversationId: text("conversation_id"),
    chatbotId: text("chatbot_id"),
    visitorId: text("visitor_id"),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    currency: text("currency").notNull(),
    subtotal: integer("subtotal").notNull(),
    shippingFee: integer("shipping_fee").notNull().default(0),
    total: integer("total").notNull(),
    paymentMethod: text("payment_method", { enum: PAYMENT_METHODS }).notNull(),
    customerName: text("customer_name").notNull(),
    customerPhone: text("customer_phone").notNull(),
    customerEmail: text("customer_email"),
    shipping: text("shipping", { mode: "json" }).$type<Record<string, string> | null>(),
    note: text("note"),
    trackingNumber: text("tracking_number"),
    trackingUrl: text("tracking_url"),
    stockReserved: integer("stock_reserved", { mode: "boolean" }).notNull().default(true),
    expiresAt: text("expires_at"),
    paidAt: text("paid_at"),
    stripeSessionId: text("stripe_session_id"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // serves: numbering and lookup by number
    uniqueIndex("idx_orders_workspace_number").on(t.workspaceId, t.number),
    // serves: the orders list (filters + cursor), newest first
    index("idx_orders_workspace_created").on(t.workspaceId, t.createdAt, t.id),
    // serves: the expiry sweep of unpaid orders
    index("idx_orders_expiry").on(t.status, t.expiresAt),
    // serves: a conversation's / visitor's orders
    index("idx_orders_conversation").on(t.conversationId),
    // serves: Stripe webhooks finding their order
    index("idx_orders_stripe_session").on(t.stripeSessionId),
    index("idx_orders_stripe_intent").on(t.stripePaymentIntentId),
  ],
);
export type Order = typeof orders.$inferSelect;

export const orderItems = sqliteTable(
  "order_items",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    productId: text("product_id").notNull(),
    variantId: text("variant_id").notNull(),
    productName: text("product_name").notNull(),
    variantName: text("variant_name").notNull(),
    sku: text("sku").notNull(),
    unitPrice: integer("unit_price").notNull(),
    quantity: integer("quantity").notNull(),
    lineTotal: integer("line_total").notNull(),
  },
  // serves: an order's items
  (t) => [index("idx_order_items_order").on(t.orderId)],
);
export type OrderItem = typeof orderItems.$inferSelect;

export const orderEvents = sqliteTable(
  "order_events",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    actor: text("actor").notNull(),
    note: text("note"),
    createdAt: text("created_at").notNull(),
  },
  // serves: an order's timeline
  (t) => [index("idx_order_events_order").on(t.orderId, t.createdAt)],
);
export type OrderEvent = typeof orderEvents.$inferSelect;

export const stripeEvents = sqliteTable("stripe_events", {
  eventId: text("event_id").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  type: text("type").notNull(),
  receivedAt: text("received_at").notNull(),
});
