import type { Attachment, AiMetadata, Message, MessageRole, RichContent } from "../protocol";
import { messageOfRow } from "../message-row";
import { preview } from "./frames";
import type { ConversationState } from "./types";

/**
 * The DO's own SQLite tables, created by a versioned, idempotent ensureSchema.
 * Add a new entry to MIGRATIONS to change them; never edit an applied one.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS messages (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     sender TEXT NOT NULL,
     client_id TEXT,
     role TEXT NOT NULL,
     author_id TEXT,
     author_name TEXT,
     text TEXT NOT NULL,
     rich TEXT,
     attachments TEXT,
     ai TEXT,
     created_at TEXT NOT NULL,
     created_ms INTEGER NOT NULL
   );
   CREATE UNIQUE INDEX IF NOT EXISTS messages_client ON messages(sender, client_id);
   CREATE INDEX IF NOT EXISTS messages_rate ON messages(role, created_ms);
   CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, payload TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS schedule (kind TEXT PRIMARY KEY, at INTEGER NOT NULL);
   CREATE TABLE IF NOT EXISTS tickets (hash TEXT PRIMARY KEY, identity TEXT NOT NULL, expires_at INTEGER NOT NULL);`,
  // The D1 mirror reads new messages from the log by seq (no second copy in the
  // outbox): `mirrored_seq` is the last seq written to D1, `holder` who held the
  // conversation when the message was appended (the reporting rows name them).
  // An existing object's messages up to now are already in its outbox (or in D1):
  // they flush from there, the log only from the next seq on.
  `ALTER TABLE messages ADD COLUMN holder TEXT;
   INSERT OR IGNORE INTO meta (key, value) SELECT 'mirrored_seq', CAST(COALESCE(MAX(seq), 0) AS TEXT) FROM messages;`,
  // Every index entry is one more page a message writes (and, on the platform,
  // one more row written). Nothing here reads the log by `id` (D1 keeps it
  // unique), the rate limit counts the visitor's messages only, and only
  // socket sends carry a client_id: the log keeps the indexes it reads by, no
  // wider. The inline UNIQUE on `id` can only go with a rebuild of the table.
  `CREATE TABLE messages_log (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL,
     sender TEXT NOT NULL,
     client_id TEXT,
     role TEXT NOT NULL,
     author_id TEXT,
     author_name TEXT,
     text TEXT NOT NULL,
     rich TEXT,
     attachments TEXT,
     ai TEXT,
     created_at TEXT NOT NULL,
     created_ms INTEGER NOT NULL,
     holder TEXT
   );
   INSERT INTO messages_log (seq, id, sender, client_id, role, author_id, author_name, text, rich, attachments, ai, created_at, created_ms, holder)
     SELECT seq, id, sender, client_id, role, author_id, author_name, text, rich, attachments, ai, created_at, created_ms, holder FROM messages;
   DROP TABLE messages;
   ALTER TABLE messages_log RENAME TO messages;
   -- findByClientId and the insert's conflict target (a repeated socket send)
   CREATE UNIQUE INDEX messages_client ON messages(sender, client_id) WHERE client_id IS NOT NULL;
   -- visitorMessagesSince (the visitor rate limit)
   CREATE INDEX messages_visitor_rate ON messages(created_ms) WHERE role = 'visitor';`,
];

/** Objects whose tables exist (set by ensureSchema or found by schemaReady). */
const ready = new WeakSet<SqlStorage>();

/**
 * Whether this object was created through the API (its tables exist). Reading
 * never writes, so an object reached with a made-up name stays empty.
 */
export function schemaReady(sql: SqlStorage): boolean {
  if (ready.has(sql)) return true;
  const found = sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_schema'`).toArray().length > 0;
  if (found) ready.add(sql);
  return found;
}

/** Creates or migrates the tables; only the create RPC runs it on a new object. */
export function ensureSchema(sql: SqlStorage): void {
  ready.add(sql);
  sql.exec(`CREATE TABLE IF NOT EXISTS _schema (version INTEGER NOT NULL)`);
  const row = sql.exec<{ version: number }>(`SELECT version FROM _schema LIMIT 1`).toArray()[0];
  let version = row?.version ?? 0;
  if (!row) sql.exec(`INSERT INTO _schema (version) VALUES (0)`);
  while (version < MIGRATIONS.length) {
    sql.exec(MIGRATIONS[version]!);
    version++;
    sql.exec(`UPDATE _schema SET version = ?`, version);
  }
}

// ───────── state ─────────

/**
 * What this instance last read or wrote of its state row and its log's last
 * seq. Every frame reads the state and every message needs the next seq: from
 * memory, these cost no SQLite statement (the writes still go to storage first).
 * Every write of the state row goes through saveState and every append through
 * appendMessage; the alarm and purge forget it (`settleLive`, `forgetLive`).
 *
 * `logged`: the fields a message changes (count, preview, times) when nothing
 * else changed (an agent's reply): they are not written per message, because
 * the log already holds what they are made of. Every flush writes them to the
 * state row (`persistLogged`), and a state read from storage replays the messages
 * after its `messageCount` (the seq it was saved at), so after an eviction or a
 * crash they come back from the log.
 */
interface Live {
  state?: string;
  lastSeq?: number;
  logged?: LoggedFields;
}
type LoggedFields = Pick<ConversationState, "messageCount" | "lastMessagePreview" | "lastMessageAt" | "subject" | "updatedAt">;
const live = new WeakMap<SqlStorage, Live>();

function liveOf(sql: SqlStorage): Live {
  let l = live.get(sql);
  if (!l) {
    l = {};
    live.set(sql, l);
  }
  return l;
}

/** After storage was changed outside these functions (purge), or to read it afresh. */
export function forgetLive(sql: SqlStorage): void {
  live.delete(sql);
}

/** Writes what only memory holds (the logged fields) to the state row (every flush does). */
export function persistLogged(sql: SqlStorage): void {
  if (!live.get(sql)?.logged) return;
  const s = loadState(sql);
  if (s) saveState(sql, s);
}

/** persistLogged, then forgets memory: the next read comes from storage (the alarm). */
export function settleLive(sql: SqlStorage): void {
  persistLogged(sql);
  forgetLive(sql);
}

/** What a message appended to the log changes in the state (the one rule for the live path and for the replay from the log). */
export function countLogged(s: ConversationState, m: { seq: number; role: string; text: string; created_at: string }): void {
  s.messageCount = Math.max(s.messageCount + 1, m.seq);
  if (m.role !== "system") {
    s.lastMessagePreview = preview(m.text);
    s.lastMessageAt = m.created_at;
  }
  if (m.role === "visitor" && !s.subject) s.subject = preview(m.text);
}

/** The state as stored, as a new object each time (callers change their copy, then save it). */
export function loadState(sql: SqlStorage): ConversationState | null {
  if (!schemaReady(sql)) return null;
  const l = liveOf(sql);
  if (l.state === undefined) {
    const row = sql
      .exec<{ value: string; last: number | null }>(`SELECT value, (SELECT MAX(seq) FROM messages) AS last FROM meta WHERE key = 'state'`)
      .toArray()[0];
    if (!row) return null;
    l.state = row.value;
    l.lastSeq = row.last ?? 0;
    const stored = JSON.parse(row.value) as ConversationState;
    // messages appended after the state was last written (their fields were kept in memory only)
    if (l.lastSeq > stored.messageCount) {
      const after = sql
        .exec<{ seq: number; role: string; text: string; created_at: string }>(`SELECT seq, role, text, created_at FROM messages WHERE seq > ? ORDER BY seq`, stored.messageCount)
        .toArray();
      for (const m of after) {
        countLogged(stored, m);
        if (m.created_at > stored.updatedAt) stored.updatedAt = m.created_at;
      }
      l.logged = loggedOf(stored);
    }
  }
  const s = JSON.parse(l.state) as ConversationState;
  return l.logged ? Object.assign(s, l.logged) : s;
}

export function saveState(sql: SqlStorage, state: ConversationState): void {
  const text = JSON.stringify(state);
  sql.exec(`INSERT INTO meta (key, value) VALUES ('state', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, text);
  const l = liveOf(sql);
  l.state = text;
  l.logged = undefined;
}

/**
 * Keeps the fields a message changed (`countLogged` and `updatedAt`) in memory
 * without writing the state row. Only for a state whose other fields are as
 * stored: the caller changed nothing else since it was read or saved.
 */
export function saveLogged(sql: SqlStorage, state: ConversationState): void {
  const l = liveOf(sql);
  if (l.state === undefined) return saveState(sql, state);
  l.logged = loggedOf(state);
}

function loggedOf(s: ConversationState): LoggedFields {
  return { messageCount: s.messageCount, lastMessagePreview: s.lastMessagePreview, lastMessageAt: s.lastMessageAt, subject: s.subject, updatedAt: s.updatedAt };
}

// ───────── message log ─────────

interface MessageRow extends Record<string, SqlStorageValue> {
  seq: number;
  id: string;
  role: string;
  author_id: string | null;
  author_name: string | null;
  text: string;
  rich: string | null;
  attachments: string | null;
  ai: string | null;
  created_at: string;
}

const toMessage = messageOfRow;

export interface NewMessage {
  id: string;
  role: MessageRole;
  sender: string;
  clientId: string | null;
  authorId: string | null;
  authorName: string | null;
  text: string;
  rich?: RichContent;
  attachments?: Attachment[];
  ai?: AiMetadata;
  /** The agent holding the conversation (reporting rows of the message name them). */
  holder?: string | null;
}

/** Appends a message with the next seq. Synchronous, so seq assignment cannot interleave. */
export function appendMessage(sql: SqlStorage, conversationId: string, m: NewMessage): Message {
  return insertMessage(sql, conversationId, m, false)!;
}

/**
 * appendMessage, unless the sender already sent a message with this client_id:
 * then nothing is written and the answer is null. The log's unique
 * (sender, client_id) index finds the repeat, so a first send costs no lookup.
 */
export function appendUnlessRepeated(sql: SqlStorage, conversationId: string, m: NewMessage): Message | null {
  return insertMessage(sql, conversationId, m, true);
}

function insertMessage(sql: SqlStorage, conversationId: string, m: NewMessage, unlessRepeated: boolean): Message | null {
  const last = lastSeq(sql);
  const now = Date.now();
  const row: MessageRow = {
    seq: last + 1,
    id: m.id,
    role: m.role,
    author_id: m.authorId,
    author_name: m.authorName,
    text: m.text,
    rich: m.rich ? JSON.stringify(m.rich) : null,
    attachments: m.attachments?.length ? JSON.stringify(m.attachments) : null,
    ai: m.ai ? JSON.stringify(m.ai) : null,
    created_at: new Date(now).toISOString(),
  };
  const written = sql.exec(
    `INSERT INTO messages (seq, id, sender, client_id, role, author_id, author_name, text, rich, attachments, ai, created_at, created_ms, holder)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)${unlessRepeated ? " ON CONFLICT(sender, client_id) WHERE client_id IS NOT NULL DO NOTHING" : ""}`,
    row.seq, row.id, m.sender, m.clientId, row.role, row.author_id, row.author_name, row.text, row.rich, row.attachments, row.ai, row.created_at, now, m.holder ?? null,
  ).rowsWritten;
  if (unlessRepeated && written === 0) return null;
  liveOf(sql).lastSeq = row.seq;
  return toMessage(conversationId, row);
}

export function findByClientId(sql: SqlStorage, sender: string, clientId: string): { id: string; seq: number } | null {
  return sql.exec<{ id: string; seq: number }>(`SELECT id, seq FROM messages WHERE sender = ? AND client_id = ?`, sender, clientId).toArray()[0] ?? null;
}

/** Messages after `afterSeq`, oldest first, at most `limit`. */
export function messagesAfter(sql: SqlStorage, conversationId: string, afterSeq: number, limit: number): Message[] {
  return sql
    .exec<MessageRow>(
      `SELECT seq, id, role, author_id, author_name, text, rich, attachments, ai, created_at FROM messages WHERE seq > ? ORDER BY seq LIMIT ?`,
      afterSeq,
      limit,
    )
    .toArray()
    .map((r) => toMessage(conversationId, r));
}

/** The last `limit` messages, oldest first. */
export function recentMessages(sql: SqlStorage, conversationId: string, limit: number): Message[] {
  return sql
    .exec<MessageRow>(
      `SELECT seq, id, role, author_id, author_name, text, rich, attachments, ai, created_at FROM messages ORDER BY seq DESC LIMIT ?`,
      limit,
    )
    .toArray()
    .reverse()
    .map((r) => toMessage(conversationId, r));
}

/** Messages with a seq in (`afterSeq`, `upToSeq`], oldest first, at most `limit`, with who held the conversation then (the mirror's read). */
export function loggedBetween(sql: SqlStorage, conversationId: string, afterSeq: number, upToSeq: number, limit: number): { message: Message; holder: string | null }[] {
  return sql
    .exec<MessageRow & { holder: string | null }>(
      `SELECT seq, id, role, author_id, author_name, text, rich, attachments, ai, created_at, holder FROM messages WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
      afterSeq,
      upToSeq,
      limit,
    )
    .toArray()
    .map((r) => ({ message: toMessage(conversationId, r), holder: r.holder }));
}

export function lastSeq(sql: SqlStorage): number {
  const l = liveOf(sql);
  l.lastSeq ??= sql.exec<{ s: number | null }>(`SELECT MAX(seq) AS s FROM messages`).one().s ?? 0;
  return l.lastSeq;
}

/** The visitor's messages after `sinceMs` (the rate limit; the role is written out so the partial index serves it). */
export function visitorMessagesSince(sql: SqlStorage, sinceMs: number): number {
  return sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE role = 'visitor' AND created_ms > ?`, sinceMs).one().n;
}

// ───────── schedule (one alarm drives all timers) ─────────

export type ScheduleKind = "inactivity" | "agent_reply" | "flush" | "escalation_wait" | "route_reply" | "flow_wait";

/**
 * The schedule as this instance last read or wrote it (a handful of rows): the
 * live path asks about timers on every message, so reads come from memory and
 * only changes touch storage. Every write goes through the functions below.
 */
const timers = new WeakMap<SqlStorage, Map<ScheduleKind, number>>();

function schedule(sql: SqlStorage): Map<ScheduleKind, number> {
  let t = timers.get(sql);
  if (!t) {
    t = new Map(sql.exec<{ kind: ScheduleKind; at: number }>(`SELECT kind, at FROM schedule`).toArray().map((r) => [r.kind, r.at] as const));
    timers.set(sql, t);
  }
  return t;
}

/** After the object's storage was wiped (purge). */
export function forgetSchedule(sql: SqlStorage): void {
  timers.delete(sql);
}

export function setTimer(sql: SqlStorage, kind: ScheduleKind, at: number): void {
  const t = schedule(sql);
  if (t.get(kind) === at) return;
  sql.exec(`INSERT INTO schedule (kind, at) VALUES (?, ?) ON CONFLICT(kind) DO UPDATE SET at = excluded.at`, kind, at);
  t.set(kind, at);
}

export function timerAt(sql: SqlStorage, kind: ScheduleKind): number | null {
  return schedule(sql).get(kind) ?? null;
}

export function hasTimer(sql: SqlStorage, kind: ScheduleKind): boolean {
  return schedule(sql).has(kind);
}

export function clearTimer(sql: SqlStorage, kind: ScheduleKind): void {
  const t = schedule(sql);
  if (!t.has(kind)) return;
  sql.exec(`DELETE FROM schedule WHERE kind = ?`, kind);
  t.delete(kind);
}

export function dueTimers(sql: SqlStorage, now: number): ScheduleKind[] {
  return [...schedule(sql)].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1]).map(([kind]) => kind);
}

export function nextTimerAt(sql: SqlStorage): number | null {
  let next: number | null = null;
  for (const at of schedule(sql).values()) if (next === null || at < next) next = at;
  return next;
}

// ───────── websocket tickets (single use, 30 s) ─────────

export function putTicket(sql: SqlStorage, hash: string, identity: unknown, expiresAt: number): void {
  sql.exec(`DELETE FROM tickets WHERE expires_at < ?`, Date.now());
  sql.exec(`INSERT INTO tickets (hash, identity, expires_at) VALUES (?, ?, ?)`, hash, JSON.stringify(identity), expiresAt);
}

/** Consumes a ticket: returns its identity once, then never again. */
export function takeTicket<T>(sql: SqlStorage, hash: string): T | null {
  const row = sql.exec<{ identity: string; expires_at: number }>(`SELECT identity, expires_at FROM tickets WHERE hash = ?`, hash).toArray()[0];
  if (!row) return null;
  sql.exec(`DELETE FROM tickets WHERE hash = ?`, hash);
  return row.expires_at >= Date.now() ? (JSON.parse(row.identity) as T) : null;
}
