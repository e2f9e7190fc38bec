import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { IllegalTransitionError, transition } from "../../durable-objects/conversation/status";
import { api } from "../helpers";
import { cid, connect, conversationStub, eventually, evict, inObject, setupWorkspace, visitorChat } from "./helpers";

/** Makes a timer due now, then runs the alarm. */
async function fire(conversationId: string, kind: "inactivity" | "agent_reply") {
  const stub = conversationStub(conversationId);
  await runInDurableObject(stub, (_i, state) => {
    state.storage.sql.exec(`UPDATE schedule SET at = 0 WHERE kind = ?`, kind);
  });
  return runDurableObjectAlarm(stub);
}

const timers = (conversationId: string) =>
  runInDurableObject(conversationStub(conversationId), (_i, state) => state.storage.sql.exec<{ kind: string }>(`SELECT kind FROM schedule`).toArray().map((r) => r.kind));

describe("status machine", () => {
  it("allows the moves of the lifecycle and rejects the rest", () => {
    expect(transition("active", "waiting")).toBe("waiting");
    expect(transition("waiting", "abandoned")).toBe("abandoned");
    expect(transition("escalated", "agent_handling")).toBe("agent_handling");
    expect(transition("agent_handling", "active")).toBe("active");
    expect(transition("resolved", "active")).toBe("active");
    expect(transition("abandoned", "archived")).toBe("archived");
    expect(() => transition("archived", "active")).toThrow(IllegalTransitionError);
    expect(() => transition("resolved", "agent_handling")).toThrow(IllegalTransitionError);
    expect(() => transition("active", "abandoned")).toThrow(IllegalTransitionError);
    expect(() => transition("active", "active")).toThrow(IllegalTransitionError);
  });

  it("rejects illegal transitions through the API with 409", async () => {
    const { bot, agent } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    const reopen = await api(`/api/v1/conversations/${conversationId}/reopen`, { token: agent.token, body: {} });
    expect(reopen.status).toBe(409);
    expect(reopen.json.error.code).toBe("INVALID_STATUS_TRANSITION");
    expect((await api(`/api/v1/conversations/${conversationId}/archive`, { token: agent.token, body: {} })).status).toBe(200);
    const again = await api(`/api/v1/conversations/${conversationId}/archive`, { token: agent.token, body: {} });
    expect(again.status).toBe(409);
    expect((await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} })).status).toBe(409);
    visitor.send({ type: "message:send", client_id: "late", text: "hello?" });
    expect(await visitor.next("error")).toMatchObject({ code: "CONVERSATION_CLOSED", client_id: "late" });
    visitor.close();
  });

  it("records every status change as an event", async () => {
    const { bot, agent } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} });
    await api(`/api/v1/conversations/${conversationId}/resolve`, { token: agent.token, body: {} });
    const { results } = await env.DB.prepare(`select type, from_status, to_status from conversation_events where conversation_id = ? and type = 'status_changed' order by created_at`)
      .bind(conversationId)
      .all<any>();
    expect(results.map((r) => `${r.from_status}->${r.to_status}`)).toEqual(["active->agent_handling", "agent_handling->resolved"]);
    visitor.close();
  });
});

describe("timers", () => {
  it("moves a quiet conversation to waiting, then to abandoned after the same timeout again", async () => {
    const { bot } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "hi" });
    await visitor.next("message:ack");
    expect(await timers(conversationId)).toContain("inactivity");
    await fire(conversationId, "inactivity");
    expect(await visitor.next("conversation:status_changed")).toMatchObject({ from: "active", to: "waiting", reason: "inactivity" });
    await fire(conversationId, "inactivity");
    expect(await visitor.next("conversation:status_changed")).toMatchObject({ from: "waiting", to: "abandoned" });
    const row = await env.DB.prepare(`select status from conversations where id = ?`).bind(conversationId).first<any>();
    expect(row.status).toBe("abandoned");
    visitor.close();
  });

  it("moves a conversation to waiting when the agent does not answer in time", async () => {
    const { bot, agent } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} });
    visitor.send({ type: "message:send", client_id: cid(), text: "hello?" });
    await visitor.next("message:ack");
    // the timer is armed right after the acknowledgement goes out
    await eventually(async () => expect(await timers(conversationId)).toContain("agent_reply"), 10_000);
    await fire(conversationId, "agent_reply");
    expect(await visitor.next("conversation:status_changed")).toMatchObject({ from: "agent_handling", to: "waiting", reason: "agent_no_reply" });
    // the agent's reply picks it back up
    await api(`/api/v1/conversations/${conversationId}/messages`, { token: agent.token, body: { text: "Sorry!", client_id: cid() } });
    expect(await visitor.next("conversation:status_changed")).toMatchObject({ from: "waiting", to: "agent_handling" });
    visitor.close();
  });

  it("mirrors messages to D1 exactly once even when the outbox is flushed twice", async () => {
    const { bot } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "How much is shipping?" });
    await visitor.next("message:ack");
    await visitor.next((f) => f.type === "message:receive" && f.message.role === "bot");
    await visitor.quiet(300); // let the turn finish (it may escalate)
    const stub = conversationStub(conversationId);
    // put everything back in the outbox as if the first flush's delete was lost, then flush twice
    let log: any[] = [];
    await inObject(stub, async (instance, state) => {
      log = (await instance.history(0, 100)) as any[];
      expect(log.length).toBeGreaterThanOrEqual(2);
      for (const m of (await instance.history(0, 100)) as any[]) state.storage.sql.exec(`INSERT INTO outbox (kind, payload) VALUES ('message', ?)`, JSON.stringify({ kind: "message", message: m }));
      await instance.flush();
      for (const m of (await instance.history(0, 100)) as any[]) state.storage.sql.exec(`INSERT INTO outbox (kind, payload) VALUES ('message', ?)`, JSON.stringify({ kind: "message", message: m }));
      state.storage.sql.exec(`INSERT OR REPLACE INTO schedule (kind, at) VALUES ('flush', 0)`);
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    await runDurableObjectAlarm(stub);
    await runDurableObjectAlarm(stub);
    const { results } = await env.DB.prepare(`select seq, role, text from messages where conversation_id = ? order by seq`).bind(conversationId).all<any>();
    expect(results.map((r) => [r.seq, r.role])).toEqual(log.map((m) => [m.seq, m.role]));
    expect(results.slice(0, 2).map((r) => r.role)).toEqual(["visitor", "bot"]);
    const conv = await env.DB.prepare(`select message_count, subject from conversations where id = ?`).bind(conversationId).first<any>();
    expect(conv).toEqual({ message_count: log.length, subject: "How much is shipping?" });
    const pending = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox`).one().n);
    expect(pending).toBe(0);
    visitor.close();
  });

  it("keeps a takeover that arrives while a visitor message is still being handled", async () => {
    const { bot, agent } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    const stub = conversationStub(conversationId);
    // a slow workspace hub: anything that waits for it leaves the object open to the next request
    await inObject(stub, async (instance) => {
      instance.hub = () => ({ broadcast: () => new Promise((r) => setTimeout(() => r(1), 300)), estimateWait: async () => ({ online_agents: 0, estimated_wait_seconds: 300 }) });
    });
    visitor.send({ type: "message:send", client_id: cid(), text: "anyone there" });
    await visitor.next("message:ack");
    const taken = await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} });
    expect(taken.status).toBe(200);
    await visitor.quiet(600);
    const view = await (stub as any).snapshot();
    expect(view).toMatchObject({ status: "agent_handling", mode: "human", assigned_agent_id: agent.userId, message_count: 2 });
    visitor.close();
  });

  it("keeps its log and state when the object is evicted", async () => {
    const { bot, agent } = await setupWorkspace();
    const { visitor, conversationId, token } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: "keep-1", text: "first" });
    const ack = await visitor.next("message:ack");
    // the bot is still answering "first" while the agent takes over: the takeover must win, here and in the mirror
    const taken = await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} });
    expect(taken.status, taken.text).toBe(200);
    expect(taken.json).toMatchObject({ status: "agent_handling", mode: "human" });
    await evict(conversationId);
    const back = await connect(`/api/v1/widget/conversations/${conversationId}/ws`, { token });
    expect(back.status).toBe(101);
    const hello = await back.frames!.next("hello");
    expect(hello).toMatchObject({ status: "agent_handling", mode: "human", agent: { id: agent.userId } });
    const texts = (await back.frames!.quiet(200)).filter((f) => f.type === "message:receive").map((f) => f.message.text);
    expect(texts[0]).toBe("first");
    back.frames!.send({ type: "message:send", client_id: "keep-1", text: "first" });
    expect(await back.frames!.next("message:ack")).toEqual(ack);
    const mirrored = await env.DB.prepare(`select status, mode from conversations where id = ?`).bind(conversationId).first<any>();
    expect(mirrored).toMatchObject({ status: "agent_handling", mode: "human" });
    back.frames!.close();
  });
});
