-- Commerce: the workspace's store and payment settings, the product catalog
-- with variants, orders with their items and status timeline, and the Stripe
-- events already processed. Money is integer minor units (satang for THB) with
-- the workspace currency; never floats. Times are ISO-8601 UTC text.

-- One row per workspace that sells; defaults apply while it is missing.
CREATE TABLE commerce_settings (
  workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  currency TEXT NOT NULL DEFAULT 'THB',
  tax_inclusive INTEGER NOT NULL DEFAULT 1,
  payment_window_minutes INTEGER NOT NULL DEFAULT 30,
  -- phone | national_id | ewallet, and the ID as entered (digits only)
  promptpay_id_type TEXT CHECK (promptpay_id_type IN ('phone','national_id','ewallet')),
  promptpay_id TEXT,
  promptpay_name TEXT,
  bank_transfer_enabled INTEGER NOT NULL DEFAULT 0,
  bank_transfer_instructions TEXT,
  cod_enabled INTEGER NOT NULL DEFAULT 0,
  -- the workspace's own Stripe account, encrypted with ENCRYPTION_KEY
  stripe_secret_key_enc TEXT,
  stripe_webhook_secret_enc TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  category TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','draft','archived')),
  images TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: the catalog list (filters + cursor by created_at, id), newest first
CREATE INDEX idx_products_workspace_created ON products(workspace_id, status, created_at, id);
-- serves: the category filter
CREATE INDEX idx_products_workspace_category ON products(workspace_id, category);

CREATE TABLE product_variants (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  sku TEXT NOT NULL,
  name TEXT NOT NULL,
  options TEXT NOT NULL DEFAULT '{}',
  price INTEGER NOT NULL CHECK (price >= 0),
  compare_at_price INTEGER CHECK (compare_at_price IS NULL OR compare_at_price >= 0),
  -- the reservation at checkout is a plain decrement: this CHECK makes an
  -- oversold batch fail as a whole, so stock can never go below zero
  stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
  low_stock_threshold INTEGER NOT NULL DEFAULT 0,
  weight_grams INTEGER,
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: SKU uniqueness per workspace (create, import)
CREATE UNIQUE INDEX idx_variants_workspace_sku ON product_variants(workspace_id, sku);
-- serves: a product's variants in order
CREATE INDEX idx_variants_product ON product_variants(product_id, position);

CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  -- human number per workspace: 1001, 1002, … shown as #1001
  number INTEGER NOT NULL,
  conversation_id TEXT,
  chatbot_id TEXT,
  visitor_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending_payment','awaiting_confirmation','paid','fulfilled','shipped','delivered','cancelled','expired','refunded')),
  currency TEXT NOT NULL,
  subtotal INTEGER NOT NULL,
  shipping_fee INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL,
  payment_method TEXT NOT NULL CHECK (payment_method IN ('promptpay','bank_transfer','cod','stripe')),
  customer_name TEXT NOT NULL,
  customer_phone TEXT NOT NULL,
  customer_email TEXT,
  shipping TEXT,
  note TEXT,
  tracking_number TEXT,
  tracking_url TEXT,
  -- true while the order's stock is held (false once returned on expiry/cancel)
  stock_reserved INTEGER NOT NULL DEFAULT 1,
  expires_at TEXT,
  paid_at TEXT,
  stripe_session_id TEXT,
  stripe_payment_intent_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: numbering and lookup by number
CREATE UNIQUE INDEX idx_orders_workspace_number ON orders(workspace_id, number);
-- serves: the orders list (filters + cursor), newest first
CREATE INDEX idx_orders_workspace_created ON orders(workspace_id, created_at, id);
-- serves: the expiry sweep of unpaid orders
CREATE INDEX idx_orders_expiry ON orders(status, expires_at);
-- serves: a conversation's / visitor's orders
CREATE INDEX idx_orders_conversation ON orders(conversation_id);
-- serves: Stripe webhooks finding their order
CREATE INDEX idx_orders_stripe_session ON orders(stripe_session_id);
CREATE INDEX idx_orders_stripe_intent ON orders(stripe_payment_intent_id);

CREATE TABLE order_items (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  variant_id TEXT NOT NULL,
  product_name TEXT NOT NULL,
  variant_name TEXT NOT NULL,
  sku TEXT NOT NULL,
  unit_price INTEGER NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  line_total INTEGER NOT NULL
);
-- serves: an order's items
CREATE INDEX idx_order_items_order ON order_items(order_id);

-- Every status change with who made it and when.
CREATE TABLE order_events (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  -- user:<id> | visitor:<id> | system | stripe
  actor TEXT NOT NULL,
  note TEXT,
  created_at TEXT NOT NULL
);
-- serves: an order's timeline
CREATE INDEX idx_order_events_order ON order_events(order_id, created_at);

-- Stripe webhook events already applied (a replay changes nothing).
CREATE TABLE stripe_events (
  event_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  type TEXT NOT NULL,
  received_at TEXT NOT NULL
);
