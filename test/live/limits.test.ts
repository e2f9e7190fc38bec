import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, setupWorkspace, visitorChat } from "./helpers";

describe("frame limits", () => {
  it("refuses the eleventh message in a minute with RATE_LIMITED and stores nothing", async () => {
    const { bot } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId, token } = await visitorChat(bot.public_key);
    for (let i = 0; i < 10; i++) {
      visitor.send({ type: "message:send", client_id: `m${i}`, text: `message ${i}` });
      await visitor.next("message:ack");
    }
    visitor.send({ type: "message:send", client_id: "m10", text: "one too many" });
    expect(await visitor.next("error")).toMatchObject({ code: "RATE_LIMITED", client_id: "m10" });
    const history = await api(`/api/v1/widget/conversations/${conversationId}/messages`, { token });
    expect(history.json.data).toHaveLength(10);
    visitor.close();
  });

  it("rejects a message over 4,000 characters and accepts one of exactly 4,000", async () => {
    const { bot } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: "long", text: "a".repeat(4001) });
    expect(await visitor.next("error")).toMatchObject({ code: "MESSAGE_TOO_LONG", client_id: "long" });
    visitor.send({ type: "message:send", client_id: "max", text: "a".repeat(4000) });
    expect(await visitor.next("message:ack")).toMatchObject({ client_id: "max", seq: 1 });
    visitor.close();
  });

  it("answers oversized, malformed and unknown frames with an error and keeps the socket working", async () => {
    const { bot } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor } = await visitorChat(bot.public_key);
    visitor.send(JSON.stringify({ type: "message:send", client_id: "big", text: "x", pad: "y".repeat(17 * 1024) }));
    expect(await visitor.next("error")).toMatchObject({ code: "FRAME_TOO_LARGE" });
    visitor.send("{not json");
    expect(await visitor.next("error")).toMatchObject({ code: "INVALID_FRAME" });
    visitor.send({ type: "message:send", text: "no client id" });
    expect(await visitor.next("error")).toMatchObject({ code: "INVALID_FRAME" });
    visitor.send({ type: "role:set", role: "agent" });
    expect(await visitor.next("error")).toMatchObject({ code: "INVALID_FRAME" });
    visitor.send({ type: "ping" });
    await visitor.next("pong");
    visitor.send({ type: "message:send", client_id: cid(), text: "still here" });
    expect(await visitor.next("message:ack")).toMatchObject({ seq: 1 });
    expect(visitor.closed).toBeNull();
    visitor.close();
  });

  it("rejects an agent REST reply with no text or over the limit", async () => {
    const { bot, agent } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    expect((await api(`/api/v1/conversations/${conversationId}/messages`, { token: agent.token, body: { text: "", client_id: "a" } })).status).toBe(400);
    expect((await api(`/api/v1/conversations/${conversationId}/messages`, { token: agent.token, body: { text: "x".repeat(4001), client_id: "b" } })).status).toBe(400);
    expect((await api(`/api/v1/conversations/${conversationId}/messages`, { token: agent.token, body: { text: "hi" } })).status).toBe(400);
    visitor.close();
  });
});
