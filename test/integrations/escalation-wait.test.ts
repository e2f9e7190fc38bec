import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ESCALATION_WAIT_MS } from "../../durable-objects/conversation/waiting";
import { cid, setupWorkspace, visitorChat } from "../live/helpers";

const stubOf = (id: string): DurableObjectStub => env.CONVERSATION.get(env.CONVERSATION.idFromName(id));

describe("an escalation nobody picks up", () => {
  it("after the wait limit the visitor is told honestly, offered email, and the team is alerted again", async () => {
    expect(ESCALATION_WAIT_MS).toBe(5 * 60_000);
    const { bot } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "I want to talk to a person" });
    await chat.visitor.next("conversation:escalated", 10_000);
    const stub = stubOf(chat.conversationId);
    const due = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ at: number }>(`SELECT at FROM schedule WHERE kind = 'escalation_wait'`).toArray()[0]?.at ?? 0);
    expect(due - Date.now()).toBeGreaterThan(ESCALATION_WAIT_MS - 30_000);
    await runInDurableObject(stub, (_i, state) => {
      state.storage.sql.exec(`UPDATE schedule SET at = 0 WHERE kind = 'escalation_wait'`);
    });
    await runDurableObjectAlarm(stub);
    const line = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "system" && /nobody from our team/.test(f.message.text), 5000);
    expect(line.message.text).toMatch(/leave your email address/);
    const events = await env.DB.prepare(`SELECT type FROM conversation_events WHERE conversation_id = ?1 AND type = 'escalation_unanswered'`).bind(chat.conversationId).all();
    expect(events.results).toHaveLength(1);
  });
});
