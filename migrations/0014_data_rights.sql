-- Data rights: purge of deleted chatbots and workspaces, visitor erasure,
-- retention and the 90-day archive, all run by the daily cron
-- (worker/privacy/). Retention settings live in workspaces.settings
-- ({"data_retention": {...}}); these are the markers and the indexes the scans use.

-- Set when the visitor's data was erased: the row stays as a tombstone (status,
-- counts and timestamps) so metrics stay consistent.
ALTER TABLE conversations ADD COLUMN erased_at TEXT;

-- serves: the daily purge of chatbots deleted more than the grace period ago
CREATE INDEX idx_chatbots_deleted ON chatbots(deleted_at) WHERE deleted_at IS NOT NULL;
-- serves: the daily purge of workspaces deleted more than the grace period ago
CREATE INDEX idx_workspaces_deleted ON workspaces(deleted_at) WHERE deleted_at IS NOT NULL;
-- serves: the daily archive of conversations resolved more than 90 days ago
CREATE INDEX idx_conversations_resolved ON conversations(status, resolved_at) WHERE status = 'resolved';
-- serves: purging one chatbot's visitors
CREATE INDEX idx_visitors_chatbot ON visitors(chatbot_id);
-- serves: attachment retention (a workspace's uploads older than a date)
CREATE INDEX idx_attachments_ws_created ON attachments(workspace_id, created_at);
-- serves: erasing and purging one conversation's knowledge questions and feedback
CREATE INDEX idx_kb_queries_conversation ON kb_queries(conversation_id);
CREATE INDEX idx_answer_feedback_conversation ON answer_feedback(conversation_id);
