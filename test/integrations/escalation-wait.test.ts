import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ESCALATION_WAIT_MS } from "../../durable-objects/conversation/waiting";
import { api, conversationStub } from "../helpers";
import { cid, setupWorkspace, visitorChat } from "../live/helpers";

/** Escalates a new visitor conversation on the chatbot and answers when its wait timer is due. */
async function escalated(bot: { public_key: string }) {
  const chat = await visitorChat(bot.public_key);
  chat.visitor.send({ type: "message:send", client_id: cid(), text: "I want to talk to a person" });
  await chat.visitor.next("conversation:escalated", 10_000);
  const stub = conversationStub(chat.conversationId);
  const due = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ at: number }>(`SELECT at FROM schedule WHERE kind = 'escalation_wait'`).toArray()[0]?.at ?? 0);
  return { chat, stub, due };
}

/** The wait limit passes: the alarm rings as the platform would ring it. */
async function ring(stub: DurableObjectStub) {
  await runInDurableObject(stub, (_i, state) => {
    state.storage.sql.exec(`UPDATE schedule SET at = 0 WHERE kind = 'escalation_wait'`);
  });
  await runDurableObjectAlarm(stub);
}

describe("an escalation nobody picks up", () => {
  it("after the wait limit the visitor is told honestly, offered email, and the team is alerted again", async () => {
    expect(ESCALATION_WAIT_MS).toBe(5 * 60_000);
    const { bot } = await setupWorkspace();
    const { chat, stub, due } = await escalated(bot);
    // the default limit: 5 minutes
    expect(due - Date.now()).toBeGreaterThan(ESCALATION_WAIT_MS - 30_000);
    expect(due - Date.now()).toBeLessThanOrEqual(ESCALATION_WAIT_MS);
    await ring(stub);
    const line = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "system" && /nobody from our team/.test(f.message.text));
    expect(line.message.text).toMatch(/leave your email address/);
    const events = await env.DB.prepare(`SELECT type FROM conversation_events WHERE conversation_id = ?1 AND type = 'escalation_unanswered'`).bind(chat.conversationId).all();
    expect(events.results).toHaveLength(1);
  });

  it("a chatbot set to 1 minute tells the visitor after 1 minute, not 5", async () => {
    const { bot } = await setupWorkspace({ behavior_settings: { escalation_wait_minutes: 1 } });
    const { chat, stub, due } = await escalated(bot);
    expect(due - Date.now()).toBeGreaterThan(60_000 - 30_000);
    expect(due - Date.now()).toBeLessThanOrEqual(60_000);
    // one minute later (the alarm as scheduled), the visitor hears it
    await ring(stub);
    const line = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "system" && /nobody from our team/.test(f.message.text));
    expect(line.message.text).toMatch(/leave your email address/);
    const ev = await env.DB.prepare(`SELECT data FROM conversation_events WHERE conversation_id = ?1 AND type = 'escalation_unanswered'`).bind(chat.conversationId).first<{ data: string }>();
    expect(JSON.parse(ev!.data)).toMatchObject({ waited_ms: 60_000 });
  });

  it("the wait limit is the chatbot's setting: 1–60 whole minutes, 5 by default; anything else is 400 VALIDATION_ERROR", async () => {
    const { owner, bot } = await setupWorkspace();
    const read = await api(`/api/v1/chatbots/${bot.id}`, { token: owner.token });
    expect(read.json.behavior_settings.escalation_wait_minutes).toBe(5);
    for (const bad of [0, 61, 1.5, "5"]) {
      const r = await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: owner.token, body: { behavior_settings: { escalation_wait_minutes: bad } } });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe("VALIDATION_ERROR");
      expect(JSON.stringify(r.json.error.details)).toContain("behavior_settings.escalation_wait_minutes");
    }
    const ok = await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: owner.token, body: { behavior_settings: { escalation_wait_minutes: 15 } } });
    expect(ok.status).toBe(200);
    expect(ok.json.behavior_settings.escalation_wait_minutes).toBe(15);
  });
});
