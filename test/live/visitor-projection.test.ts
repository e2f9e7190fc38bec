import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, connect, setupWorkspace, visitorChat } from "./helpers";

describe("visitors see a projection of bot answers", () => {
  it("sends the visitor the answer's text, source titles and the feedback capability, and agents the internal metadata", async () => {
    const { bot, owner } = await setupWorkspace();
    const faq = await api("/api/v1/knowledge-base/faqs", { token: owner.token, body: { chatbot_id: bot.id, question: "How long does shipping take?", answer: "Shipping takes 3 to 5 business days." } });
    expect(faq.status).toBe(201);
    const chat = await visitorChat(bot.public_key);
    const agent = await connect(`/api/v1/conversations/${chat.conversationId}/ws`, { token: owner.token });
    await agent.frames!.next("hello");
    const hub = await connect(`/api/v1/realtime/ws`, { token: owner.token });
    await hub.frames!.next("hello");
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "How long does shipping take?" });

    const seen = (await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "bot")).message;
    expect(seen.text).toContain("3 to 5 business days");
    expect(seen).not.toHaveProperty("ai");
    expect(seen.feedback).toBe(true);
    expect(seen.sources).toEqual([{ title: "How long does shipping take?" }]);

    const full = (await agent.frames!.next((f) => f.type === "message:receive" && f.message.role === "bot")).message;
    expect(full.ai).toMatchObject({ model: expect.any(String), confidence: expect.any(Number), tokens: expect.any(Object), latency_ms: expect.any(Number) });
    expect(full.ai.sources[0]).toMatchObject({ id: expect.any(String), score: expect.any(Number) });
    expect((await hub.frames!.next((f) => f.type === "inbox:message" && f.message.role === "bot")).message.ai).toBeDefined();

    // history over REST and the replay on reconnect are projected the same way
    const history = await api(`/api/v1/widget/conversations/${chat.conversationId}/messages`, { token: chat.token });
    const stored = history.json.data.find((m: any) => m.role === "bot");
    expect(stored).not.toHaveProperty("ai");
    expect(stored.feedback).toBe(true);
    const again = await connect(`/api/v1/widget/conversations/${chat.conversationId}/ws?last_seq=0`, { token: chat.token });
    const replayed = (await again.frames!.next((f) => f.type === "message:receive" && f.message.role === "bot")).message;
    expect(replayed).not.toHaveProperty("ai");
    expect(JSON.stringify(again.frames!.frames)).not.toMatch(/"confidence"|"tokens"|"latency_ms"|"model"/);
    again.frames!.close();
    agent.frames!.close();
    hub.frames!.close();
    chat.visitor.close();
  });
});
