import { ports } from "../ports";
import type { Message } from "../protocol";
import type { ConversationState } from "./types";
import { analyticsOfFlush, type AnalyticsRow } from "./analytics";
import { loggedBetween } from "./storage";

/**
 * Rows waiting to be mirrored to D1. Every write is keyed by id — the conversation
 * row is upserted, messages and events (immutable once written) are inserted
 * unless already there — so flushing the same rows twice changes nothing.
 *
 * Messages are not copied here: the flush reads the log's messages after
 * `mirrored_seq` (meta) and puts each before the first event queued after it
 * (an event's `at_seq` is the log's last seq when it was queued), so a flush sees
 * messages and events in the order they happened. `message` rows are those an
 * object queued before that (still flushed as they are).
 */
export type OutboxItem =
  | { kind: "message"; message: Message; intent?: string | null; sentiment?: string | null; agent_id?: string }
  | { kind: "conversation" }
  | {
      kind: "event";
      /** The log's last seq when the event was queued (absent on rows queued before messages were read from the log). */
      at_seq?: number;
      event: { id: string; type: string; from_status: string | null; to_status: string | null; actor: string; data: Record<string, unknown>; created_at: string };
      agent_id?: string;
      /** The event's data for the reporting figures once the visitor's content was erased from `event.data`. */
      analytics_data?: Record<string, unknown>;
    }
  | { kind: "visitor_page"; visitor_id: string; url: string; title: string | null; at: string }
  | { kind: "visitor_contact"; visitor_id: string; name: string | null }
  /** Written by objects before analytics were derived at flush; still flushed as they are. */
  | { kind: "analytics"; row: AnalyticsRow };

/**
 * What this instance knows of its outbox without reading it: how many rows
 * (and logged messages) are pending, whether one of them is the conversation
 * row, the log's last seq and the last seq mirrored (unknown after a restart:
 * the first use reads them once). Every write to the outbox or `mirrored_seq`
 * goes through this file or calls `forgetOutbox`; every append calls `logged`.
 */
interface Known {
  pending: number;
  conversation: boolean;
  lastSeq: number;
  mirrored: number;
}
const known = new WeakMap<SqlStorage, Known>();

function knownOf(sql: SqlStorage): Known {
  let k = known.get(sql);
  if (!k) {
    // one statement: the flush reads this afresh after every batch
    const r = sql
      .exec<{ n: number; c: number; s: number | null; m: string | null }>(
        `SELECT (SELECT COUNT(*) FROM outbox) AS n, (SELECT COUNT(*) FROM outbox WHERE kind = 'conversation') AS c,
                (SELECT MAX(seq) FROM messages) AS s, (SELECT value FROM meta WHERE key = 'mirrored_seq') AS m`,
      )
      .one();
    const lastSeq = r.s ?? 0;
    const mirrored = Number(r.m ?? 0);
    k = { pending: r.n + Math.max(0, lastSeq - mirrored), conversation: r.c > 0, lastSeq, mirrored };
    known.set(sql, k);
  }
  return k;
}

/** A message was appended to the log with `seq`: the next flush mirrors it. */
export function logged(sql: SqlStorage, seq: number): void {
  const k = knownOf(sql);
  if (seq > k.lastSeq) {
    k.pending += seq - Math.max(k.lastSeq, k.mirrored);
    k.lastSeq = seq;
  }
}

/** After the outbox was changed with SQL outside this file. */
export function forgetOutbox(sql: SqlStorage): void {
  known.delete(sql);
}

export function enqueue(sql: SqlStorage, item: OutboxItem): void {
  const k = knownOf(sql);
  // one pending "conversation" row is enough: the flush writes the state as it is then
  if (item.kind === "conversation") {
    if (k.conversation) return;
    sql.exec(`INSERT INTO outbox (kind, payload) VALUES ('conversation', '{"kind":"conversation"}')`);
    k.conversation = true;
    k.pending++;
    return;
  }
  const row = item.kind === "event" ? { ...item, at_seq: k.lastSeq } : item;
  sql.exec(`INSERT INTO outbox (kind, payload) VALUES (?, ?)`, item.kind, JSON.stringify(row));
  k.pending++;
}

/** Pending rows as this instance counted them (the commit's batch threshold). */
export function pendingCount(sql: SqlStorage): number {
  return knownOf(sql).pending;
}

/** Whether any row or logged message is pending, read from storage (the flush loop). */
export function hasPending(sql: SqlStorage): boolean {
  forgetOutbox(sql);
  const k = knownOf(sql);
  return k.lastSeq > k.mirrored || k.pending > 0;
}

/** Rows (outbox rows, logged messages) one flush writes at most of each. */
const FLUSH_ROWS = 100;

/**
 * The next batch in the order it happened: up to FLUSH_ROWS outbox rows and
 * FLUSH_ROWS logged messages after `mirrored`, each message before the first
 * event queued after it. An event whose messages do not all fit waits for the
 * next batch (and so does everything after it).
 */
function nextBatch(sql: SqlStorage, conversationId: string, mirrored: number): { items: OutboxItem[]; lastRowId: number | null; upToSeq: number; count: number } {
  const rows = sql.exec<{ id: number; payload: string }>(`SELECT id, payload FROM outbox ORDER BY id LIMIT ?`, FLUSH_ROWS).toArray();
  const queued = rows.map((r) => ({ id: r.id, item: JSON.parse(r.payload) as OutboxItem }));
  const seqOf = (item: OutboxItem) => (item.kind === "event" ? (item.at_seq ?? mirrored) : mirrored);
  // with a full page of rows, messages after the last one's may come after rows not read yet
  const cap = queued.length === FLUSH_ROWS ? seqOf(queued[queued.length - 1]!.item) : Number.MAX_SAFE_INTEGER;
  const log = loggedBetween(sql, conversationId, mirrored, cap, FLUSH_ROWS);
  const upToSeq = log.length ? log[log.length - 1]!.message.seq : mirrored;
  const items: OutboxItem[] = [];
  let next = 0;
  const messagesUpTo = (seq: number) => {
    for (; next < log.length && log[next]!.message.seq <= seq; next++) {
      const { message, holder } = log[next]!;
      items.push({ kind: "message", message, ...(holder ? { agent_id: holder } : {}) });
    }
  };
  let lastRowId: number | null = null;
  for (const { id, item } of queued) {
    const at = seqOf(item);
    if (at > upToSeq) break;
    messagesUpTo(at);
    items.push(item);
    lastRowId = id;
  }
  // never stuck: a row whose messages cannot be found goes out on its own
  if (!items.length && queued.length) {
    items.push(queued[0]!.item);
    lastRowId = queued[0]!.id;
  }
  messagesUpTo(upToSeq);
  return { items, lastRowId, upToSeq, count: items.length };
}

/** Writes the next batch of pending rows and logged messages to D1, then marks them done. Returns how many were written. */
export async function flushOutbox(sql: SqlStorage, db: D1Database, state: ConversationState, afterWrite?: (items: OutboxItem[]) => Promise<void>): Promise<number> {
  const mirrored = knownOf(sql).mirrored;
  const { items, lastRowId, upToSeq, count } = nextBatch(sql, state.id, mirrored);
  if (count === 0) return 0;
  // a state change while this batch is in flight queues a new conversation row (this one is written with the state as it was)
  const k = known.get(sql);
  if (k && items.some((i) => i.kind === "conversation")) k.conversation = false;
  const statements: D1PreparedStatement[] = [];
  const messages: Extract<OutboxItem, { kind: "message" }>[] = [];
  const derived = analyticsOfFlush(sql, state, items);
  const analytics: AnalyticsRow[] = [];
  let conversationWritten = false;
  for (const item of items) {
    if (item.kind === "conversation") {
      if (conversationWritten) continue;
      conversationWritten = true;
      statements.push(upsertConversation(db, state));
    } else if (item.kind === "message") {
      // a message's conversation row must exist first (inbox joins, FTS triggers)
      if (!conversationWritten) {
        conversationWritten = true;
        statements.unshift(upsertConversation(db, state));
      }
      // messages go in a few set-based statements after the loop (their order among themselves is kept)
      if (!messages.length) statements.push(MESSAGES_SLOT);
      messages.push(item);
    } else if (item.kind === "event") {
      const e = item.event;
      statements.push(
        db
          .prepare(
            `INSERT OR IGNORE INTO conversation_events (id, workspace_id, conversation_id, type, from_status, to_status, actor, data, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
          )
          .bind(e.id, state.workspaceId, state.id, e.type, e.from_status, e.to_status, e.actor, JSON.stringify(e.data), e.created_at),
      );
    } else if (item.kind === "visitor_page") {
      statements.push(
        db
          .prepare(
            `UPDATE visitors SET current_page = ?1, last_seen_at = ?2,
               page_history = json_insert(CASE WHEN json_array_length(page_history) >= 50 THEN json_remove(page_history, '$[0]') ELSE page_history END,
                                          '$[#]', json_object('url', ?1, 'title', ?3, 'at', ?2))
             WHERE id = ?4 AND workspace_id = ?5`,
          )
          .bind(item.url, item.at, item.title, item.visitor_id, state.workspaceId),
      );
    } else if (item.kind === "analytics") {
      // like messages, a flush's reporting events go in a few set-based statements after the loop
      analytics.push(item.row);
    } else if (item.kind === "visitor_contact") {
      statements.push(db.prepare(`UPDATE visitors SET name = COALESCE(?1, name) WHERE id = ?2 AND workspace_id = ?3`).bind(item.name, item.visitor_id, state.workspaceId));
    }
  }
  const slot = statements.indexOf(MESSAGES_SLOT);
  if (slot >= 0) statements.splice(slot, 1, ...insertMessages(db, state, messages));
  analytics.push(...derived.rows);
  if (analytics.length) statements.push(...(await ports().analytics.statements(db, analytics)));
  if (statements.length) await db.batch(statements);
  if (afterWrite) await afterWrite(items);
  // no await from here: the marks move with the rows they came from, or not at all
  derived.save();
  if (lastRowId !== null) sql.exec(`DELETE FROM outbox WHERE id <= ?`, lastRowId);
  if (upToSeq > mirrored) sql.exec(`INSERT INTO meta (key, value) VALUES ('mirrored_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, String(upToSeq));
  forgetOutbox(sql);
  return count;
}

function upsertConversation(db: D1Database, s: ConversationState): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO conversations (id, workspace_id, chatbot_id, visitor_id, status, mode, bot_mode, assigned_agent_id, subject,
         last_message_preview, last_message_at, message_count, unread_count_agent, rating, rating_comment, escalation_reason,
         channel, created_at, updated_at, resolved_at, last_activity_at, channel_id, channel_user_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, mode = excluded.mode, bot_mode = excluded.bot_mode,
         assigned_agent_id = excluded.assigned_agent_id, subject = excluded.subject,
         last_message_preview = excluded.last_message_preview, last_message_at = excluded.last_message_at,
         message_count = excluded.message_count, unread_count_agent = excluded.unread_count_agent,
         rating = excluded.rating, rating_comment = excluded.rating_comment, escalation_reason = excluded.escalation_reason,
         updated_at = excluded.updated_at, resolved_at = excluded.resolved_at, last_activity_at = excluded.last_activity_at`,
    )
    .bind(
      s.id, s.workspaceId, s.chatbotId, s.visitorId, s.status, s.mode, s.botMode, s.agent?.id ?? null, s.subject,
      s.lastMessagePreview, s.lastMessageAt, s.messageCount, s.unreadCountAgent, s.rating, s.ratingComment, s.escalationReason,
      s.channel, s.createdAt, s.updatedAt, s.resolvedAt, s.lastMessageAt ?? s.createdAt, s.channelRef?.channelId ?? null, s.channelRef?.userId ?? null,
    );
}

/** Where the message statements go in the batch (after the conversation row, before later events). */
const MESSAGES_SLOT = {} as D1PreparedStatement;

/** Rows per JSON parameter: D1 binds at most 100 values, so a batch of messages travels as one JSON array per chunk. */
const MAX_JSON_CHARS = 200_000;

/**
 * The messages of one flush in a few set-based statements instead of four per
 * message: one INSERT … SELECT over a JSON array (insert-once by id; the FTS
 * trigger writes each search row, keyed, and queues the ones whose text it
 * cannot key exactly), then the search rows of the messages whose text needs
 * segmenting (Thai has no spaces between words) are rewritten with the
 * segmented text and taken off the segmenting queue, so searches and the
 * scheduled job never have to. Idempotent like the rest.
 */
function insertMessages(db: D1Database, s: ConversationState, items: Extract<OutboxItem, { kind: "message" }>[]): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  const search = ports().search;
  let rows: unknown[][] = [];
  let segmented: [string, string][] = [];
  let size = 0;
  const emit = () => {
    if (!rows.length) return;
    out.push(
      db
        .prepare(
          `INSERT INTO messages (id, workspace_id, conversation_id, seq, role, author_id, author_name, text, rich, attachments, ai_metadata, intent, sentiment, created_at)
           SELECT json_extract(j.value, '$[0]'), ?2, ?3, json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]'),
                  json_extract(j.value, '$[4]'), json_extract(j.value, '$[5]'), json_extract(j.value, '$[6]'), json_extract(j.value, '$[7]'),
                  json_extract(j.value, '$[8]'), json_extract(j.value, '$[9]'), json_extract(j.value, '$[10]'), json_extract(j.value, '$[11]')
           FROM json_each(?1) AS j WHERE true
           ON CONFLICT(id) DO NOTHING`,
        )
        .bind(JSON.stringify(rows), s.workspaceId, s.id),
    );
    if (segmented.length) {
      const pairs = JSON.stringify(segmented);
      out.push(
        db.prepare(`DELETE FROM messages_fts WHERE rowid IN (SELECT m.rowid FROM messages m JOIN json_each(?1) AS j ON m.id = json_extract(j.value, '$[0]'))`).bind(pairs),
        db
          .prepare(
            `INSERT INTO messages_fts(rowid, body, message_id, conversation_id, workspace_id)
             SELECT m.rowid, json_extract(j.value, '$[1]'), m.id, m.conversation_id, m.workspace_id
             FROM json_each(?1) AS j JOIN messages m ON m.id = json_extract(j.value, '$[0]')`,
          )
          .bind(pairs),
        db.prepare(`DELETE FROM message_search_pending WHERE message_id IN (SELECT json_extract(j.value, '$[0]') FROM json_each(?1) AS j)`).bind(pairs),
      );
    }
    rows = [];
    segmented = [];
    size = 0;
  };
  for (const item of items) {
    const m = item.message;
    const row = [
      m.id, m.seq, m.role, m.author.id ?? null, m.author.name ?? null, m.text,
      m.rich ? JSON.stringify(m.rich) : null, m.attachments ? JSON.stringify(m.attachments) : null, m.ai ? JSON.stringify(m.ai) : null,
      item.intent ?? m.ai?.intent ?? null, item.sentiment ?? m.ai?.sentiment ?? null, m.created_at,
    ];
    const length = m.text.length + (row[6]?.toString().length ?? 0) + (row[7]?.toString().length ?? 0) + (row[8]?.toString().length ?? 0) + 200;
    if (size + length > MAX_JSON_CHARS) emit();
    rows.push(row);
    size += length;
    // the row the trigger writes already indexes plain text the way the segmenter would
    const body = search.indexBody(m.text, s.workspaceId);
    if (body !== null) segmented.push([m.id, body]);
  }
  emit();
  return out;
}
