import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, conversationStub, inObject } from "../helpers";
import { cid, eventually, setupWorkspace, visitorChat } from "../live/helpers";

const names = async (conversationId: string) =>
  (await env.DB.prepare(`SELECT name FROM analytics_events WHERE conversation_id = ? ORDER BY at, name`).bind(conversationId).all<{ name: string }>()).results.map((r) => r.name);

describe("analytics events from a real conversation", () => {
  it("a conversation's life shows up in the reports once, even when its outbox is flushed again", async () => {
    const { bot, agent, owner } = await setupWorkspace();
    const { visitor, conversationId, token } = await visitorChat(bot.public_key);
    // keep a copy of every outbox row the object writes, to replay them later
    await inObject(conversationStub(conversationId), async (_i, state) => {
      state.storage.sql.exec(`CREATE TABLE IF NOT EXISTS outbox_copy (kind TEXT, payload TEXT)`);
      state.storage.sql.exec(`CREATE TRIGGER IF NOT EXISTS outbox_copy_t AFTER INSERT ON outbox BEGIN INSERT INTO outbox_copy VALUES (new.kind, new.payload); END`);
    });
    visitor.send({ type: "message:send", client_id: cid(), text: "How much does shipping to Chiang Mai cost?" });
    await visitor.next((f: any) => f.type === "message:receive" && f.message?.role === "bot", 10_000);
    expect((await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} })).status).toBe(200);
    expect((await api(`/api/v1/conversations/${conversationId}/messages`, { token: agent.token, body: { text: "It is 50 baht.", client_id: cid() } })).status).toBe(201);
    expect((await api(`/api/v1/conversations/${conversationId}/resolve`, { token: agent.token, body: { note: "shipping price" } })).status).toBe(200);
    expect((await api(`/api/v1/widget/conversations/${conversationId}/rating`, { token, body: { rating: 4, comment: "Thanks" } })).status).toBe(200);

    const expected = ["conversation_created", "first_visitor_message", "visitor_message", "bot_answered", "agent_assigned", "agent_conversation", "agent_reply", "first_agent_response", "resolved", "handled", "rated"];
    await eventually(async () => expect((await names(conversationId)).sort()).toEqual([...expected].sort()));
    const facts = await env.DB.prepare(`SELECT * FROM analytics_conversations WHERE conversation_id = ?`).bind(conversationId).first<any>();
    expect(facts).toMatchObject({ workspace_id: owner.workspaceId, chatbot_id: bot.id, resolved_by: "agent", rating: 4, agent_id: agent.userId, substantive: 1 });
    expect(facts.first_response_s).toBeGreaterThanOrEqual(0);

    const before = await api("/api/v1/analytics/overview", { token: owner.token });
    expect(before.json).toMatchObject({ conversations: 1, resolved: 1, handoff_rate: 1, ratings: 1, csat: 1, bot_resolution: { confirmed: 0, assumed: 0 } });
    expect(before.json.first_response_time.median_s).toBe(facts.first_response_s);

    // a flush whose D1 write went through but whose outbox delete and log mark were lost: the same rows again
    const replayed = await inObject<number>(conversationStub(conversationId), async (instance, state) => {
      state.storage.sql.exec(`DROP TRIGGER outbox_copy_t`);
      state.storage.sql.exec(`INSERT INTO outbox (kind, payload) SELECT kind, payload FROM outbox_copy`);
      state.storage.sql.exec(`UPDATE meta SET value = '0' WHERE key = 'mirrored_seq'`);
      return instance.flush();
    });
    expect(replayed).toBeGreaterThan(10);
    expect((await names(conversationId)).length).toBe(expected.length);
    const after = await api("/api/v1/analytics/overview", { token: owner.token });
    const { range: _r1, previous: _p1, ...figuresBefore } = before.json;
    const { range: _r2, previous: _p2, ...figuresAfter } = after.json;
    expect(figuresAfter).toEqual(figuresBefore);
    const agents = await api("/api/v1/analytics/agents", { token: owner.token });
    expect(agents.json.data).toEqual([expect.objectContaining({ agent_id: agent.userId, conversations: 1, replies: 1, resolved: 1, ratings: 1, csat: 1 })]);
    visitor.close();
  });

  it("a conversation where the bot only answered a greeting is not counted as a bot resolution", async () => {
    const { bot, owner } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "hello" });
    await visitor.next((f: any) => f.type === "message:receive" && f.message?.role === "bot", 10_000);
    await eventually(async () => expect(await names(conversationId)).toContain("bot_answered"));
    const row = await env.DB.prepare(`SELECT dim FROM analytics_events WHERE conversation_id = ? AND name = 'bot_answered'`).bind(conversationId).first<{ dim: string }>();
    expect(row!.dim).toBe("smalltalk");
    const ov = await api("/api/v1/analytics/overview", { token: owner.token });
    expect(ov.json.bot_resolution).toMatchObject({ bot_handled: 0, confirmed: 0, assumed: 0 });
    visitor.close();
  });
});
