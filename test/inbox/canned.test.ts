import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers";
import { seedConversation, seedVisitor, seedWorkspace } from "./seed";

let ws: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  ws = await seedWorkspace({ agent: "Mike Agent" });
});

describe("canned responses", () => {
  it("creates, lists, updates and deletes a canned response", async () => {
    const created = await api("/api/v1/canned-responses", { token: ws.agent.token, body: { title: "Greeting", shortcut: "/Hello There", text: "Hi {{visitor.name}}!" } });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ title: "Greeting", shortcut: "/hello-there", text: "Hi {{visitor.name}}!" });
    const list = await api("/api/v1/canned-responses", { token: ws.viewer.token });
    expect(list.json.data.map((c: { shortcut: string }) => c.shortcut)).toContain("/hello-there");
    const updated = await api(`/api/v1/canned-responses/${created.json.id}`, { method: "PATCH", token: ws.agent.token, body: { text: "Hello again" } });
    expect(updated.json.text).toBe("Hello again");
    expect((await api(`/api/v1/canned-responses/${created.json.id}`, { method: "DELETE", token: ws.agent.token })).status).toBe(204);
    expect((await api(`/api/v1/canned-responses/${created.json.id}`, { token: ws.agent.token })).status).toBe(404);
  });

  it("refuses a duplicate shortcut in the same workspace with 409", async () => {
    await api("/api/v1/canned-responses", { token: ws.agent.token, body: { title: "Refund", shortcut: "/refund", text: "Refunds take 5 days." } });
    const dup = await api("/api/v1/canned-responses", { token: ws.admin.token, body: { title: "Refund 2", shortcut: "refund", text: "x" } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("SHORTCUT_TAKEN");
    // another workspace may use the same shortcut
    const other = await seedWorkspace();
    expect((await api("/api/v1/canned-responses", { token: other.agent.token, body: { title: "R", shortcut: "/refund", text: "x" } })).status).toBe(201);
  });

  it("expands /shortcuts and fills visitor and agent placeholders", async () => {
    await api("/api/v1/canned-responses", { token: ws.agent.token, body: { title: "Hi", shortcut: "/hi", text: "Hi {{visitor.name}}, I'm {{agent.name}}." } });
    const conv = await seedConversation(ws.workspaceId, { visitor_id: await seedVisitor(ws.workspaceId, { name: "Ann" }) });
    const res = await api("/api/v1/canned-responses/expand", { token: ws.agent.token, body: { text: "/hi /refund /unknown", conversation_id: conv } });
    expect(res.status).toBe(200);
    expect(res.json.text).toBe("Hi Ann, I'm Mike Agent. Refunds take 5 days. /unknown");
    expect(res.json.used).toEqual(["/hi", "/refund"]);
    const anonymous = await api("/api/v1/canned-responses/expand", { token: ws.agent.token, body: { text: "/hi" } });
    expect(anonymous.json.text).toBe("Hi there, I'm Mike Agent.");
  });

  it("rejects viewers, bad input and other workspaces' ids", async () => {
    expect((await api("/api/v1/canned-responses", { token: ws.viewer.token, body: { title: "x", shortcut: "/x", text: "x" } })).status).toBe(403);
    expect((await api("/api/v1/canned-responses", { token: ws.agent.token, body: { title: "x", shortcut: "/!!", text: "x" } })).json.error.code).toBe("INVALID_SHORTCUT");
    expect((await api("/api/v1/canned-responses", { token: ws.agent.token, body: { title: "", shortcut: "/x", text: "x" } })).json.error.code).toBe("VALIDATION_ERROR");
    const mine = await api("/api/v1/canned-responses", { token: ws.agent.token, body: { title: "Mine", shortcut: "/mine", text: "x" } });
    const other = await seedWorkspace();
    expect((await api(`/api/v1/canned-responses/${mine.json.id}`, { token: other.owner.token })).status).toBe(404);
    expect((await api(`/api/v1/canned-responses/${mine.json.id}`, { method: "PATCH", token: other.owner.token, body: { text: "y" } })).status).toBe(404);
    expect((await api(`/api/v1/canned-responses/${mine.json.id}`, { method: "DELETE", token: other.owner.token })).status).toBe(404);
    const conv = await seedConversation(ws.workspaceId, { visitor_id: await seedVisitor(ws.workspaceId) });
    expect((await api("/api/v1/canned-responses/expand", { token: other.agent.token, body: { text: "hi", conversation_id: conv } })).status).toBe(404);
  });
});

describe("saved filters", () => {
  it("shares a filter with the workspace and lets only its owner change it", async () => {
    const f = await api("/api/v1/conversation-filters", { token: ws.agent.token, body: { name: "Urgent", filters: { tags: ["urgent"] }, shared: true } });
    expect(f.status).toBe(201);
    expect((await api("/api/v1/conversation-filters", { token: ws.viewer.token })).json.data.map((x: { id: string }) => x.id)).toContain(f.json.id);
    expect((await api(`/api/v1/conversation-filters/${f.json.id}`, { method: "PATCH", token: ws.viewer.token, body: { name: "Mine" } })).status).toBe(403);
    expect((await api(`/api/v1/conversation-filters/${f.json.id}`, { method: "PATCH", token: ws.agent.token, body: { name: "Very urgent" } })).json.name).toBe("Very urgent");
    expect((await api("/api/v1/conversation-filters", { token: ws.agent.token, body: { name: "Bad", filters: { status: ["nope"] } } })).status).toBe(400);
    const other = await seedWorkspace();
    expect((await api(`/api/v1/conversation-filters/${f.json.id}`, { token: other.owner.token })).status).toBe(404);
    expect((await api(`/api/v1/conversation-filters/${f.json.id}`, { method: "DELETE", token: ws.agent.token })).status).toBe(204);
  });
});

describe("API reference", () => {
  it("documents the canned-response and note endpoints in the OpenAPI document", async () => {
    const res = await api("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.paths)).toEqual(expect.arrayContaining(["/api/v1/canned-responses", "/api/v1/canned-responses/{id}", "/api/v1/canned-responses/expand", "/api/v1/conversations/{id}/notes", "/api/v1/conversations/{id}/notes/{note_id}"]));
  });
});
