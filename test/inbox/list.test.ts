import { describe, expect, it, beforeAll } from "vitest";
import { api } from "../helpers";
import { seedConversation, seedVisitor, seedWorkspace } from "./seed";

let ws: Awaited<ReturnType<typeof seedWorkspace>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ws = await seedWorkspace();
  const ann = await seedVisitor(ws.workspaceId, { name: "Ann Buyer", email: "ann@example.com" });
  const bob = await seedVisitor(ws.workspaceId, { name: "Bob" });
  ids.a = await seedConversation(ws.workspaceId, {
    visitor_id: ann, status: "active", tags: ["billing"], created_at: "2026-01-01T10:00:00.000Z",
    messages: [{ role: "visitor", text: "hello", created_at: "2026-01-01T10:00:00.000Z" }], unread: 2,
  });
  ids.b = await seedConversation(ws.workspaceId, {
    visitor_id: ann, status: "escalated", chatbot_id: "cb_other", tags: ["urgent", "billing"], rating: 2, created_at: "2026-01-05T10:00:00.000Z",
    messages: [{ role: "visitor", text: "I want a human", created_at: "2026-01-05T10:00:00.000Z" }],
  });
  ids.c = await seedConversation(ws.workspaceId, {
    visitor_id: bob, status: "agent_handling", mode: "human", assigned_agent_id: ws.agent.userId, rating: 5, created_at: "2026-02-01T10:00:00.000Z",
    messages: [{ role: "agent", text: "On it", created_at: "2026-02-01T10:05:00.000Z" }],
  });
  ids.d = await seedConversation(ws.workspaceId, { visitor_id: bob, status: "resolved", created_at: "2026-03-01T10:00:00.000Z", rating: 4 });
});

const listIds = async (query: string, token = ws.agent.token) => {
  const res = await api(`/api/v1/conversations${query}`, { token });
  expect(res.status, res.text).toBe(200);
  return (res.json.data as { id: string }[]).map((c) => c.id).sort();
};
const sorted = (...keys: string[]) => keys.map((k) => ids[k]!).sort();

describe("GET /api/v1/conversations", () => {
  it("lists the workspace's conversations newest activity first, with visitor, preview, unread count and assignee", async () => {
    const res = await api("/api/v1/conversations", { token: ws.viewer.token });
    expect(res.status).toBe(200);
    expect(res.json.data.map((c: { id: string }) => c.id)).toEqual([ids.d, ids.c, ids.b, ids.a]);
    const a = res.json.data.find((c: { id: string }) => c.id === ids.a);
    expect(a).toMatchObject({ visitor: { name: "Ann Buyer", email: "ann@example.com" }, last_message_preview: "hello", unread_count: 2, status: "active", mode: "bot" });
    const c = res.json.data.find((x: { id: string }) => x.id === ids.c);
    expect(c.assigned_agent).toMatchObject({ id: ws.agent.userId, name: ws.agent.name });
  });

  it("narrows by status, including several statuses at once", async () => {
    expect(await listIds("?status=escalated")).toEqual(sorted("b"));
    expect(await listIds("?status=active,resolved")).toEqual(sorted("a", "d"));
    expect(await listIds("?status=active&status=agent_handling")).toEqual(sorted("a", "c"));
  });

  it("narrows by chatbot, assignee (me, unassigned, an id), tags, rating, visitor and dates", async () => {
    expect(await listIds("?chatbot_id=cb_other")).toEqual(sorted("b"));
    expect(await listIds("?assigned_agent_id=me")).toEqual(sorted("c"));
    expect(await listIds(`?assigned_agent_id=${ws.agent.userId}`, ws.owner.token)).toEqual(sorted("c"));
    expect(await listIds("?assigned_agent_id=unassigned")).toEqual(sorted("a", "b", "d"));
    expect(await listIds("?tags=urgent")).toEqual(sorted("b"));
    expect(await listIds("?tags=billing,nothing")).toEqual(sorted("a", "b"));
    expect(await listIds("?rating_min=4")).toEqual(sorted("c", "d"));
    expect(await listIds("?rating_max=2")).toEqual(sorted("b"));
    expect(await listIds("?from=2026-01-02&to=2026-02-15")).toEqual(sorted("b", "c"));
    expect(await listIds("?date_field=last_message_at&from=2026-02-01T10:01:00Z")).toEqual(sorted("c"));
  });

  it("narrows by has_notes once a note is written", async () => {
    const note = await api(`/api/v1/conversations/${ids.a}/notes`, { token: ws.agent.token, body: { content: "VIP customer" } });
    expect(note.status).toBe(201);
    expect(await listIds("?has_notes=true")).toEqual(sorted("a"));
    expect(await listIds("?has_notes=false")).toEqual(sorted("b", "c", "d"));
  });

  it("pages with a cursor without repeating or skipping conversations", async () => {
    const first = await api("/api/v1/conversations?limit=3&sort=created_at&order=asc", { token: ws.agent.token });
    expect(first.json.data.map((c: { id: string }) => c.id)).toEqual([ids.a, ids.b, ids.c]);
    expect(first.json.has_more).toBe(true);
    const second = await api(`/api/v1/conversations?limit=3&sort=created_at&order=asc&cursor=${first.json.next_cursor}`, { token: ws.agent.token });
    expect(second.json.data.map((c: { id: string }) => c.id)).toEqual([ids.d]);
    expect(second.json.next_cursor).toBeNull();
  });

  it("applies a saved filter with filter_id", async () => {
    const f = await api("/api/v1/conversation-filters", { token: ws.agent.token, body: { name: "Billing", filters: { tags: ["billing"], status: ["escalated"] } } });
    expect(f.status).toBe(201);
    expect(await listIds(`?filter_id=${f.json.id}`)).toEqual(sorted("b"));
    // a private filter is invisible to a teammate
    const other = await api(`/api/v1/conversations?filter_id=${f.json.id}`, { token: ws.owner.token });
    expect(other.status).toBe(404);
    const listed = await api("/api/v1/conversation-filters", { token: ws.agent.token });
    expect(listed.json.data.map((x: { name: string }) => x.name)).toContain("Billing");
  });

  it("rejects unknown statuses, bad dates and bad cursors with 400", async () => {
    expect((await api("/api/v1/conversations?status=sleeping", { token: ws.agent.token })).json.error.code).toBe("VALIDATION_ERROR");
    expect((await api("/api/v1/conversations?from=yesterday", { token: ws.agent.token })).status).toBe(400);
    expect((await api("/api/v1/conversations?cursor=nope", { token: ws.agent.token })).json.error.code).toBe("INVALID_CURSOR");
    expect((await api("/api/v1/conversations?limit=1000", { token: ws.agent.token })).status).toBe(400);
  });

  it("rejects callers without a token", async () => {
    expect((await api("/api/v1/conversations")).status).toBe(401);
  });

  it("never shows another workspace's conversations, and their ids answer 404", async () => {
    const other = await seedWorkspace();
    expect(await listIds("", other.owner.token)).toEqual([]);
    expect((await api(`/api/v1/conversations/${ids.a}`, { token: other.owner.token })).status).toBe(404);
    expect((await api(`/api/v1/conversations/${ids.a}/export`, { token: other.owner.token })).status).toBe(404);
    expect((await api(`/api/v1/conversations/${ids.a}/tags`, { method: "PUT", token: other.owner.token, body: { tags: ["x"] } })).status).toBe(404);
    expect((await api(`/api/v1/conversations/${ids.a}/notes`, { token: other.owner.token })).status).toBe(404);
  });
});

describe("GET /api/v1/conversations/:id", () => {
  it("returns the thread, notes, events and the customer panel with previous conversations", async () => {
    const res = await api(`/api/v1/conversations/${ids.b}`, { token: ws.viewer.token });
    expect(res.status).toBe(200);
    expect(res.json.messages).toHaveLength(1);
    expect(res.json.messages[0]).toMatchObject({ seq: 1, role: "visitor", text: "I want a human" });
    expect(res.json.visitor).toMatchObject({ name: "Ann Buyer", email: "ann@example.com" });
    expect(res.json.visitor.previous_conversations.map((c: { id: string }) => c.id)).toEqual([ids.a]);
    expect(Array.isArray(res.json.internal_notes)).toBe(true);
    expect(Array.isArray(res.json.events)).toBe(true);
  });
});

describe("tags", () => {
  it("normalises tags, counts them across the workspace and refuses too many or too long", async () => {
    const res = await api(`/api/v1/conversations/${ids.d}/tags`, { method: "PUT", token: ws.agent.token, body: { tags: [" Refund Request ", "refund-request", "VIP"] } });
    expect(res.status).toBe(200);
    expect(res.json.tags).toEqual(["refund-request", "vip"]);
    const counts = await api("/api/v1/tags", { token: ws.viewer.token });
    expect(counts.json.data).toEqual(expect.arrayContaining([{ tag: "billing", count: 2 }, { tag: "vip", count: 1 }]));
    const many = await api(`/api/v1/conversations/${ids.d}/tags`, { method: "PUT", token: ws.agent.token, body: { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) } });
    expect(many.json.error.code).toBe("TOO_MANY_TAGS");
    const long = await api(`/api/v1/conversations/${ids.d}/tags`, { method: "PUT", token: ws.agent.token, body: { tags: ["x".repeat(33)] } });
    expect(long.json.error.code).toBe("TAG_TOO_LONG");
    const viewer = await api(`/api/v1/conversations/${ids.d}/tags`, { method: "PUT", token: ws.viewer.token, body: { tags: ["a"] } });
    expect(viewer.status).toBe(403);
  });
});
