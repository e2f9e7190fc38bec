import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, connect, eventually, setupWorkspace, visitorChat } from "./helpers";

describe("visitor messaging", () => {
  it("acknowledges a message with its seq and streams the bot's answer before the final message", async () => {
    const { bot } = await setupWorkspace();
    const { visitor } = await visitorChat(bot.public_key);
    const clientId = cid();
    visitor.send({ type: "message:send", client_id: clientId, text: "What are your opening hours?" });
    const ack = await visitor.next("message:ack");
    expect(ack).toMatchObject({ client_id: clientId, seq: 1 });
    expect(ack.message_id).toMatch(/^msg_/);
    const delta = await visitor.next("message:delta");
    const final = await visitor.next((f) => f.type === "message:receive" && f.message.role === "bot");
    expect(final.message.id).toBe(delta.message_id);
    expect(final.message.seq).toBe(2);
    // visitors get the projection of a bot answer, not its internal metadata
    expect(final.message.ai).toBeUndefined();
    expect(final.message.feedback).toBe(true);
    visitor.close();
  });

  it("answers two quick messages one after the other, in order, without interleaving their streams", async () => {
    // without knowledge the bot answers with low confidence; with escalation on, the first answer would
    // hand the conversation to a person and the bot would (rightly) not answer the second message
    const { bot } = await setupWorkspace({ ai_settings: { enable_escalation: false } });
    const { visitor } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "What are your opening hours?" });
    visitor.send({ type: "message:send", client_id: cid(), text: "Do you ship abroad?" });
    const answers: any[] = [];
    for (let i = 0; i < 2; i++) answers.push(await visitor.next((f) => f.type === "message:receive" && f.message.role === "bot", 10_000));
    // each answer follows its question (the second question may arrive before or after the first answer),
    // and the answers come in order
    const acks = visitor.frames.filter((f) => f.type === "message:ack").map((f) => f.seq);
    expect(acks).toHaveLength(2);
    expect(answers[0].message.seq).toBeGreaterThan(acks[0]);
    expect(answers[1].message.seq).toBeGreaterThan(Math.max(acks[1], answers[0].message.seq));
    // every delta of the first answer arrives before any delta of the second
    const deltaIds = visitor.frames.filter((f) => f.type === "message:delta").map((f) => f.message_id);
    const firstOfSecond = deltaIds.indexOf(answers[1].message.id);
    expect(firstOfSecond === -1 || deltaIds.slice(firstOfSecond).every((id) => id === answers[1].message.id)).toBe(true);
    visitor.close();
  });

  it("mirrors a burst of messages to D1 shortly after, with Thai words searchable at once", async () => {
    const { bot, owner } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    for (const text of ["hello there", "อยากทราบราคาสินค้าครับ", "order #A17 — arrived 😀", "thanks"]) {
      visitor.send({ type: "message:send", client_id: cid(), text });
      await visitor.next("message:ack");
    }
    await eventually(async () => {
      const { results } = await env.DB.prepare(`select seq from messages where conversation_id = ? order by seq`).bind(conversationId).all<any>();
      expect(results.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
      const conv = await env.DB.prepare(`select message_count, last_message_preview, last_activity_at, last_message_at from conversations where id = ?`).bind(conversationId).first<any>();
      expect(conv).toMatchObject({ message_count: 4, last_message_preview: "thanks" });
      expect(conv.last_activity_at).toBe(conv.last_message_at);
    }, 5_000);
    // the mirror segmented the Thai text itself: nothing is left for the scheduled job
    const pending = await env.DB.prepare(`select count(*) as n from message_search_pending p join messages m on m.id = p.message_id where m.conversation_id = ?`).bind(conversationId).first<any>();
    expect(pending.n).toBe(0);
    const hits = await api(`/api/v1/conversations/search?q=${encodeURIComponent("สินค้า")}`, { token: owner.token });
    expect(hits.json.data.map((h: any) => h.conversation_id)).toEqual([conversationId]);
    // text with symbols the index triggers cannot key is keyed by the mirror too
    const symbols = await api(`/api/v1/conversations/search?q=${encodeURIComponent("a17 arriv")}`, { token: owner.token });
    expect(symbols.json.data.map((h: any) => h.seq)).toEqual([3]);
    visitor.close();
  });

  it("answers a resent client_id with the same ack and stores the message once", async () => {
    const { bot } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId, token } = await visitorChat(bot.public_key);
    const clientId = cid();
    visitor.send({ type: "message:send", client_id: clientId, text: "hello" });
    const first = await visitor.next("message:ack");
    visitor.send({ type: "message:send", client_id: clientId, text: "hello" });
    const second = await visitor.next("message:ack");
    expect(second).toEqual(first);
    const history = await api(`/api/v1/widget/conversations/${conversationId}/messages`, { token });
    expect(history.status).toBe(200);
    expect(history.json.data.filter((m: any) => m.role === "visitor")).toHaveLength(1);
    visitor.close();
  });

  it("replays exactly the messages after last_seq to a reconnecting client", async () => {
    const { bot } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId, token } = await visitorChat(bot.public_key);
    for (const text of ["one", "two", "three"]) {
      visitor.send({ type: "message:send", client_id: cid(), text });
      await visitor.next("message:ack");
    }
    visitor.close();
    const again = await connect(`/api/v1/widget/conversations/${conversationId}/ws?last_seq=1`, { token });
    expect(again.status).toBe(101);
    expect(again.res.headers.get("sec-websocket-protocol")).toBe("minichat.v1");
    const hello = await again.frames!.next("hello");
    expect(hello).toMatchObject({ last_seq: 3, status: "active", mode: "bot" });
    const replayed = await again.frames!.quiet(200);
    expect(replayed.map((f) => [f.type, f.message?.seq, f.message?.text])).toEqual([
      ["message:receive", 2, "two"],
      ["message:receive", 3, "three"],
    ]);
    again.frames!.close();
  });
});
