-- Plans paid by PromptPay transfer (prepaid months or a year): the owner is
-- shown a QR for the exact amount, sends the slip, and a platform operator or
-- the platform's slip-verification provider confirms it; the plan then runs
-- until period_end and lapses to free unless the next period is paid.
CREATE TABLE plan_payments (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  plan TEXT NOT NULL,                 -- starter | pro | business
  months INTEGER NOT NULL,            -- 1, 3, 6 or 12 (12 at the yearly price)
  amount INTEGER NOT NULL,            -- satang
  currency TEXT NOT NULL DEFAULT 'THB',
  status TEXT NOT NULL,               -- awaiting_slip | awaiting_confirmation | confirmed | rejected | cancelled
  slip_r2_key TEXT,
  slip_content_type TEXT,
  slip_trans_ref TEXT,
  slip_bank TEXT,
  verification_note TEXT,             -- what the provider said, or the operator's reason
  period_start TEXT,
  period_end TEXT,
  confirmed_by TEXT,                  -- an operator's user id, or 'slip:<provider>'
  confirmed_at TEXT,
  reminded_at TEXT,                   -- the one "your plan lapses soon" email
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: a workspace's payments on the Billing page, newest first
CREATE INDEX idx_plan_payments_workspace ON plan_payments (workspace_id, created_at);
-- serves: the operators' queue of slips to confirm
CREATE INDEX idx_plan_payments_status ON plan_payments (status, created_at);
-- a bank transfer pays one period only
CREATE UNIQUE INDEX idx_plan_payments_trans_ref ON plan_payments (slip_trans_ref) WHERE slip_trans_ref IS NOT NULL;
