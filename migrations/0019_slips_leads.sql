-- Bank-slip payments: the photo a visitor sends for an order (in R2), the
-- transaction reference read from the slip's mini-QR (unique per workspace, so
-- one transfer pays one order), and the workspace's slip-verification
-- provider (SlipOK / EasySlip style HTTP API; key encrypted with ENCRYPTION_KEY).

CREATE TABLE payment_slips (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  r2_key TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  -- from the mini-QR: the raw payload, the sending bank code, the transaction reference
  qr_payload TEXT,
  sending_bank TEXT,
  trans_ref TEXT,
  -- pending: waits for an agent · verified: the provider matched amount and receiver ·
  -- mismatch: the provider disagreed · unreadable: no slip QR found · duplicate: the reference paid another order
  status TEXT NOT NULL CHECK (status IN ('pending','verified','mismatch','unreadable','duplicate','confirmed','rejected')),
  duplicate_of_order_id TEXT,
  provider TEXT,
  provider_amount INTEGER,
  provider_note TEXT,
  created_at TEXT NOT NULL
);
-- serves: SLIP_ALREADY_USED (one order per transfer); attempts flagged as duplicates keep their reference but stay out
CREATE UNIQUE INDEX idx_payment_slips_ref ON payment_slips(workspace_id, trans_ref) WHERE trans_ref IS NOT NULL AND status != 'duplicate';
-- serves: an order's slips, newest last
CREATE INDEX idx_payment_slips_order ON payment_slips(order_id, created_at);

CREATE TABLE slip_verification_settings (
  workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('slipok','easyslip')),
  base_url TEXT NOT NULL,
  api_key_enc TEXT NOT NULL,
  -- SlipOK's branch id (part of its URL); unused by EasySlip
  branch_id TEXT,
  updated_at TEXT NOT NULL
);

-- Abandoned-checkout follow-up: the gentle reminder an unpaid order gets once,
-- shortly before its payment window closes.
CREATE TABLE order_payment_reminders (
  order_id TEXT PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL,
  sent_at TEXT NOT NULL
);
