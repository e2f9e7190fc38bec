import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers";
import { connect } from "../live/helpers";
import { seedConversation, seedVisitor, seedWorkspace } from "./seed";

let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let conv = "";

beforeAll(async () => {
  ws = await seedWorkspace({ agent: "Mike Agent", admin: "Sarah Johnson" });
  conv = await seedConversation(ws.workspaceId, { visitor_id: await seedVisitor(ws.workspaceId), messages: [{ role: "visitor", text: "hi" }] });
});

describe("internal notes", () => {

  it("adds a note with its author and notifies the members it mentions", async () => {
    const res = await api(`/api/v1/conversations/${conv}/notes`, {
      token: ws.agent.token,
      body: { content: `@Sarah Johnson can you check the refund? cc @${ws.owner.email}` },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.author).toMatchObject({ id: ws.agent.userId, name: "Mike Agent" });
    expect(res.json.mentions.map((m: { id: string }) => m.id).sort()).toEqual([ws.admin.userId, ws.owner.userId].sort());

    const inbox = await api("/api/v1/notifications", { token: ws.admin.token });
    expect(inbox.status).toBe(200);
    expect(inbox.json.unread_count).toBe(1);
    expect(inbox.json.data[0]).toMatchObject({ type: "mention", data: { conversation_id: conv, note_id: res.json.id, author_name: "Mike Agent" } });

    const read = await api(`/api/v1/notifications/${inbox.json.data[0].id}/read`, { method: "POST", token: ws.admin.token });
    expect(read.status).toBe(200);
    expect(read.json.read_at).toBeTruthy();
    expect((await api("/api/v1/notifications", { token: ws.admin.token })).json.unread_count).toBe(0);
    // the author is not notified, and nobody else can read someone's notification
    expect((await api("/api/v1/notifications", { token: ws.agent.token })).json.data).toEqual([]);
    expect((await api(`/api/v1/notifications/${inbox.json.data[0].id}/read`, { method: "POST", token: ws.owner.token })).status).toBe(404);
  });

  it("shows notes in the conversation, lets the author edit and delete, and refuses other agents", async () => {
    const created = await api(`/api/v1/conversations/${conv}/notes`, { token: ws.agent.token, body: { content: "first draft" } });
    const noteUrl = `/api/v1/conversations/${conv}/notes/${created.json.id}`;
    const edited = await api(noteUrl, { method: "PATCH", token: ws.agent.token, body: { content: "second draft" } });
    expect(edited.status).toBe(200);
    expect(edited.json.content).toBe("second draft");
    const detail = await api(`/api/v1/conversations/${conv}`, { token: ws.viewer.token });
    expect(detail.json.internal_notes.map((n: { content: string }) => n.content)).toContain("second draft");
    expect(detail.json.has_notes).toBe(true);

    // another agent-level member may not edit; an admin may delete
    const otherWs = await seedWorkspace();
    expect((await api(noteUrl, { method: "PATCH", token: otherWs.agent.token, body: { content: "x" } })).status).toBe(404);
    const viewerEdit = await api(noteUrl, { method: "PATCH", token: ws.viewer.token, body: { content: "x" } });
    expect(viewerEdit.status).toBe(403);
    expect((await api(noteUrl, { method: "DELETE", token: ws.admin.token })).status).toBe(204);
    expect((await api(noteUrl, { method: "DELETE", token: ws.admin.token })).status).toBe(404);
  });

  it("refuses an edit by an agent who did not write the note", async () => {
    const created = await api(`/api/v1/conversations/${conv}/notes`, { token: ws.admin.token, body: { content: "admin note" } });
    // the agent did not write it
    const res = await api(`/api/v1/conversations/${conv}/notes/${created.json.id}`, { method: "DELETE", token: ws.agent.token });
    expect(res.status).toBe(403);
  });

  it("rejects notes from viewers, empty notes and notes on other workspaces' conversations", async () => {
    expect((await api(`/api/v1/conversations/${conv}/notes`, { token: ws.viewer.token, body: { content: "hi" } })).status).toBe(403);
    expect((await api(`/api/v1/conversations/${conv}/notes`, { token: ws.agent.token, body: { content: "" } })).json.error.code).toBe("VALIDATION_ERROR");
    expect((await api(`/api/v1/conversations/${conv}/notes`, { token: ws.agent.token, body: { content: "   " } })).json.error.code).toBe("EMPTY_NOTE");
    const other = await seedWorkspace();
    expect((await api(`/api/v1/conversations/${conv}/notes`, { token: other.agent.token, body: { content: "hi" } })).status).toBe(404);
    expect((await api(`/api/v1/conversations/conv_missing/notes`, { token: ws.agent.token, body: { content: "hi" } })).status).toBe(404);
  });
});

describe("mention alerts", () => {
  it("alerts a mentioned agent live on their dashboard socket, and only them", async () => {
    const admin = await connect(`/api/v1/realtime/ws`, { token: ws.admin.token });
    const owner = await connect(`/api/v1/realtime/ws`, { token: ws.owner.token });
    await admin.frames!.next("hello");
    await owner.frames!.next("hello");
    const res = await api(`/api/v1/conversations/${conv}/notes`, { token: ws.agent.token, body: { content: "@Sarah Johnson please look at this" } });
    expect(res.status, res.text).toBe(201);
    expect(await admin.frames!.next("notification:new")).toMatchObject({ kind: "mention", conversation_id: conv, author_name: "Mike Agent", excerpt: "@Sarah Johnson please look at this" });
    // the owner was not mentioned: a ping round-trip proves nothing else was queued for them
    owner.frames!.ws.send(JSON.stringify({ type: "ping" }));
    await owner.frames!.next("pong");
    expect(owner.frames!.frames.some((f) => f.type === "notification:new")).toBe(false);
    admin.frames!.close();
    owner.frames!.close();
  });
});
