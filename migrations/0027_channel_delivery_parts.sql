-- A message a channel takes as several requests (Messenger/Instagram: files, cards, text): how many of them the
-- provider accepted, so a retry after a failure part-way sends only the rest.
ALTER TABLE channel_deliveries ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
