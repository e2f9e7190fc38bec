import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { addApiKey } from "../chatbots/fixtures";
import { api, uniqueEmail } from "../helpers";
import { seedConversation, seedVisitor, seedWorkspace } from "../inbox/seed";

type Ws = Awaited<ReturnType<typeof seedWorkspace>>;
let ws: Ws;

beforeAll(async () => {
  ws = await seedWorkspace();
});

describe("an API key is never more than the member who created it", () => {
  it("cannot edit or delete another member's note or shared filter, even when an admin made it", async () => {
    const vis = await seedVisitor(ws.workspaceId);
    const conv = await seedConversation(ws.workspaceId, { visitor_id: vis, messages: [{ role: "visitor", text: "hello" }] });
    const note = await api(`/api/v1/conversations/${conv}/notes`, { token: ws.agent.token, body: { content: "Customer is a VIP" } });
    expect(note.status, note.text).toBe(201);
    const filter = await api("/api/v1/conversation-filters", { token: ws.agent.token, body: { name: "Agent's view", filters: { tags: ["vip"] }, shared: true } });
    expect(filter.status, filter.text).toBe(201);

    const key = await addApiKey(ws.workspaceId, ["conversations:read", "conversations:respond"], ws.admin.userId);
    const edit = await api(`/api/v1/conversations/${conv}/notes/${note.json.id}`, { method: "PATCH", token: key, body: { content: "rewritten by a script" } });
    expect(edit.status).toBe(403);
    expect((await api(`/api/v1/conversations/${conv}/notes/${note.json.id}`, { method: "DELETE", token: key })).status).toBe(403);
    const fp = await api(`/api/v1/conversation-filters/${filter.json.id}`, { method: "PATCH", token: key, body: { name: "Hijacked" } });
    expect(fp.status, fp.text).toBeGreaterThanOrEqual(400);
    expect((await api(`/api/v1/conversation-filters/${filter.json.id}`, { method: "DELETE", token: key })).status).toBeGreaterThanOrEqual(400);
    expect((await api(`/api/v1/conversation-filters/${filter.json.id}`, { token: ws.agent.token })).json.name).toBe("Agent's view");

    const notes = await api(`/api/v1/conversations/${conv}/notes`, { token: ws.agent.token });
    expect(notes.json.data[0].content).toBe("Customer is a VIP");
    // the admin in person still may
    expect((await api(`/api/v1/conversations/${conv}/notes/${note.json.id}`, { method: "PATCH", token: ws.admin.token, body: { content: "VIP (checked)" } })).status).toBe(200);
  });

  it("narrows to the creator's new role when the creator is demoted", async () => {
    const team = await seedWorkspace();
    const key = await addApiKey(team.workspaceId, ["team:read", "team:manage", "chatbots:manage"], team.admin.userId);
    const before = await api("/api/v1/invitations", { token: key, body: { email: uniqueEmail("inv"), role: "agent" } });
    expect(before.status, before.text).toBe(201);

    expect((await api(`/api/v1/members/${team.admin.userId}`, { method: "PATCH", token: team.owner.token, body: { role: "agent" } })).status).toBe(200);
    const after = await api("/api/v1/invitations", { token: key, body: { email: uniqueEmail("inv"), role: "agent" } });
    expect(after.status).toBe(403);
    expect((await api("/api/v1/chatbots", { token: key, body: { name: "Scripted" } })).status).toBe(403);
    // what the agent role still allows keeps working
    expect((await api("/api/v1/members", { token: key })).status).toBe(200);
  });

  it("is suspended while its creator is deactivated, and stops for good when the creator is removed", async () => {
    const team = await seedWorkspace();
    const key = await addApiKey(team.workspaceId, ["team:read"], team.admin.userId);
    expect((await api("/api/v1/members", { token: key })).status).toBe(200);

    expect((await api(`/api/v1/members/${team.admin.userId}/deactivate`, { method: "POST", token: team.owner.token })).status).toBe(200);
    const suspended = await api("/api/v1/members", { token: key });
    expect(suspended.status).toBe(401);
    expect(suspended.json.error.code).toBe("API_KEY_SUSPENDED");
    const listed = await api("/api/v1/api-keys", { token: team.owner.token });
    expect(listed.json.data.map((k: { suspended: boolean }) => k.suspended)).toEqual([true]);

    expect((await api(`/api/v1/members/${team.admin.userId}/reactivate`, { method: "POST", token: team.owner.token })).status).toBe(200);
    expect((await api("/api/v1/members", { token: key })).status).toBe(200);

    expect((await api(`/api/v1/members/${team.admin.userId}`, { method: "DELETE", token: team.owner.token })).status).toBe(204);
    const removed = await api("/api/v1/members", { token: key });
    expect(removed.status).toBe(401);
    expect(removed.json.error.code).toBe("API_KEY_SUSPENDED");
  });

  it("made by another key belongs to the same member", async () => {
    const team = await seedWorkspace();
    const parent = await addApiKey(team.workspaceId, ["api:manage", "team:read"], team.admin.userId);
    const child = await api("/api/v1/api-keys", { token: parent, body: { name: "child", scopes: ["team:read"] } });
    expect(child.status, child.text).toBe(201);
    expect(child.json.created_by).toBe(team.admin.userId);
    const row = await env.DB.prepare(`select created_by from api_keys where id = ?1`).bind(child.json.id).first<string>("created_by");
    expect(row).toBe(team.admin.userId);
  });
});
