-- Message search partitioned per workspace inside the index's terms.
--
-- messages_fts had a `tenant` column (0015): a search matched
-- `tenant : <token> AND body : (…)`, but the last query word is a prefix
-- ("refun"*) and FTS5 merges the postings of every term with that prefix
-- across ALL workspaces before the tenant filter applies, so one search cost
-- grew with every tenant's volume. Now every word of a row carries its
-- workspace's key in front — the last 8 characters of the workspace id,
-- lowercased (`k7q2x9a1refund`) — and a search keys its words the same way,
-- so the prefix expands over its own workspace's terms only
-- (worker/inbox/search-terms.ts). `workspace_id` stays the definitive filter.
--
-- Keying in SQL: the key goes in front of every run of token characters
-- (letters, digits), i.e. at the start and after every separator, then off
-- again before a separator and at the end; char(2) holds its place meanwhile
-- (its arguments stay constant, which keeps replace() cheap).
--  * The rebuild below keys the stored (already segmented) text with every
--    ASCII and Thai separator, exactly as keyTerms() does; rows with other
--    characters (other scripts, symbols, emoji) are keyed as far as that goes
--    and queued, so the scheduled job keys them again from the message text.
--  * The triggers key raw text with whitespace and common punctuation
--    (exact for such text, which the conversation mirror then leaves as it is;
--    anything else it rewrites itself, as it does for Thai).

DROP TRIGGER IF EXISTS messages_fts_ai;
DROP TRIGGER IF EXISTS messages_fts_au;
DROP TRIGGER IF EXISTS messages_fts_ad;

CREATE VIRTUAL TABLE messages_fts_keyed USING fts5(
  body,
  message_id UNINDEXED,
  conversation_id UNINDEXED,
  workspace_id UNINDEXED,
  tokenize = 'unicode61'
);
INSERT INTO messages_fts_keyed(rowid, body, message_id, conversation_id, workspace_id)
  WITH s0 AS (SELECT rowid AS rid, char(2) || body AS x, message_id, conversation_id, workspace_id FROM messages_fts),
     s1 AS (SELECT rid, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(x, char(9), char(9, 2)), char(10), char(10, 2)), char(13), char(13, 2)), ' ', char(32, 2)), '!', char(33, 2)), '"', char(34, 2)), '#', char(35, 2)), '$', char(36, 2)), '%', char(37, 2)), '&', char(38, 2)), '''', char(39, 2)), '(', char(40, 2)), ')', char(41, 2)), '*', char(42, 2)), '+', char(43, 2)), ',', char(44, 2)), '-', char(45, 2)), '.', char(46, 2)), '/', char(47, 2)), ':', char(58, 2)) AS x, message_id, conversation_id, workspace_id FROM s0),
     s2 AS (SELECT rid, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(x, ';', char(59, 2)), '<', char(60, 2)), '=', char(61, 2)), '>', char(62, 2)), '?', char(63, 2)), '@', char(64, 2)), '[', char(91, 2)), '\', char(92, 2)), ']', char(93, 2)), '^', char(94, 2)), '_', char(95, 2)), '`', char(96, 2)), '{', char(123, 2)), '|', char(124, 2)), '}', char(125, 2)), '~', char(126, 2)), char(3633), char(3633, 2)), char(3636), char(3636, 2)), char(3637), char(3637, 2)), char(3638), char(3638, 2)) AS x, message_id, conversation_id, workspace_id FROM s1),
     s3 AS (SELECT rid, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(x, char(3639), char(3639, 2)), char(3640), char(3640, 2)), char(3641), char(3641, 2)), char(3642), char(3642, 2)), char(3643), char(3643, 2)), char(3644), char(3644, 2)), char(3645), char(3645, 2)), char(3646), char(3646, 2)), char(3647), char(3647, 2)), char(3655), char(3655, 2)), char(3656), char(3656, 2)), char(3657), char(3657, 2)), char(3658), char(3658, 2)), char(3659), char(3659, 2)), char(3660), char(3660, 2)), char(3661), char(3661, 2)), char(3662), char(3662, 2)), char(3663), char(3663, 2)), char(3674), char(3674, 2)), char(3675), char(3675, 2)) AS x, message_id, conversation_id, workspace_id FROM s2),
     s4 AS (SELECT rid, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(x, char(2, 9), char(9)), char(2, 10), char(10)), char(2, 13), char(13)), char(2, 32), ' '), char(2, 33), '!'), char(2, 34), '"'), char(2, 35), '#'), char(2, 36), '$'), char(2, 37), '%'), char(2, 38), '&'), char(2, 39), ''''), char(2, 40), '('), char(2, 41), ')'), char(2, 42), '*'), char(2, 43), '+'), char(2, 44), ','), char(2, 45), '-'), char(2, 46), '.'), char(2, 47), '/'), char(2, 58), ':') AS x, message_id, conversation_id, workspace_id FROM s3),
     s5 AS (SELECT rid, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(x, char(2, 59), ';'), char(2, 60), '<'), char(2, 61), '='), char(2, 62), '>'), char(2, 63), '?'), char(2, 64), '@'), char(2, 91), '['), char(2, 92), '\'), char(2, 93), ']'), char(2, 94), '^'), char(2, 95), '_'), char(2, 96), '`'), char(2, 123), '{'), char(2, 124), '|'), char(2, 125), '}'), char(2, 126), '~'), char(2, 3633), char(3633)), char(2, 3636), char(3636)), char(2, 3637), char(3637)), char(2, 3638), char(3638)) AS x, message_id, conversation_id, workspace_id FROM s4),
     s6 AS (SELECT rid, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(x, char(2, 3639), char(3639)), char(2, 3640), char(3640)), char(2, 3641), char(3641)), char(2, 3642), char(3642)), char(2, 3643), char(3643)), char(2, 3644), char(3644)), char(2, 3645), char(3645)), char(2, 3646), char(3646)), char(2, 3647), char(3647)), char(2, 3655), char(3655)), char(2, 3656), char(3656)), char(2, 3657), char(3657)), char(2, 3658), char(3658)), char(2, 3659), char(3659)), char(2, 3660), char(3660)), char(2, 3661), char(3661)), char(2, 3662), char(3662)), char(2, 3663), char(3663)), char(2, 3674), char(3674)), char(2, 3675), char(3675)) AS x, message_id, conversation_id, workspace_id FROM s5)
  SELECT rid, replace(rtrim(x, char(2)), char(2), lower(substr(workspace_id, -8))), message_id, conversation_id, workspace_id FROM s6;
INSERT OR IGNORE INTO message_search_pending(message_id, workspace_id)
  SELECT message_id, workspace_id FROM messages_fts
  WHERE body GLOB '*[^' || char(9, 10, 13) || ' -~' || char(3585) || '-' || char(3675) || ']*';
DROP TABLE messages_fts;
ALTER TABLE messages_fts_keyed RENAME TO messages_fts;

CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, body, message_id, conversation_id, workspace_id)
    VALUES (new.rowid, (SELECT replace(rtrim(x, char(2)), char(2), lower(substr(new.workspace_id, -8))) FROM (SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(x, char(2, 9), char(9)), char(2, 10), char(10)), char(2, 13), char(13)), char(2, 32), ' '), char(2, 46), '.'), char(2, 44), ','), char(2, 33), '!'), char(2, 63), '?'), char(2, 39), ''''), char(2, 34), '"'), char(2, 58), ':'), char(2, 59), ';'), char(2, 40), '('), char(2, 41), ')'), char(2, 45), '-'), char(2, 47), '/') AS x FROM (SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(char(2) || new.text, char(9), char(9, 2)), char(10), char(10, 2)), char(13), char(13, 2)), ' ', char(32, 2)), '.', char(46, 2)), ',', char(44, 2)), '!', char(33, 2)), '?', char(63, 2)), '''', char(39, 2)), '"', char(34, 2)), ':', char(58, 2)), ';', char(59, 2)), '(', char(40, 2)), ')', char(41, 2)), '-', char(45, 2)), '/', char(47, 2)) AS x))), new.id, new.conversation_id, new.workspace_id);
  DELETE FROM message_search_pending WHERE message_id = new.id;
  INSERT INTO message_search_pending(message_id, workspace_id) VALUES (new.id, new.workspace_id);
END;

CREATE TRIGGER messages_fts_au AFTER UPDATE OF text ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.rowid;
  INSERT INTO messages_fts(rowid, body, message_id, conversation_id, workspace_id)
    VALUES (new.rowid, (SELECT replace(rtrim(x, char(2)), char(2), lower(substr(new.workspace_id, -8))) FROM (SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(x, char(2, 9), char(9)), char(2, 10), char(10)), char(2, 13), char(13)), char(2, 32), ' '), char(2, 46), '.'), char(2, 44), ','), char(2, 33), '!'), char(2, 63), '?'), char(2, 39), ''''), char(2, 34), '"'), char(2, 58), ':'), char(2, 59), ';'), char(2, 40), '('), char(2, 41), ')'), char(2, 45), '-'), char(2, 47), '/') AS x FROM (SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(char(2) || new.text, char(9), char(9, 2)), char(10), char(10, 2)), char(13), char(13, 2)), ' ', char(32, 2)), '.', char(46, 2)), ',', char(44, 2)), '!', char(33, 2)), '?', char(63, 2)), '''', char(39, 2)), '"', char(34, 2)), ':', char(58, 2)), ';', char(59, 2)), '(', char(40, 2)), ')', char(41, 2)), '-', char(45, 2)), '/', char(47, 2)) AS x))), new.id, new.conversation_id, new.workspace_id);
  DELETE FROM message_search_pending WHERE message_id = new.id;
  INSERT INTO message_search_pending(message_id, workspace_id) VALUES (new.id, new.workspace_id);
END;

CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.rowid;
  DELETE FROM message_search_pending WHERE message_id = old.id;
END;
