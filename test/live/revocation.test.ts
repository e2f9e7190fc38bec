import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, inviteAndAccept, registerOwner } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { ORIGIN, cid, connect, setupWorkspace, visitorChat } from "./helpers";

/** A member's hub socket and their socket on one live conversation. */
async function openSockets(token: string, conversationId: string) {
  const hub = await connect(`/api/v1/realtime/ws`, { token });
  expect(hub.status).toBe(101);
  await hub.frames!.next("hello");
  const conv = await connect(`/api/v1/conversations/${conversationId}/ws`, { token });
  expect(conv.status).toBe(101);
  await conv.frames!.next("hello");
  return { hub: hub.frames!, conv: conv.frames! };
}

describe("live sockets follow the permission that opened them", () => {
  it("closes a deactivated agent's hub and conversation sockets at once, so they stop receiving the inbox and cannot take over", async () => {
    const { owner, bot, agent } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    const s = await openSockets(agent.token, chat.conversationId);
    expect((await api(`/api/v1/members/${agent.userId}/deactivate`, { token: owner.token, body: {} })).status).toBe(200);
    expect(await s.hub.waitClosed()).toMatchObject({ code: 4001 });
    expect(await s.conv.waitClosed()).toMatchObject({ code: 4001 });
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "anyone there?" });
    await chat.visitor.next("message:ack");
    // nothing of the live inbox reaches the closed socket, and the conversation stays unheld
    expect(s.hub.frames.filter((f) => f.type === "inbox:message")).toEqual([]);
    const detail = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(detail.json.mode).toBe("bot");
    chat.visitor.close();
  });

  it("closes a member's sockets when they are demoted to viewer, and the viewer's new socket can watch but not reply or take over", async () => {
    const owner = await registerOwner();
    const bot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
    const agent = await inviteAndAccept(owner.token, "agent");
    const chat = await visitorChat(bot.public_key);
    const s = await openSockets(agent.token, chat.conversationId);
    expect((await api(`/api/v1/members/${agent.userId}`, { method: "PATCH", token: owner.token, body: { role: "viewer" } })).status).toBe(200);
    expect(await s.hub.waitClosed()).toMatchObject({ code: 4001 });
    expect(await s.conv.waitClosed()).toMatchObject({ code: 4001 });
    const again = await connect(`/api/v1/conversations/${chat.conversationId}/ws`, { token: agent.token });
    await again.frames!.next("hello");
    const clientId = cid();
    again.frames!.send({ type: "message:send", client_id: clientId, text: "I took this over" });
    expect(await again.frames!.next("error")).toMatchObject({ code: "FORBIDDEN", client_id: clientId });
    const detail = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(detail.json.mode).toBe("bot");
    again.frames!.close();
    chat.visitor.close();
  });

  it("refuses an acting frame from a socket whose session ended without it being told, and closes it", async () => {
    const { owner, bot, agent } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    const s = await openSockets(agent.token, chat.conversationId);
    // the session family ends behind the sockets' back (no close reaches them)
    await env.DB.prepare(`update sessions set revoked_at = ?1 where user_id = ?2`).bind(new Date().toISOString(), agent.userId).run();
    const clientId = cid();
    s.conv.send({ type: "message:send", client_id: clientId, text: "taking over" });
    expect(await s.conv.next("error")).toMatchObject({ code: "SESSION_ENDED" });
    expect(await s.conv.waitClosed()).toMatchObject({ code: 4001 });
    s.hub.send({ type: "presence:set", status: "away" });
    expect(await s.hub.waitClosed()).toMatchObject({ code: 4001 });
    const detail = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(detail.json.mode).toBe("bot");
    expect(detail.json.messages.some((m: any) => m.text === "taking over")).toBe(false);
    chat.visitor.close();
  });

  it("closes only the sockets of the session that logs out", async () => {
    const owner = await registerOwner();
    const bot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
    const agent = await inviteAndAccept(owner.token, "agent");
    const second = await api("/api/v1/auth/login", { body: { email: agent.email, password: agent.password } });
    expect(second.status).toBe(200);
    const chat = await visitorChat(bot.public_key);
    const tab1 = await openSockets(agent.token, chat.conversationId);
    const tab2 = await openSockets(second.json.access_token, chat.conversationId);
    expect((await api("/api/v1/auth/logout", { token: agent.token, body: { refresh_token: agent.refreshToken } })).status).toBe(200);
    expect(await tab1.hub.waitClosed()).toMatchObject({ code: 4001 });
    expect(await tab1.conv.waitClosed()).toMatchObject({ code: 4001 });
    expect(tab2.hub.closed).toBeNull();
    expect(tab2.conv.closed).toBeNull();
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "still there?" });
    expect(await tab2.hub.next("inbox:message")).toMatchObject({ conversation_id: chat.conversationId });
    tab2.hub.close();
    tab2.conv.close();
    chat.visitor.close();
  });

  it("refuses a hub ticket used after the member was removed", async () => {
    const { owner, agent } = await setupWorkspace();
    const t = await api(`/api/v1/realtime/ws-ticket`, { token: agent.token, body: {} });
    expect(t.status).toBe(201);
    expect((await api(`/api/v1/members/${agent.userId}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    const res = await connect(`/api/v1/realtime/ws?ticket=${t.json.ticket}&workspace_id=${t.json.workspace_id}`);
    expect(res.status).toBe(401);
  });
});
