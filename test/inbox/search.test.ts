import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { SEARCH_CANDIDATES, flushAllSearchIndexes } from "../../worker/inbox/search";
import { api } from "../helpers";
import { seedConversation, seedVisitor, seedWorkspace } from "./seed";

let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let other: Awaited<ReturnType<typeof seedWorkspace>>;
let english = "";
let thai = "";

beforeAll(async () => {
  ws = await seedWorkspace();
  other = await seedWorkspace();
  const v = await seedVisitor(ws.workspaceId, { name: "Nok" });
  english = await seedConversation(ws.workspaceId, {
    visitor_id: v,
    messages: [
      { role: "visitor", text: "Hi, I need a refund for my broken headphones" },
      { role: "bot", text: "Sorry to hear that. Refunds take 5 days." },
    ],
  });
  thai = await seedConversation(ws.workspaceId, {
    visitor_id: v,
    status: "escalated",
    messages: [{ role: "visitor", text: "สวัสดีครับ ผมต้องการคืนสินค้าที่ซื้อเมื่อวาน" }],
  });
  const ov = await seedVisitor(other.workspaceId, { name: "Stranger" });
  await seedConversation(other.workspaceId, { visitor_id: ov, messages: [{ role: "visitor", text: "secret refund for headphones elsewhere" }] });
  // rows written outside the conversation mirror are segmented by the scheduled job
  await flushAllSearchIndexes(env);
});

const search = (q: string, token = ws.agent.token, extra = "") => api(`/api/v1/conversations/search?q=${encodeURIComponent(q)}${extra}`, { token });

describe("GET /api/v1/conversations/search", () => {
  it("finds English words in message text with highlighted snippets", async () => {
    const res = await search("broken headphones");
    expect(res.status, res.text).toBe(200);
    expect(res.json.data).toHaveLength(1);
    const hit = res.json.data[0];
    expect(hit).toMatchObject({ conversation_id: english, seq: 1, role: "visitor", conversation: { visitor_name: "Nok" } });
    expect(hit.snippet_html).toContain("<mark>broken</mark>");
    expect(hit.snippet_html).toContain("<mark>headphones</mark>");
    expect(hit.highlights.filter((p: { match: boolean }) => p.match).map((p: { text: string }) => p.text)).toEqual(["broken", "headphones"]);
  });

  it("matches word prefixes while typing and ranks across the workspace's conversations", async () => {
    const res = await search("refun");
    expect(res.json.data.map((h: { conversation_id: string }) => h.conversation_id)).toEqual([english, english]);
  });

  it("finds accented words typed without accents, and shows the message as it was written", async () => {
    const visitor = await seedVisitor(ws.workspaceId, { name: "Amélie" });
    const conversation = await seedConversation(ws.workspaceId, { visitor_id: visitor, messages: [{ role: "visitor", text: "Le Café Crème est fermé aujourd'hui?" }] });
    await flushAllSearchIndexes(env);
    const res = await search("cafe creme");
    expect(res.json.data.map((h: { conversation_id: string }) => h.conversation_id)).toEqual([conversation]);
    expect(res.json.data[0].snippet_html).toContain("Le <mark>Café</mark> <mark>Crème</mark> est fermé aujourd&#39;hui?");
  });

  it("finds Thai words inside text written without spaces", async () => {
    for (const word of ["สินค้า", "คืนสินค้า", "เมื่อวาน"]) {
      const res = await search(word);
      expect(res.status).toBe(200);
      expect(res.json.data.map((h: { conversation_id: string }) => h.conversation_id), word).toEqual([thai]);
      expect(res.json.data[0].snippet_html).toContain("<mark>");
    }
  });

  it("indexes messages mirrored after the first search", async () => {
    await env.DB.prepare(`insert into messages (id, workspace_id, conversation_id, seq, role, text, created_at) values ('msg_late_1', ?1, ?2, 2, 'agent', 'ส่งของให้ใหม่พรุ่งนี้ครับ', ?3)`)
      .bind(ws.workspaceId, thai, new Date().toISOString())
      .run();
    await flushAllSearchIndexes(env);
    const res = await search("พรุ่งนี้");
    expect(res.json.data.map((h: { message_id: string }) => h.message_id)).toEqual(["msg_late_1"]);
  });

  it("re-indexes a message whose text is rewritten by an upsert, before and after it was segmented", async () => {
    const upsert = (text: string) =>
      env.DB.prepare(
        `insert into messages (id, workspace_id, conversation_id, seq, role, text, created_at) values ('msg_edit_1', ?1, ?2, 3, 'agent', ?3, ?4)
         on conflict(id) do update set text = excluded.text`,
      )
        .bind(ws.workspaceId, thai, text, new Date().toISOString())
        .run();
    await upsert("first draft about parcels + boxes");
    await upsert("final wording about lockers + boxes"); // still queued for segmentation
    expect((await search("lockers")).json.data.map((h: { message_id: string }) => h.message_id)).toEqual(["msg_edit_1"]);
    await flushAllSearchIndexes(env);
    await upsert("really final wording about vouchers + boxes"); // after the scheduled job segmented it
    expect((await search("vouchers")).json.data.map((h: { message_id: string }) => h.message_id)).toEqual(["msg_edit_1"]);
    expect((await search("lockers")).json.data).toEqual([]);
  });

  it("writes nothing: a search leaves the segmentation queue as it was", async () => {
    await env.DB.prepare(`insert into messages (id, workspace_id, conversation_id, seq, role, text, created_at) values ('msg_queued_1', ?1, ?2, 9, 'agent', 'queued parcel note #7', ?3)`)
      .bind(ws.workspaceId, english, new Date().toISOString())
      .run();
    const queued = () => env.DB.prepare(`select count(*) as n from message_search_pending where workspace_id = ?1`).bind(ws.workspaceId).first<{ n: number }>();
    const before = (await queued())!.n;
    expect(before).toBeGreaterThan(0);
    const res = await search("parcel");
    expect(res.json.data.map((h: { message_id: string }) => h.message_id)).toContain("msg_queued_1");
    expect((await queued())!.n).toBe(before);
    await flushAllSearchIndexes(env);
    expect((await queued())!.n).toBe(0);
  });

  it("finds conversations by the customer's name or email", async () => {
    const res = await search("nok");
    expect(res.json.visitor_matches.map((m: { conversation_id: string }) => m.conversation_id).sort()).toEqual([english, thai].sort());
    expect((await search("stranger")).json.visitor_matches).toEqual([]);
  });

  it("narrows by status", async () => {
    const res = await search("สินค้า", ws.agent.token, "&status=active");
    expect(res.json.data).toEqual([]);
  });

  it("never returns another workspace's messages", async () => {
    const res = await search("secret");
    expect(res.json.data).toEqual([]);
    const theirs = await search("headphones", other.agent.token);
    expect(theirs.json.data).toHaveLength(1);
    expect(theirs.json.data[0].conversation_id).not.toBe(english);
  });

  it("never returns another workspace's messages, even one whose index key is the same", async () => {
    // the index key is the id's last characters: a workspace sharing them shares postings, never results
    const twin = `ws_twin${ws.workspaceId.slice(-8)}`;
    const t = new Date().toISOString();
    await env.DB.prepare(`insert into workspaces (id, name, slug, created_at, updated_at) values (?1, 'Twin', ?1, ?2, ?2)`).bind(twin, t).run();
    await seedConversation(twin, { visitor_id: await seedVisitor(twin), messages: [{ role: "visitor", text: "twin secret about headphones" }] });
    expect((await search("twin secret")).json.data).toEqual([]);
    expect((await search("headphones")).json.data.map((h: { conversation_id: string }) => h.conversation_id)).toEqual([english]);
  });

  it("keeps message text inert in highlights (no HTML comes through)", async () => {
    const v = await seedVisitor(ws.workspaceId);
    await seedConversation(ws.workspaceId, { visitor_id: v, messages: [{ role: "visitor", text: "<img src=x onerror=alert(1)> payload" }] });
    const res = await search("payload");
    expect(res.json.data[0].snippet_html).not.toContain("<img");
  });

  it("shows the part of a long message around the match, cut with an ellipsis", async () => {
    const v = await seedVisitor(ws.workspaceId);
    const before = Array.from({ length: 30 }, (_, i) => `alpha${i}`).join(" ");
    const after = Array.from({ length: 30 }, (_, i) => `omega${i}`).join(" ");
    await seedConversation(ws.workspaceId, { visitor_id: v, messages: [{ role: "visitor", text: `${before} the flamingo umbrella arrived broken, ${after}` }] });
    const res = await search("flamingo umbrella");
    expect(res.json.data).toHaveLength(1);
    const { snippet, snippet_html } = res.json.data[0];
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet).not.toContain("alpha0 ");
    expect(snippet_html).toContain("<mark>flamingo</mark> <mark>umbrella</mark> arrived broken,");
    expect(snippet.split(/\s+/).filter((w: string) => /\w/.test(w)).length).toBeLessThanOrEqual(16);
  });

  it("rejects an empty or missing query", async () => {
    expect((await search("   ")).status).toBe(400);
    expect((await search("!!!")).json.error.code).toBe("EMPTY_QUERY");
    expect((await api("/api/v1/conversations/search", { token: ws.agent.token })).status).toBe(400);
  });
});

describe("GET /api/v1/conversations/search on a busy workspace", () => {
  let busy: Awaited<ReturnType<typeof seedWorkspace>>;
  let neighbour: Awaited<ReturnType<typeof seedWorkspace>>;
  let conv = "";
  let resolved = "";

  /** `count` messages saying `text` in a conversation, each newer than the last. */
  const many = (workspaceId: string, conversationId: string, tag: string, count: number, text: string, firstSeq: number) =>
    env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?4)
       INSERT INTO messages (id, workspace_id, conversation_id, seq, role, text, created_at)
       SELECT 'msg_' || ?3 || '_' || i, ?1, ?2, ?5 + i, 'visitor', ?6, strftime('%Y-%m-%dT%H:%M:%fZ', 1767225600 + ?5 + i, 'unixepoch') FROM n`,
    )
      .bind(workspaceId, conversationId, tag, count, firstSeq, text)
      .run();

  beforeAll(async () => {
    busy = await seedWorkspace();
    neighbour = await seedWorkspace();
    const v = await seedVisitor(busy.workspaceId, { name: "Busy" });
    // the oldest match is the best one by bm25, but more than SEARCH_CANDIDATES newer matches follow it
    conv = await seedConversation(busy.workspaceId, { visitor_id: v, messages: [{ role: "visitor", text: "zebra zebra zebra", created_at: "2025-12-01T00:00:00.000Z" }] });
    await many(busy.workspaceId, conv, `${busy.workspaceId}_old`, SEARCH_CANDIDATES, "a zebra crossing near the old town hall and the market square", 10);
    // among the newest matches, one short, repeated one ranks first
    resolved = await seedConversation(busy.workspaceId, { visitor_id: v, status: "resolved", messages: [{ role: "visitor", text: "zebra zebra pattern", created_at: "2026-02-01T00:00:00.000Z" }] });
    await many(busy.workspaceId, conv, `${busy.workspaceId}_new`, 30, "zebra crossing by the station", 5_000);
    // a neighbour's newer matches take none of this workspace's candidates
    const nv = await seedVisitor(neighbour.workspaceId);
    const nconv = await seedConversation(neighbour.workspaceId, { visitor_id: nv });
    await many(neighbour.workspaceId, nconv, `${neighbour.workspaceId}_n`, SEARCH_CANDIDATES + 100, "zebra zebra zebra zebra", 10);
  });

  const ids = (res: { json: { data: { message_id: string }[] } }) => res.json.data.map((h) => h.message_id);

  it("ranks the newest matches by relevance and never reaches past them", async () => {
    const res = await search("zebra", busy.agent.token, "&limit=50");
    expect(res.status, res.text).toBe(200);
    const hits = res.json.data as { conversation_id: string; message_id: string; snippet_html: string }[];
    expect(hits).toHaveLength(50);
    // the short, repeated match among the newest comes first; then the shortest texts
    expect(hits[0]!.conversation_id).toBe(resolved);
    expect(hits.slice(1, 31).every((h) => h.message_id.includes("_new_"))).toBe(true);
    expect(hits[0]!.snippet_html).toContain("<mark>zebra</mark>");
    // the oldest message is older than the newest SEARCH_CANDIDATES matches: outside the ranked set
    const all: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page = await search("zebra", busy.agent.token, `&limit=50&offset=${offset}`);
      expect(page.status).toBe(200);
      all.push(...ids(page));
      offset = page.json.next_offset;
    }
    expect(all).toHaveLength(SEARCH_CANDIDATES);
    expect(new Set(all).size).toBe(SEARCH_CANDIDATES);
    expect(all.some((id) => !id.includes("_old_") && !id.includes("_new_") && hits[0]!.message_id !== id)).toBe(false);
    expect((await search("zebra", busy.agent.token, `&offset=${SEARCH_CANDIDATES}`)).json.data).toEqual([]);
  });

  it("fills the candidates from the filtered conversations only", async () => {
    const res = await search("zebra", busy.agent.token, "&status=active&limit=5");
    expect(res.json.data).toHaveLength(5);
    expect(res.json.data.every((h: { conversation_id: string }) => h.conversation_id === conv)).toBe(true);
    const onlyResolved = await search("zebra", busy.agent.token, "&status=resolved");
    expect(onlyResolved.json.data.map((h: { conversation_id: string }) => h.conversation_id)).toEqual([resolved]);
  });

  it("keeps each workspace to its own matches however many the neighbour has", async () => {
    const mine = await search("zebra", busy.agent.token, "&limit=50");
    expect(mine.json.data.every((h: { message_id: string }) => !h.message_id.includes(neighbour.workspaceId))).toBe(true);
    const theirs = await search("zebra", neighbour.agent.token, "&limit=50");
    expect(theirs.json.data).toHaveLength(50);
    expect(theirs.json.data.every((h: { message_id: string }) => h.message_id.includes(neighbour.workspaceId))).toBe(true);
  });
});
