import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { toMatchQuery } from "../../worker/inbox/search";
import { keyTerms, keyedBySql, tenantKey, unkeyTerms } from "../../worker/inbox/search-terms";
import { seedConversation, seedVisitor, seedWorkspace } from "./seed";

// The index keys every word with its workspace (migration 0033): the SQL of the
// triggers and of the rebuild must key text exactly as the Worker does, or rows
// would not be found.
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let visitor = "";
beforeAll(async () => {
  ws = await seedWorkspace();
  visitor = await seedVisitor(ws.workspaceId);
});

const PLAIN = [
  "Hi, I need a refund... (now)!",
  "  two  spaces\tand a tab\nnew line\r\nend ",
  "Where's my order? It's late: 3 days/4 days - \"ASAP\";",
  "",
  "...",
  "x",
];

describe("tenant-keyed search terms", () => {
  it("keys and unkeys text without changing it", () => {
    const key = tenantKey(ws.workspaceId);
    for (const text of [...PLAIN, "สวัสดี ครับ ที่นี่ ฿100 ๆ", "don't café 😀 ok"]) expect(unkeyTerms(keyTerms(text, key), key)).toBe(text);
    expect(keyTerms("refund, now", "k1")).toBe("k1refund, k1now");
  });

  it("indexes plain text in the trigger exactly as the Worker keys it", async () => {
    expect(PLAIN.every(keyedBySql)).toBe(true);
    const conv = await seedConversation(ws.workspaceId, { visitor_id: visitor, messages: PLAIN.map((text) => ({ role: "visitor" as const, text })) });
    const { results } = await env.DB.prepare(`select body from messages_fts where conversation_id = ?1 order by rowid`).bind(conv).all<{ body: string }>();
    expect(results.map((r) => r.body)).toEqual(PLAIN.map((t) => keyTerms(t, tenantKey(ws.workspaceId))));
  });

  it("queues for segmenting exactly the messages whose text the trigger cannot key (migration 0036)", async () => {
    const other = ["สวัสดีครับ", "order #A17", "50% off", "café", "ok 😀", "a_b", "x=1", "ราคา 100 บาท"];
    expect(other.some(keyedBySql)).toBe(false);
    const conv = await seedConversation(ws.workspaceId, { visitor_id: visitor, messages: [...PLAIN, ...other].map((text) => ({ role: "visitor" as const, text })) });
    const queued = async () =>
      (
        await env.DB.prepare(`select m.text from message_search_pending p join messages m on m.id = p.message_id where m.conversation_id = ?1 order by m.seq`)
          .bind(conv)
          .all<{ text: string }>()
      ).results.map((r) => r.text);
    expect(await queued()).toEqual(other);
    // a rewrite queues by the new text the same way
    await env.DB.prepare(`update messages set text = 'plain again' where conversation_id = ?1 and text = 'café'`).bind(conv).run();
    await env.DB.prepare(`update messages set text = 'now with ฿' where conversation_id = ?1 and text = 'x'`).bind(conv).run();
    expect(await queued()).toEqual(["now with ฿", ...other.filter((t) => t !== "café")]);
  });

  it("rebuilds an index of the previous layout without losing rows (migration 0033)", async () => {
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0033_"))!;
    // the migration run against copies named apart, so nothing else sees the old layout
    const rename = (q: string) => q.replace(/messages_fts/g, "mig33_fts").replace(/message_search_pending/g, "mig33_pending");
    await env.DB.batch([
      env.DB.prepare(`create virtual table mig33_fts using fts5(body, tenant, message_id unindexed, conversation_id unindexed, workspace_id unindexed, tokenize = 'unicode61')`),
      env.DB.prepare(`create table mig33_pending (message_id text primary key, workspace_id text not null)`),
    ]);
    const other = "ws_elsewhere0000Q7";
    const rows: [number, string, string][] = [
      [101, "Hi, I need a refund for my broken headphones", ws.workspaceId],
      [102, "สวัสดี ครับ ผม ต้องการ คืน สินค้า ที่ ซื้อ เมื่อวาน", ws.workspaceId],
      [103, "order 3.5 kg at 10:30 #42 ~ok", ws.workspaceId],
      [104, "ขอบคุณ ค่ะ 😀 ส่วนลด", ws.workspaceId],
      [105, "secret refund elsewhere", other],
    ];
    await env.DB.batch(
      rows.map(([rid, body, w]) =>
        env.DB.prepare(`insert into mig33_fts (rowid, body, tenant, message_id, conversation_id, workspace_id) values (?1, ?2, ?3, ?4, 'conv_x', ?5)`).bind(rid, body, w.replace(/_/g, ""), `msg_m${rid}`, w),
      ),
    );
    try {
      await env.DB.batch(migration.queries.map((q) => env.DB.prepare(rename(q))));
      const { results } = await env.DB.prepare(`select rowid as rid, body, workspace_id from mig33_fts order by rowid`).all<{ rid: number; body: string; workspace_id: string }>();
      expect(results.map((r) => r.rid)).toEqual([101, 102, 103, 104, 105]);
      // ASCII and Thai text keyed exactly; anything else queued for the scheduled job
      for (const [rid, body, w] of rows.slice(0, 3)) expect(results.find((r) => r.rid === rid)!.body).toBe(keyTerms(body, tenantKey(w)));
      const queued = await env.DB.prepare(`select message_id from mig33_pending`).all<{ message_id: string }>();
      expect(queued.results.map((r) => r.message_id)).toEqual(["msg_m104"]);
      const find = async (q: string, w = ws.workspaceId) =>
        (
          await env.DB.prepare(`select message_id from mig33_fts where mig33_fts match ?1 and workspace_id = ?2 order by rowid`)
            .bind(toMatchQuery(q, w), w)
            .all<{ message_id: string }>()
        ).results.map((r) => r.message_id);
      expect(await find("refun")).toEqual(["msg_m101"]);
      expect(await find("คืน สินค้า")).toEqual(["msg_m102"]);
      expect(await find("order 10")).toEqual(["msg_m103"]);
      expect(await find("ขอบคุณ")).toEqual(["msg_m104"]);
      expect(await find("secret")).toEqual([]);
      expect(await find("refund", other)).toEqual(["msg_m105"]);
    } finally {
      await env.DB.batch(
        ["drop trigger if exists mig33_fts_ai", "drop trigger if exists mig33_fts_au", "drop trigger if exists mig33_fts_ad", "drop table if exists mig33_fts", "drop table if exists mig33_fts_keyed", "drop table if exists mig33_pending"].map(
          (q) => env.DB.prepare(q),
        ),
      );
    }
  });
});
