import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, setupWorkspace, visitorChat } from "../live/helpers";

/** The chatbot "Behavior" settings the bot turn reads: response delay, suggest a human after N messages, rich responses. */
async function shop(behavior: Record<string, unknown>) {
  const ws = await setupWorkspace({ behavior_settings: behavior });
  const faq = { chatbot_id: ws.bot.id, question: "Where can I park?", answer: "Free parking is behind the shop, entrance on Soi 5." };
  expect((await api("/api/v1/knowledge-base/faqs", { token: ws.owner.token, body: faq })).status).toBe(201);
  return ws;
}

async function ask(chat: Awaited<ReturnType<typeof visitorChat>>, text: string) {
  const sent = Date.now();
  chat.visitor.send({ type: "message:send", client_id: cid(), text });
  const reply = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "bot");
  return { message: reply.message as { text: string; rich?: { quick_replies?: string[] } }, waitedMs: Date.now() - sent };
}

describe("chatbot behavior settings", () => {
  it("holds the bot's reply for the response delay, with the typing indicator on", async () => {
    const slow = await shop({ response_delay: 1200 });
    const chat = await visitorChat(slow.bot.public_key);
    const { message, waitedMs } = await ask(chat, "Where can I park?");
    expect(message.text).toContain("Soi 5");
    expect(waitedMs).toBeGreaterThanOrEqual(1150);
    const frames = chat.visitor.frames.map((f) => f.type);
    expect(frames.indexOf("typing:start")).toBeLessThan(frames.indexOf("message:delta"));
    chat.visitor.close();

    const quick = await shop({ response_delay: 0 });
    const chat2 = await visitorChat(quick.bot.public_key);
    expect((await ask(chat2, "Where can I park?")).waitedMs).toBeLessThan(1000);
    chat2.visitor.close();
  });

  it("suggests a person once when the conversation reaches max_conversation_length, with a quick reply when rich responses are on", async () => {
    const { bot } = await shop({ response_delay: 0, max_conversation_length: 5, enable_rich_responses: true });
    const chat = await visitorChat(bot.public_key);
    const first = await ask(chat, "Where can I park?");
    const second = await ask(chat, "where can i park");
    const third = await ask(chat, "Where can I park, please?");
    const fourth = await ask(chat, "where can I park?");
    expect(first.message.text).not.toContain("member of our team");
    expect(second.message.text).not.toContain("member of our team");
    expect(third.message.text).toContain("Soi 5");
    expect(third.message.text).toContain("would you like me to connect you with a member of our team?");
    expect(third.message.rich).toEqual({ quick_replies: ["Talk to a person"] });
    expect(fourth.message.text).not.toContain("would you like me to connect you");
    // the quick reply is a request for a person: it hands the conversation over
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "Talk to a person" });
    await chat.visitor.next("conversation:escalated");
    chat.visitor.close();
  });

  it("sends plain text without quick replies when rich responses are off", async () => {
    const { bot } = await shop({ response_delay: 0, max_conversation_length: 5, enable_rich_responses: false });
    const chat = await visitorChat(bot.public_key);
    await ask(chat, "Where can I park?");
    await ask(chat, "where can i park");
    const third = await ask(chat, "Where can I park, please?");
    expect(third.message.text).toContain("would you like me to connect you with a member of our team?");
    expect(third.message.rich).toBeUndefined();
    chat.visitor.close();
  });
});
