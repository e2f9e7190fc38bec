-- Contacts and leads: a contact is a visitor who gave an identity (name,
-- email, phone), merged across visitors by email/phone; a lead is a sales
-- opportunity with a stage (new → contacted → qualified → won | lost) and its
-- stage history. Also which chatbots sell a product (none listed = all of
-- the workspace's chatbots). Money is integer minor units; times ISO-8601 UTC.

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name TEXT,
  -- lower-cased email and digits-only phone: the keys contacts merge on
  email TEXT,
  phone TEXT,
  -- checkout | form | identify | manual | import
  source TEXT NOT NULL,
  -- set when an agent merged this contact into another (unmerge clears it)
  merged_into_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: the contact list, newest first
CREATE INDEX idx_contacts_workspace_created ON contacts(workspace_id, created_at, id);
-- serves: merging by email / phone
CREATE INDEX idx_contacts_workspace_email ON contacts(workspace_id, email);
CREATE INDEX idx_contacts_workspace_phone ON contacts(workspace_id, phone);

-- Which visitors are this contact (one visitor belongs to one contact).
CREATE TABLE contact_visitors (
  visitor_id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL
);
-- serves: a contact's visitors (conversations, orders)
CREATE INDEX idx_contact_visitors_contact ON contact_visitors(contact_id);

CREATE TABLE leads (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  contact_id TEXT REFERENCES contacts(id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT 'new' CHECK (stage IN ('new','contacted','qualified','won','lost')),
  owner_user_id TEXT,
  value INTEGER CHECK (value IS NULL OR value >= 0),
  currency TEXT NOT NULL DEFAULT 'THB',
  -- chatbot | page | campaign | checkout | form | manual | import
  source TEXT NOT NULL DEFAULT 'manual',
  chatbot_id TEXT,
  conversation_id TEXT,
  order_id TEXT,
  source_page TEXT,
  utm_source TEXT,
  utm_medium TEXT,
  utm_campaign TEXT,
  notes TEXT NOT NULL DEFAULT '',
  closed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- serves: the board and list (stage filter, newest first)
CREATE INDEX idx_leads_workspace_stage ON leads(workspace_id, stage, created_at, id);
CREATE INDEX idx_leads_workspace_created ON leads(workspace_id, created_at, id);
-- serves: one automatic lead per order (an abandoned checkout and its purchase are the same lead)
CREATE UNIQUE INDEX idx_leads_order ON leads(workspace_id, order_id) WHERE order_id IS NOT NULL;
CREATE INDEX idx_leads_contact ON leads(contact_id);

-- Every stage change with who made it and when.
CREATE TABLE lead_events (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL,
  from_stage TEXT,
  to_stage TEXT NOT NULL,
  -- user:<id> | system
  actor TEXT NOT NULL,
  note TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX idx_lead_events_lead ON lead_events(lead_id, created_at);

-- A lead's follow-up tasks.
CREATE TABLE lead_tasks (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL,
  title TEXT NOT NULL,
  due_at TEXT,
  done_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX idx_lead_tasks_lead ON lead_tasks(lead_id, created_at);

-- Products assigned to chatbots: a product with rows here is sold only by those chatbots.
CREATE TABLE product_chatbots (
  product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  chatbot_id TEXT NOT NULL,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  PRIMARY KEY (product_id, chatbot_id)
);
CREATE INDEX idx_product_chatbots_chatbot ON product_chatbots(chatbot_id);
