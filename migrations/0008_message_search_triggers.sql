-- The message-search triggers queued messages with INSERT OR REPLACE, but inside a
-- trigger the outer statement's conflict handling wins: an upsert that rewrote a
-- message's text failed on the queue's primary key and rolled back its batch.
-- Queue by delete-then-insert instead, which cannot conflict.
DROP TRIGGER IF EXISTS messages_fts_ai;
DROP TRIGGER IF EXISTS messages_fts_au;

CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, body, message_id, conversation_id, workspace_id)
    VALUES (new.rowid, new.text, new.id, new.conversation_id, new.workspace_id);
  DELETE FROM message_search_pending WHERE message_id = new.id;
  INSERT INTO message_search_pending(message_id, workspace_id) VALUES (new.id, new.workspace_id);
END;

CREATE TRIGGER messages_fts_au AFTER UPDATE OF text ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.rowid;
  INSERT INTO messages_fts(rowid, body, message_id, conversation_id, workspace_id)
    VALUES (new.rowid, new.text, new.id, new.conversation_id, new.workspace_id);
  DELETE FROM message_search_pending WHERE message_id = new.id;
  INSERT INTO message_search_pending(message_id, workspace_id) VALUES (new.id, new.workspace_id);
END;
