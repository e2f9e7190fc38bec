import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { ORIGIN, connect, setupWorkspace, startSession, visitorChat } from "./helpers";

describe("widget sessions", () => {
  it("issues a visitor token and a one-time secret, and records the visit", async () => {
    const { bot, owner } = await setupWorkspace();
    const res = await startSession(bot.public_key);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.json).toMatchObject({ expires_in: 900, visitor_id: expect.stringMatching(/^vis_/), visitor_secret: expect.any(String), conversations: [] });
    const row = await env.DB.prepare(`select * from visitors where id = ?`).bind(res.json.visitor_id).first<any>();
    expect(row).toMatchObject({ workspace_id: owner.workspaceId, landing_page: `${ORIGIN}/pricing`, referrer: "https://google.com/", browser: "Chrome", os: "Windows", visit_count: 1 });
    expect(row.secret_hash).not.toContain(res.json.visitor_secret);
  });

  it("resumes a returning visitor with their secret and lists their open conversations", async () => {
    const { bot } = await setupWorkspace();
    const first = await visitorChat(bot.public_key);
    first.visitor.close();
    const again = await startSession(bot.public_key, { visitor_id: first.visitorId, visitor_secret: first.session.json.visitor_secret });
    expect(again.status).toBe(200);
    expect(again.json.visitor_secret).toBeUndefined();
    expect(again.json.conversations.map((c: any) => c.id)).toEqual([first.conversationId]);
    // renewing the session mid-visit is not a new visit
    let row = await env.DB.prepare(`select visit_count from visitors where id = ?`).bind(first.visitorId).first<any>();
    expect(row.visit_count).toBe(1);
    // coming back after 30 quiet minutes is
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    await env.DB.prepare(`update visitors set last_seen_at = ? where id = ?`).bind(anHourAgo, first.visitorId).run();
    await startSession(bot.public_key, { visitor_id: first.visitorId, visitor_secret: first.session.json.visitor_secret });
    row = await env.DB.prepare(`select visit_count from visitors where id = ?`).bind(first.visitorId).first<any>();
    expect(row.visit_count).toBe(2);
  });

  it("rejects a returning visitor with the wrong secret", async () => {
    const { bot } = await setupWorkspace();
    const first = await startSession(bot.public_key);
    const res = await startSession(bot.public_key, { visitor_id: first.json.visitor_id, visitor_secret: "not-it" });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("INVALID_VISITOR");
  });

  it("refuses a page origin that is not in the chatbot's allowed origins, without CORS", async () => {
    const { bot } = await setupWorkspace();
    const res = await startSession(bot.public_key, {}, "https://evil.example.net");
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("ORIGIN_NOT_ALLOWED");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("rejects a session with no page", async () => {
    const { bot } = await setupWorkspace();
    const res = await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key }, headers: { origin: ORIGIN } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION_ERROR");
  });

  it("refuses a banned visitor's session, closes their socket with 4003 and refuses new sockets", async () => {
    const { bot, agent } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    const ban = await api(`/api/v1/visitors/${chat.visitorId}/ban`, { token: agent.token, body: { reason: "spam" } });
    expect(ban.status).toBe(200);
    expect((await chat.visitor.waitClosed())?.code).toBe(4003);
    const session = await startSession(bot.public_key, { visitor_id: chat.visitorId, visitor_secret: chat.session.json.visitor_secret });
    expect(session.status).toBe(403);
    expect(session.json.error.code).toBe("VISITOR_BANNED");
    const sock = await connect(`/api/v1/widget/conversations/${chat.conversationId}/ws`, { token: chat.token });
    expect(sock.status).toBe(403);
    const unban = await api(`/api/v1/visitors/${chat.visitorId}/unban`, { token: agent.token, body: {} });
    expect(unban.status).toBe(200);
    const back = await connect(`/api/v1/widget/conversations/${chat.conversationId}/ws`, { token: chat.token });
    expect(back.status).toBe(101);
    back.frames!.close();
  });

  it("rejects a ban from a viewer and a ban of another workspace's visitor", async () => {
    const { bot, viewer } = await setupWorkspace();
    const other = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    expect((await api(`/api/v1/visitors/${chat.visitorId}/ban`, { token: viewer.token, body: { reason: "x" } })).status).toBe(403);
    expect((await api(`/api/v1/visitors/${chat.visitorId}/ban`, { token: other.agent.token, body: { reason: "x" } })).status).toBe(404);
    chat.visitor.close();
  });

  it("caps new conversations per visitor at five an hour", async () => {
    const { bot } = await setupWorkspace();
    const session = await startSession(bot.public_key);
    const token = session.json.visitor_token;
    for (let i = 0; i < 5; i++) expect((await api("/api/v1/widget/conversations", { token, body: {} })).status).toBe(201);
    const sixth = await api("/api/v1/widget/conversations", { token, body: {} });
    expect(sixth.status).toBe(429);
    expect(sixth.json.error.code).toBe("RATE_LIMITED");
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("stores an offline message as a waiting conversation and saves the contact", async () => {
    const { bot } = await setupWorkspace();
    const session = await startSession(bot.public_key);
    const token = session.json.visitor_token;
    const res = await api("/api/v1/widget/conversations", {
      token,
      body: { pre_chat: { name: "Nok", email: "nok@example.com" }, offline_message: "Please call me back" },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: "waiting", message_count: 1 });
    const visitor = await env.DB.prepare(`select name, email from visitors where id = ?`).bind(session.json.visitor_id).first<any>();
    expect(visitor).toEqual({ name: "Nok", email: "nok@example.com" });
    const history = await api(`/api/v1/widget/conversations/${res.json.id}/messages`, { token });
    expect(history.json.data.map((m: any) => m.text)).toEqual(["Please call me back"]);
  });

  it("gives a single-use socket ticket that works once", async () => {
    const { bot } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    const t = await api(`/api/v1/widget/conversations/${chat.conversationId}/ws-ticket`, { token: chat.token, body: {} });
    expect(t.status).toBe(201);
    const first = await connect(`/api/v1/widget/conversations/${chat.conversationId}/ws?ticket=${t.json.ticket}`);
    expect(first.status).toBe(101);
    const second = await connect(`/api/v1/widget/conversations/${chat.conversationId}/ws?ticket=${t.json.ticket}`);
    expect(second.status).toBe(401);
    first.frames!.close();
    chat.visitor.close();
  });

  it("does not show a visitor another visitor's conversation", async () => {
    const { bot } = await setupWorkspace();
    const a = await visitorChat(bot.public_key);
    const b = await startSession(bot.public_key);
    const res = await api(`/api/v1/widget/conversations/${a.conversationId}/messages`, { token: b.json.visitor_token });
    expect(res.status).toBe(404);
    a.visitor.close();
  });
});
