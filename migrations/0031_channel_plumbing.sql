-- Channel plumbing (issue 11).
--
-- 1. One part-progress mechanism for every channel: a message a provider takes
--    as several requests keeps one row per accepted part in
--    channel_provider_messages (0028), with the provider's id of that part, so a
--    retry after a failure part-way sends only the rest and status webhooks find
--    the message. The Messenger/Instagram count of accepted parts
--    (channel_deliveries.parts_sent, 0027) moves there: a delivery that had
--    accepted N parts gets rows for parts 0..N-1 (their provider ids were never
--    kept, so they get a stable placeholder), then the column goes.
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 63)
INSERT OR IGNORE INTO channel_provider_messages (channel_id, provider_message_id, message_id, part, workspace_id, created_at)
SELECT d.channel_id, 'parts_sent:' || d.message_id || ':' || n.i, d.message_id, n.i, d.workspace_id, d.updated_at
FROM channel_deliveries d JOIN n ON n.i < d.parts_sent
WHERE d.parts_sent > 0;

ALTER TABLE channel_deliveries DROP COLUMN parts_sent;

-- 2. One provider account, one connection: the provider's stable id of the
--    connected account (Telegram bot id, LINE bot user id, Facebook Page id,
--    Instagram account id, WhatsApp phone_number_id), learned at connect time.
--    Connections made before this migration have none (their secrets are sealed)
--    and are left as they are.
ALTER TABLE channels ADD COLUMN provider_account_id TEXT;
CREATE UNIQUE INDEX idx_channels_provider_account ON channels (type, provider_account_id) WHERE provider_account_id IS NOT NULL;
