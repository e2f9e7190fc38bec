-- Message search: the segmenting queue holds only the rows that need it.
--
-- The triggers of 0033 queued every inserted or rewritten message in
-- message_search_pending, and the conversation mirror took every one of its
-- messages off the queue again in the same batch: per message a row and its
-- index entries written, then deleted, for nothing, since the triggers already
-- key plain text exactly as the Worker would (letters, digits, whitespace and
-- common punctuation; keyedBySql() in worker/inbox/search-terms.ts).
-- Now a trigger queues a message only when its text has a character outside
-- that set (Thai, other scripts, symbols, emoji): the same test as
-- keyedBySql(), as a GLOB. The mirror takes off the queue only the messages it
-- segmented itself. Rows already queued stay queued for the scheduled job.

DROP TRIGGER IF EXISTS messages_fts_ai;
DROP TRIGGER IF EXISTS messages_fts_au;

CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, body, message_id, conversation_id, workspace_id)
    VALUES (new.rowid, (SELECT replace(rtrim(x, char(2)), char(2), lower(substr(new.workspace_id, -8))) FROM (SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(x, char(2, 9), char(9)), char(2, 10), char(10)), char(2, 13), char(13)), char(2, 32), ' '), char(2, 46), '.'), char(2, 44), ','), char(2, 33), '!'), char(2, 63), '?'), char(2, 39), ''''), char(2, 34), '"'), char(2, 58), ':'), char(2, 59), ';'), char(2, 40), '('), char(2, 41), ')'), char(2, 45), '-'), char(2, 47), '/') AS x FROM (SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(char(2) || new.text, char(9), char(9, 2)), char(10), char(10, 2)), char(13), char(13, 2)), ' ', char(32, 2)), '.', char(46, 2)), ',', char(44, 2)), '!', char(33, 2)), '?', char(63, 2)), '''', char(39, 2)), '"', char(34, 2)), ':', char(58, 2)), ';', char(59, 2)), '(', char(40, 2)), ')', char(41, 2)), '-', char(45, 2)), '/', char(47, 2)) AS x))), new.id, new.conversation_id, new.workspace_id);
  DELETE FROM message_search_pending WHERE message_id = new.id;
  INSERT INTO message_search_pending(message_id, workspace_id)
    SELECT new.id, new.workspace_id WHERE new.text GLOB '*[^' || char(9, 10, 13) || 'A-Za-z0-9 .,!?''":;()/-]*';
END;

CREATE TRIGGER messages_fts_au AFTER UPDATE OF text ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.rowid;
  INSERT INTO messages_fts(rowid, body, message_id, conversation_id, workspace_id)
    VALUES (new.rowid, (SELECT replace(rtrim(x, char(2)), char(2), lower(substr(new.workspace_id, -8))) FROM (SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(x, char(2, 9), char(9)), char(2, 10), char(10)), char(2, 13), char(13)), char(2, 32), ' '), char(2, 46), '.'), char(2, 44), ','), char(2, 33), '!'), char(2, 63), '?'), char(2, 39), ''''), char(2, 34), '"'), char(2, 58), ':'), char(2, 59), ';'), char(2, 40), '('), char(2, 41), ')'), char(2, 45), '-'), char(2, 47), '/') AS x FROM (SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(char(2) || new.text, char(9), char(9, 2)), char(10), char(10, 2)), char(13), char(13, 2)), ' ', char(32, 2)), '.', char(46, 2)), ',', char(44, 2)), '!', char(33, 2)), '?', char(63, 2)), '''', char(39, 2)), '"', char(34, 2)), ':', char(58, 2)), ';', char(59, 2)), '(', char(40, 2)), ')', char(41, 2)), '-', char(45, 2)), '/', char(47, 2)) AS x))), new.id, new.conversation_id, new.workspace_id);
  DELETE FROM message_search_pending WHERE message_id = new.id;
  INSERT INTO message_search_pending(message_id, workspace_id)
    SELECT new.id, new.workspace_id WHERE new.text GLOB '*[^' || char(9, 10, 13) || 'A-Za-z0-9 .,!?''":;()/-]*';
END;
