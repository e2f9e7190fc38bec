import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { flushAllSearchIndexes } from "../../worker/inbox/search";
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
    await upsert("first draft about parcels");
    await upsert("final wording about lockers"); // still queued for segmentation
    expect((await search("lockers")).json.data.map((h: { message_id: string }) => h.message_id)).toEqual(["msg_edit_1"]);
    await flushAllSearchIndexes(env);
    await upsert("really final wording about vouchers"); // after the scheduled job segmented it
    expect((await search("vouchers")).json.data.map((h: { message_id: string }) => h.message_id)).toEqual(["msg_edit_1"]);
    expect((await search("lockers")).json.data).toEqual([]);
  });

  it("writes nothing: a search leaves the segmentation queue as it was", async () => {
    await env.DB.prepare(`insert into messages (id, workspace_id, conversation_id, seq, role, text, created_at) values ('msg_queued_1', ?1, ?2, 9, 'agent', 'queued parcel note', ?3)`)
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

  it("keeps message text inert in highlights (no HTML comes through)", async () => {
    const v = await seedVisitor(ws.workspaceId);
    await seedConversation(ws.workspaceId, { visitor_id: v, messages: [{ role: "visitor", text: "<img src=x onerror=alert(1)> payload" }] });
    const res = await search("payload");
    expect(res.json.data[0].snippet_html).not.toContain("<img");
  });

  it("rejects an empty or missing query", async () => {
    expect((await search("   ")).status).toBe(400);
    expect((await search("!!!")).json.error.code).toBe("EMPTY_QUERY");
    expect((await api("/api/v1/conversations/search", { token: ws.agent.token })).status).toBe(400);
  });
});
