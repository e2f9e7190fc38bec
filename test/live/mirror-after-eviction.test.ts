import { abortAllDurableObjects, env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, connect, conversationStub, eventually, setupWorkspace, visitorChat } from "./helpers";

const mirrored = async (conversationId: string) =>
  (await env.DB.prepare(`select text from messages where conversation_id = ? and role = 'agent' order by seq`).bind(conversationId).all<{ text: string }>()).results.map(
    (r) => r.text,
  );

describe("the D1 mirror is written in batches, off the live path", () => {
  it("mirrors every acknowledged socket reply, with its analytics, even when the object is evicted before its alarm ran", async () => {
    const { bot, agent } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    expect((await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} })).status).toBe(200);
    const sock = await connect(`/api/v1/conversations/${conversationId}/ws`, { token: agent.token });
    expect(sock.status).toBe(101);
    await sock.frames!.next("hello");
    const texts = Array.from({ length: 12 }, (_, i) => `reply ${i + 1}`);
    for (const text of texts) {
      sock.frames!.send({ type: "message:send", client_id: cid(), text });
      await sock.frames!.next("message:ack");
    }
    // acknowledged = durable in the object; the mirror follows by alarm, in batches
    sock.frames!.close();
    visitor.close();
    await abortAllDurableObjects();
    // a new instance runs the pending alarm and flushes what the evicted one had not
    await runDurableObjectAlarm(conversationStub(conversationId));
    await eventually(async () => expect(await mirrored(conversationId)).toEqual(texts));
    const replies = await env.DB.prepare(`select count(*) as n from analytics_events where conversation_id = ? and name = 'agent_reply'`).bind(conversationId).first<{ n: number }>();
    expect(replies!.n).toBe(texts.length);
    const first = await env.DB.prepare(`select count(*) as n from analytics_events where conversation_id = ? and name = 'first_agent_response'`).bind(conversationId).first<{ n: number }>();
    expect(first!.n).toBe(1);
  });
});
