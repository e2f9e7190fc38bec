import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { flushAllSearchIndexes, indexBody } from "../worker/inbox/search";
import { api, registerOwner } from "../test/helpers";

// Inbox at scale (run by bench/inbox.mjs): one workspace with C conversations and
// C × M messages next to 9 noisy neighbours of the same size, then the inbox list
// (first page and deep pages, by status) and message search through the API.
const scale = JSON.parse((env as unknown as { BENCH_SCALE: string }).BENCH_SCALE || "{}") as { conversations?: number; messages?: number; neighbours?: number };
const CONVERSATIONS = scale.conversations ?? 10_000;
const PER_CONVERSATION = scale.messages ?? 10;
const NEIGHBOURS = scale.neighbours ?? 9;
const STATUSES = ["active", "waiting", "escalated", "agent_handling", "resolved"];
const WORDS = ["refund", "shipping", "parcel", "invoice", "discount", "warranty", "headphones", "charger", "delivery", "exchange", "สินค้า", "ราคา", "จัดส่ง", "คืนเงิน", "ขอบคุณ", "พรุ่งนี้", "ส่วนลด", "ใบเสร็จ"];
const ROWS = 5_000;
const NAMES = ["Somchai", "Malee", "Anna", "James", "Priya", "Kenji", "Fatima", "Lucas"];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};

/** Word `s` (0–2) of message j of conversation i: a fixed pseudo-random pick, so the messages and their index rows agree. */
const MULTIPLIERS = [2654435761, 2246822519, 3266489917];
const pick = (s: number) => `(((i * 7919 + j * 104729 + ${s * 1299709 + 1}) * ${MULTIPLIERS[s]}) % 4294967296) / 65536 % ${WORDS.length}`;

/**
 * One workspace's conversations and messages, set-based (a few statements per
 * 5,000 conversations). The search index rows are written in the same pass,
 * as the conversation mirror would write them (`indexBody` of each word),
 * instead of by the triggers and a second pass of the scheduled job over
 * every row: same rows, a fraction of the seeding time.
 */
async function seed(workspaceId: string, tag: string) {
  const words = JSON.stringify(WORDS);
  const indexed = JSON.stringify(WORDS.map((w) => indexBody(w, workspaceId)));
  const middle = `${indexBody("about order", workspaceId)} `;
  const numberKey = indexBody("0", workspaceId).slice(0, -1);
  const base = Date.parse("2026-01-01T00:00:00Z");
  for (let from = 0; from < CONVERSATIONS; from += ROWS) {
    const to = Math.min(CONVERSATIONS, from + ROWS) - 1;
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < CAST(?2 AS INTEGER))
       INSERT INTO conversations (id, workspace_id, chatbot_id, visitor_id, status, mode, last_message_preview, last_message_at, message_count, created_at, updated_at)
       SELECT 'conv_' || ?3 || '_' || i, ?4, 'cb_' || ?3, 'vis_' || ?3 || '_' || i, json_extract(?5, '$[' || (i % 5) || ']'), 'bot', 'preview ' || i,
              strftime('%Y-%m-%dT%H:%M:%fZ', (?6 + i * 60000 + abs(random() % 60000)) / 1000.0, 'unixepoch'), ?7,
              strftime('%Y-%m-%dT%H:%M:%fZ', (?6 + i * 60000) / 1000.0, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%fZ', (?6 + i * 60000) / 1000.0, 'unixepoch')
       FROM n`,
    )
      .bind(from, to, tag, workspaceId, JSON.stringify(STATUSES), base, PER_CONVERSATION)
      .run();
    // one visitor per conversation, with a name and an email (the search also matches customers)
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < CAST(?2 AS INTEGER))
       INSERT INTO visitors (id, workspace_id, chatbot_id, secret_hash, name, email, first_seen_at, last_seen_at)
       SELECT 'vis_' || ?3 || '_' || i, ?4, 'cb_' || ?3, 'h' || i, json_extract(?5, '$[' || (i % 8) || ']') || ' ' || i,
              'customer' || i || '@example.com', strftime('%Y-%m-%dT%H:%M:%fZ', (?6 + i * 60000) / 1000.0, 'unixepoch'),
              strftime('%Y-%m-%dT%H:%M:%fZ', (?6 + i * 60000) / 1000.0, 'unixepoch')
       FROM n`,
    )
      .bind(from, to, tag, workspaceId, JSON.stringify(NAMES), base)
      .run();
    const rows = `WITH RECURSIVE n(i) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < CAST(?2 AS INTEGER)),
                      k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < CAST(?3 AS INTEGER)),
                      r AS (SELECT i, j, ${pick(0)} AS p0, ${pick(1)} AS p1, ${pick(2)} AS p2 FROM n, k)`;
    // messages: M per conversation, three words each from a small EN/TH vocabulary
    await env.DB.prepare(
      `${rows}
       INSERT INTO messages (id, workspace_id, conversation_id, seq, role, text, created_at)
       SELECT 'msg_' || ?4 || '_' || i || '_' || j, ?5, 'conv_' || ?4 || '_' || i, j, CASE j % 2 WHEN 1 THEN 'visitor' ELSE 'bot' END,
              json_extract(?6, '$[' || p0 || ']') || ' ' || json_extract(?6, '$[' || p1 || ']') || ' about order ' || (i * 31 + j) || ' ' || json_extract(?6, '$[' || p2 || ']'),
              strftime('%Y-%m-%dT%H:%M:%fZ', (?7 + i * 60000 + j * 1000) / 1000.0, 'unixepoch')
       FROM r`,
    )
      .bind(from, to, PER_CONVERSATION, tag, workspaceId, words, base)
      .run();
    await env.DB.prepare(
      `${rows}
       INSERT INTO messages_fts (rowid, body, message_id, conversation_id, workspace_id)
       SELECT (SELECT rowid FROM messages WHERE id = 'msg_' || ?4 || '_' || i || '_' || j),
              json_extract(?6, '$[' || p0 || ']') || ' ' || json_extract(?6, '$[' || p1 || ']') || ' ' || ?7 || ?8 || (i * 31 + j) || ' ' || json_extract(?6, '$[' || p2 || ']'),
              'msg_' || ?4 || '_' || i || '_' || j, 'conv_' || ?4 || '_' || i, ?5
       FROM r`,
    )
      .bind(from, to, PER_CONVERSATION, tag, workspaceId, indexed, middle, numberKey)
      .run();
  }
}

/** The bulk insert writes the index rows itself: the message triggers are set aside meanwhile. */
async function withoutSearchTriggers(run: () => Promise<void>) {
  const { results } = await env.DB.prepare(`select name, sql from sqlite_master where type = 'trigger' and name = 'messages_fts_ai'`).all<{ name: string; sql: string }>();
  for (const t of results) await env.DB.prepare(`drop trigger ${t.name}`).run();
  try {
    await run();
  } finally {
    for (const t of results) await env.DB.prepare(t.sql).run();
  }
}

it("measures the inbox list and message search at scale", async () => {
  const t0 = Date.now();
  const owner = await registerOwner({ name: "Bench Owner" });
  const neighbours: string[] = [];
  for (let n = 0; n < NEIGHBOURS; n++) neighbours.push((await registerOwner({ name: `Neighbour ${n}` })).workspaceId);
  await withoutSearchTriggers(async () => {
    await seed(owner.workspaceId, "main");
    for (const [n, id] of neighbours.entries()) await seed(id, `nb${n}`);
  });
  // nothing is left for the scheduled job (the index rows were written with the messages)
  expect(await flushAllSearchIndexes(env, 50)).toBe(0);
  const seedMs = Date.now() - t0;

  const time = async (path: string) => {
    const s = performance.now();
    const res = await api(path, { token: owner.token });
    const ms = performance.now() - s;
    expect(res.status, res.text).toBe(200);
    return { ms, json: res.json };
  };
  const list: number[] = [];
  for (let r = 0; r < 4; r++) {
    for (const q of ["", "?status=active", "?status=escalated", "?status=active,waiting,escalated,agent_handling"]) {
      let cursor: string | null = null;
      for (let page = 0; page < 5; page++) {
        const { ms, json } = await time(`/api/v1/conversations${q}${cursor ? `${q ? "&" : "?"}cursor=${encodeURIComponent(cursor)}` : ""}`);
        list.push(ms);
        cursor = json.next_cursor;
        if (!cursor) break;
      }
    }
  }
  // ten rounds of eight queries (six over messages, two over customers): with 18 requests the p95 was the slowest one (the first, cold after seeding)
  const search: number[] = [];
  const byQuery = new Map<string, number[]>();
  for (let r = 0; r < 10; r++) {
    for (const q of ["refund", "parcel deliv", "สินค้า", "ส่วนลด ราคา", "order 4242", "warranty charger", "malee", "customer4242@"]) {
      const { ms, json } = await time(`/api/v1/conversations/search?q=${encodeURIComponent(q)}`);
      // the vocabulary is in every workspace's messages (order numbers depend on the scale); names and emails in its customers
      if (q === "malee") expect(json.visitor_matches.length, q).toBeGreaterThan(0);
      else if (!/order|customer/.test(q)) expect(json.data.length, q).toBeGreaterThan(0);
      search.push(ms);
      byQuery.set(q, [...(byQuery.get(q) ?? []), ms]);
    }
  }
  const result = {
    conversations: CONVERSATIONS, messages: CONVERSATIONS * PER_CONVERSATION, neighbours: NEIGHBOURS,
    total_messages: CONVERSATIONS * PER_CONVERSATION * (NEIGHBOURS + 1), seed_ms: seedMs,
    list_requests: list.length, list_p50_ms: pct(list, 50), list_p95_ms: pct(list, 95), list_max_ms: pct(list, 100),
    search_requests: search.length, search_p50_ms: pct(search, 50), search_p95_ms: pct(search, 95), search_max_ms: pct(search, 100),
    search_p50_ms_by_query: Object.fromEntries([...byQuery].map(([q, ms]) => [q, pct(ms, 50)])),
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
});
