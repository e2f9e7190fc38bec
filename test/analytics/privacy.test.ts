import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, eventually, setupWorkspace, visitorChat } from "../live/helpers";

const events = async (conversationId: string) =>
  (await env.DB.prepare(`SELECT name, value, data FROM analytics_events WHERE conversation_id = ? ORDER BY name`).bind(conversationId).all<{ name: string; value: number | null; data: string | null }>()).results;

describe("visitor erasure in the analytics events", () => {
  it("scrubs the rating comment and the resolution note and keeps the figures", async () => {
    const { bot, agent, owner } = await setupWorkspace();
    const { visitor, conversationId, token, visitorId } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "Can I return shoes bought in Chiang Mai?" });
    await visitor.next((f: any) => f.type === "message:receive" && f.message?.role === "bot", 10_000);
    expect((await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} })).status).toBe(200);
    expect((await api(`/api/v1/conversations/${conversationId}/messages`, { token: agent.token, body: { text: "Yes, within 30 days.", client_id: cid() } })).status).toBe(201);
    expect((await api(`/api/v1/conversations/${conversationId}/resolve`, { token: agent.token, body: { note: "Somchai from Nimman, order 4471" } })).status).toBe(200);
    expect((await api(`/api/v1/widget/conversations/${conversationId}/rating`, { token, body: { rating: 5, comment: "Thanks, I am Somchai, call me on 081 234 5678" } })).status).toBe(200);
    await eventually(async () => expect((await events(conversationId)).map((e) => e.name)).toContain("rated"));
    const before = await api("/api/v1/analytics/satisfaction", { token: owner.token });
    expect(before.json.comments).toEqual([expect.objectContaining({ conversation_id: conversationId, rating: 5, comment: "Thanks, I am Somchai, call me on 081 234 5678" })]);
    const overviewBefore = await api("/api/v1/analytics/overview", { token: owner.token });

    visitor.close();
    expect((await api(`/api/v1/visitors/${visitorId}`, { method: "DELETE", token: owner.token })).status).toBe(200);

    const after = await events(conversationId);
    expect(JSON.stringify(after)).not.toContain("Somchai");
    expect(JSON.stringify(after)).not.toContain("081 234 5678");
    expect(after.find((e) => e.name === "rated")).toMatchObject({ value: 5, data: null });
    const sat = await api("/api/v1/analytics/satisfaction", { token: owner.token });
    expect(sat.json).toMatchObject({ csat: 1, ratings: 1, comments: [] });
    const overviewAfter = await api("/api/v1/analytics/overview", { token: owner.token });
    const { range: _a, previous: _b, ...figuresBefore } = overviewBefore.json;
    const { range: _c, previous: _d, ...figuresAfter } = overviewAfter.json;
    expect(figuresAfter).toEqual(figuresBefore);
  });
});
