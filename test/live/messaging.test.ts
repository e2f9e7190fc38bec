import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, connect, setupWorkspace, visitorChat } from "./helpers";

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
    const { bot } = await setupWorkspace();
    const { visitor } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "What are your opening hours?" });
    visitor.send({ type: "message:send", client_id: cid(), text: "Do you ship abroad?" });
    const answers: any[] = [];
    for (let i = 0; i < 2; i++) answers.push(await visitor.next((f) => f.type === "message:receive" && f.message.role === "bot", 10_000));
    // both visitor messages are stored first (seq 1, 2), then the answers follow in order
    expect(answers[0].message.seq).toBeGreaterThan(2);
    expect(answers[1].message.seq).toBeGreaterThan(answers[0].message.seq);
    // every delta of the first answer arrives before any delta of the second
    const deltaIds = visitor.frames.filter((f) => f.type === "message:delta").map((f) => f.message_id);
    const firstOfSecond = deltaIds.indexOf(answers[1].message.id);
    expect(firstOfSecond === -1 || deltaIds.slice(firstOfSecond).every((id) => id === answers[1].message.id)).toBe(true);
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
