-- Plans and subscriptions: the plan a workspace is on, how it pays, and the
-- Stripe events already applied (a replayed webhook changes nothing).
-- New workspaces start on the free plan (registration sets it explicitly).
ALTER TABLE workspaces ADD COLUMN plan_expires_at TEXT;
ALTER TABLE workspaces ADD COLUMN billing_status TEXT NOT NULL DEFAULT 'none';
ALTER TABLE workspaces ADD COLUMN billing_interval TEXT;
ALTER TABLE workspaces ADD COLUMN trial_ends_at TEXT;
ALTER TABLE workspaces ADD COLUMN current_period_end TEXT;
ALTER TABLE workspaces ADD COLUMN past_due_since TEXT;
ALTER TABLE workspaces ADD COLUMN stripe_customer_id TEXT;
ALTER TABLE workspaces ADD COLUMN stripe_subscription_id TEXT;
ALTER TABLE workspaces ADD COLUMN suspended_at TEXT;

-- serves: the Stripe webhook finding a workspace by its customer
CREATE INDEX idx_workspaces_stripe_customer ON workspaces (stripe_customer_id) WHERE stripe_customer_id IS NOT NULL;

CREATE TABLE billing_events (
  id TEXT PRIMARY KEY,            -- the provider's event id
  provider TEXT NOT NULL,         -- 'stripe'
  type TEXT NOT NULL,
  workspace_id TEXT,
  received_at TEXT NOT NULL
);

-- one warning per workspace, period, metric and threshold (80 / 100 %)
CREATE TABLE usage_alerts (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  period TEXT NOT NULL,
  metric TEXT NOT NULL,
  threshold INTEGER NOT NULL,
  sent_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, period, metric, threshold)
);

-- Platform operators (not a workspace role): granted only by an operator command.
CREATE TABLE platform_admins (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  granted_at TEXT NOT NULL
);

-- Every platform operator action, apart from the workspaces' own audit logs.
CREATE TABLE platform_audit (
  id TEXT PRIMARY KEY,
  admin_user_id TEXT NOT NULL,
  action TEXT NOT NULL,
  workspace_id TEXT,
  details TEXT,
  created_at TEXT NOT NULL
);
-- serves: the console's audit list, newest first
CREATE INDEX idx_platform_audit_created ON platform_audit (created_at);
