import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, connect, eventually, setupWorkspace, visitorChat } from "./helpers";

describe("agent takeover", () => {
  it("tells the visitor who joined, and the bot stays silent while the agent holds the conversation", async () => {
    const { bot, agent } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    const res = await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "agent_handling", mode: "human", assigned_agent_id: agent.userId });
    const joined = await visitor.next("agent:joined");
    expect(joined.agent).toEqual({ id: agent.userId, name: "A agent" });
    visitor.send({ type: "message:send", client_id: cid(), text: "Is anyone there?" });
    await visitor.next("message:ack");
    const after = await visitor.quiet(400);
    expect(after.filter((f) => f.type === "message:delta" || (f.type === "message:receive" && f.message.role === "bot"))).toEqual([]);
    const reply = await api(`/api/v1/conversations/${conversationId}/messages`, { token: agent.token, body: { text: "Hi, I'm here", client_id: cid() } });
    expect(reply.status).toBe(201);
    const got = await visitor.next((f) => f.type === "message:receive" && f.message.role === "agent");
    expect(got.message).toMatchObject({ text: "Hi, I'm here", author: { id: agent.userId, name: "A agent" } });
    visitor.close();
  });

  it("refuses a second agent's takeover with 409 until the conversation is transferred to them", async () => {
    const { bot, agent, owner } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    expect((await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} })).status).toBe(200);
    const second = await api(`/api/v1/conversations/${conversationId}/takeover`, { token: owner.token, body: {} });
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe("CONVERSATION_LOCKED");
    const blocked = await api(`/api/v1/conversations/${conversationId}/messages`, { token: owner.token, body: { text: "me too", client_id: cid() } });
    expect(blocked.status).toBe(409);
    const transfer = await api(`/api/v1/conversations/${conversationId}/transfer`, { token: agent.token, body: { agent_id: owner.userId } });
    expect(transfer.status).toBe(200);
    expect(transfer.json.assigned_agent_id).toBe(owner.userId);
    expect((await visitor.next((f) => f.type === "agent:joined" && f.agent.id === owner.userId)).agent.name).toBe("Olivia Owner");
    const now = await api(`/api/v1/conversations/${conversationId}/messages`, { token: owner.token, body: { text: "Taking it from here", client_id: cid() } });
    expect(now.status).toBe(201);
    const taken = await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} });
    expect(taken.status).toBe(409);
    visitor.close();
  });

  it("rejects a transfer to someone who is not an active agent of the workspace", async () => {
    const { bot, agent, viewer } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    const res = await api(`/api/v1/conversations/${conversationId}/transfer`, { token: agent.token, body: { agent_id: viewer.userId } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("INVALID_AGENT");
    visitor.close();
  });

  it("lets a viewer watch but not take over or reply", async () => {
    const { bot, viewer } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    expect((await api(`/api/v1/conversations/${conversationId}/takeover`, { token: viewer.token, body: {} })).status).toBe(403);
    expect((await api(`/api/v1/conversations/${conversationId}/resolve`, { token: viewer.token, body: {} })).status).toBe(403);
    const sock = await connect(`/api/v1/conversations/${conversationId}/ws`, { token: viewer.token });
    expect(sock.status).toBe(101);
    await sock.frames!.next("hello");
    sock.frames!.send({ type: "message:send", client_id: "v1", text: "sneaky" });
    expect(await sock.frames!.next("error")).toMatchObject({ code: "FORBIDDEN", client_id: "v1" });
    sock.frames!.close();
    visitor.close();
  });

  it("answers 404 for another workspace's conversation", async () => {
    const { bot } = await setupWorkspace();
    const other = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    for (const path of ["takeover", "resolve", "archive", "reopen", "return-to-ai"]) {
      const res = await api(`/api/v1/conversations/${conversationId}/${path}`, { token: other.owner.token, body: {} });
      expect(res.status, path).toBe(404);
    }
    expect((await connect(`/api/v1/conversations/${conversationId}/ws`, { token: other.owner.token })).status).toBe(404);
    expect((await api(`/api/v1/conversations/conv_doesnotexist/takeover`, { token: other.owner.token, body: {} })).status).toBe(404);
    visitor.close();
  });

  it("in passive mode after a hand-back, the bot answers questions only", async () => {
    // escalation off: a low-confidence answer would otherwise escalate, and an escalated conversation gets no bot answers
    const { bot, agent } = await setupWorkspace({ ai_settings: { enable_escalation: false } });
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} });
    const back = await api(`/api/v1/conversations/${conversationId}/return-to-ai`, { token: agent.token, body: {} });
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ status: "active", mode: "bot", bot_mode: "passive", assigned_agent_id: null });
    await visitor.next("agent:left");
    visitor.send({ type: "message:send", client_id: cid(), text: "ok thanks" });
    await visitor.next("message:ack");
    expect((await visitor.quiet(400)).filter((f) => f.type === "message:receive" && f.message.role === "bot")).toEqual([]);
    visitor.send({ type: "message:send", client_id: cid(), text: "ส่งของกี่วันคะ" });
    await visitor.next("message:ack");
    await visitor.next((f) => f.type === "message:receive" && f.message.role === "bot");
    visitor.send({ type: "message:send", client_id: cid(), text: "and the price?" });
    await visitor.next("message:ack");
    await visitor.next((f) => f.type === "message:receive" && f.message.role === "bot");
    visitor.close();
  });

  it("escalates when the visitor asks for a person and tells them the expected wait", async () => {
    const { bot, owner } = await setupWorkspace();
    const hub = await connect(`/api/v1/realtime/ws`, { token: owner.token });
    await hub.frames!.next("hello");
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "ขอคุยกับเจ้าหน้าที่ค่ะ" });
    const esc = await visitor.next("conversation:escalated");
    expect(esc).toEqual({ type: "conversation:escalated", reason: "explicit_request", estimated_wait_seconds: 120 });
    expect(await hub.frames!.next("inbox:escalated")).toMatchObject({ conversation_id: conversationId, reason: "explicit_request" });
    await eventually(async () => {
      const row = await env.DB.prepare(`select status, escalation_reason from conversations where id = ?`).bind(conversationId).first<any>();
      expect(row).toEqual({ status: "escalated", escalation_reason: "explicit_request" });
    });
    hub.frames!.close();
    visitor.close();
  });

  it("resolves, asks the visitor for a rating and stores it; rating an open conversation is refused", async () => {
    const { bot, agent } = await setupWorkspace();
    const { visitor, conversationId, token } = await visitorChat(bot.public_key);
    const early = await api(`/api/v1/widget/conversations/${conversationId}/rating`, { token, body: { rating: 5 } });
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe("CONVERSATION_NOT_RESOLVED");
    await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} });
    const resolved = await api(`/api/v1/conversations/${conversationId}/resolve`, { token: agent.token, body: { note: "sorted", tags: ["Billing", " VIP customer "] } });
    expect(resolved.status).toBe(200);
    expect(resolved.json.status).toBe("resolved");
    await visitor.next("conversation:rating_requested");
    expect((await api(`/api/v1/widget/conversations/${conversationId}/rating`, { token, body: { rating: 6 } })).status).toBe(400);
    const rated = await api(`/api/v1/widget/conversations/${conversationId}/rating`, { token, body: { rating: 5, comment: "Great help" } });
    expect(rated.status).toBe(200);
    const row = await env.DB.prepare(`select status, rating, rating_comment, tags, resolved_at from conversations where id = ?`).bind(conversationId).first<any>();
    expect(row).toMatchObject({ status: "resolved", rating: 5, rating_comment: "Great help", tags: '["billing","vip-customer"]' });
    expect(row.resolved_at).toBeTruthy();
    visitor.close();
  });
});
