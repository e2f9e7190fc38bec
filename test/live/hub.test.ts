import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { workspaceHub } from "../../durable-objects/stubs";
import { api } from "../helpers";
import { cid, connect, setupWorkspace, visitorChat } from "./helpers";

describe("workspace hub", () => {
  it("streams new conversations, messages, status changes and assignments to the dashboards", async () => {
    const { bot, owner, agent } = await setupWorkspace();
    const hub = await connect(`/api/v1/realtime/ws`, { token: owner.token });
    expect(hub.status).toBe(101);
    expect(hub.res.headers.get("sec-websocket-protocol")).toBe("minichat.v1");
    expect((await hub.frames!.next("hello")).agents).toEqual([{ user_id: owner.userId, name: "Olivia Owner", status: "online" }]);
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    expect((await hub.frames!.next("inbox:conversation_created")).conversation).toMatchObject({ id: conversationId, status: "active" });
    visitor.send({ type: "message:send", client_id: cid(), text: "hello there" });
    expect(await hub.frames!.next("inbox:message")).toMatchObject({ conversation_id: conversationId, message: { role: "visitor", text: "hello there" } });
    await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} });
    expect(await hub.frames!.seen((f) => f.type === "inbox:status_changed" && f.to === "agent_handling")).toMatchObject({ conversation_id: conversationId });
    expect(await hub.frames!.seen((f) => f.type === "inbox:assigned" && f.agent)).toMatchObject({ conversation_id: conversationId, agent: { id: agent.userId, name: "A agent" } });
    hub.frames!.close();
    visitor.close();
  });

  it("sends the dashboards one coalesced frame for a burst of messages, with the newest text and the unread count", async () => {
    const { bot, owner } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    const hub = await connect(`/api/v1/realtime/ws`, { token: owner.token });
    await hub.frames!.next("hello");
    for (const text of ["one", "two", "three", "four"]) {
      visitor.send({ type: "message:send", client_id: cid(), text });
      await visitor.next("message:ack");
    }
    const frames = (await hub.frames!.quiet(800)).filter((f) => f.type === "inbox:message" && f.conversation_id === conversationId);
    expect(frames.length).toBeGreaterThanOrEqual(1);
    expect(frames.length).toBeLessThan(4);
    expect(frames[frames.length - 1]).toMatchObject({ message: { text: "four", seq: 4 }, unread_count: 4 });
    hub.frames!.close();
    visitor.close();
  });

  it("shows presence changes and drops an agent to offline when their last socket closes", async () => {
    const { owner, agent } = await setupWorkspace();
    const watcher = await connect(`/api/v1/realtime/ws`, { token: owner.token });
    await watcher.frames!.next("hello");
    const a1 = await connect(`/api/v1/realtime/ws`, { token: agent.token });
    expect(await watcher.frames!.next((f) => f.type === "presence:changed" && f.user_id === agent.userId)).toMatchObject({ user_id: agent.userId, status: "online" });
    const a2 = await connect(`/api/v1/realtime/ws`, { token: agent.token });
    a1.frames!.send({ type: "presence:set", status: "away" });
    expect(await watcher.frames!.next((f) => f.type === "presence:changed" && f.user_id === agent.userId)).toMatchObject({ user_id: agent.userId, status: "away" });
    a1.frames!.close();
    // a second tab is still open: no offline yet
    expect((await watcher.frames!.quiet(300)).filter((f) => f.type === "presence:changed" && f.user_id === agent.userId)).toEqual([]);
    a2.frames!.close();
    expect(await watcher.frames!.next((f) => f.type === "presence:changed" && f.user_id === agent.userId)).toMatchObject({ user_id: agent.userId, status: "offline" });
    watcher.frames!.close();
  });

  it("relays frames other domains broadcast, such as knowledge progress", async () => {
    const { owner } = await setupWorkspace();
    const hub = await connect(`/api/v1/realtime/ws`, { token: owner.token });
    await hub.frames!.next("hello");
    await workspaceHub(env, owner.workspaceId).broadcast({ type: "knowledge:status", source_type: "document", source_id: "doc_1", chatbot_id: "bot_1", status: "processing", progress: 40 });
    expect(await hub.frames!.next("knowledge:status")).toMatchObject({ source_id: "doc_1", progress: 40 });
    hub.frames!.close();
  });

  it("accepts a single-use ticket and refuses a missing or reused one", async () => {
    const { owner } = await setupWorkspace();
    expect((await connect(`/api/v1/realtime/ws`)).status).toBe(401);
    const t = await api(`/api/v1/realtime/ws-ticket`, { token: owner.token, body: {} });
    expect(t.status).toBe(201);
    const ok = await connect(`/api/v1/realtime/ws?ticket=${t.json.ticket}&workspace_id=${t.json.workspace_id}`);
    expect(ok.status).toBe(101);
    expect((await connect(`/api/v1/realtime/ws?ticket=${t.json.ticket}&workspace_id=${t.json.workspace_id}`)).status).toBe(401);
    ok.frames!.close();
  });
});
