import { describe, expect, it } from "vitest";
import { decodeInternalHeader, encodeInternalHeader } from "../../durable-objects/internal-header";
import { api, registerOwner } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { ORIGIN, cid, connect, setupWorkspace, visitorChat } from "./helpers";

describe("agent socket on a conversation", () => {
  it("relays typing and read receipts both ways and delivers the agent's socket replies", async () => {
    const { bot, agent } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    const sock = await connect(`/api/v1/conversations/${conversationId}/ws`, { token: agent.token });
    expect(sock.status).toBe(101);
    const agentWs = sock.frames!;
    await agentWs.next("hello");
    visitor.send({ type: "typing:start" });
    expect(await agentWs.next("typing:start")).toEqual({ type: "typing:start", role: "visitor" });
    visitor.send({ type: "message:send", client_id: cid(), text: "Need help with my order" });
    const ack = await visitor.next("message:ack");
    expect((await agentWs.next("message:receive")).message).toMatchObject({ role: "visitor", seq: ack.seq });
    agentWs.send({ type: "typing:start" });
    expect(await visitor.next("typing:start")).toEqual({ type: "typing:start", role: "agent", name: "A agent" });
    agentWs.send({ type: "read", seq: ack.seq });
    expect(await visitor.next("read")).toEqual({ type: "read", role: "agent", seq: ack.seq });
    const clientId = cid();
    agentWs.send({ type: "message:send", client_id: clientId, text: "Let me check" });
    expect(await agentWs.next("message:ack")).toMatchObject({ client_id: clientId });
    // replying over the socket takes the conversation over
    expect(await visitor.next("agent:joined")).toMatchObject({ agent: { id: agent.userId, name: "A agent" } });
    expect((await visitor.next((f) => f.type === "message:receive" && f.message.role === "agent")).message.text).toBe("Let me check");
    agentWs.close();
    visitor.close();
  });

  it("carries an agent's Thai name to the visitor unchanged", async () => {
    const owner = await registerOwner({ name: "สมชาย ใจดี" });
    const bot = await createBot(owner.token, { allowed_origins: [ORIGIN], behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    const sock = await connect(`/api/v1/conversations/${conversationId}/ws`, { token: owner.token });
    expect(sock.status).toBe(101);
    const agentWs = sock.frames!;
    await agentWs.next("hello");
    agentWs.send({ type: "typing:start" });
    expect(await visitor.next("typing:start")).toEqual({ type: "typing:start", role: "agent", name: "สมชาย ใจดี" });
    agentWs.send({ type: "message:send", client_id: cid(), text: "สวัสดีครับ" });
    const reply = await visitor.next((f) => f.type === "message:receive" && f.message.role === "agent");
    expect(reply.message.author.name).toBe("สมชาย ใจดี");
    agentWs.close();
    visitor.close();
  });

  it("encodes the internal identity header as ASCII and reads it back", () => {
    const identity = { kind: "agent", id: "usr_1", name: "สมชาย ใจดี 😀", canRespond: true };
    const header = encodeInternalHeader(identity);
    expect(header).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeInternalHeader(header)).toEqual(identity);
    expect(decodeInternalHeader("not json at all")).toBeNull();
    expect(decodeInternalHeader(null)).toBeNull();
  });

  it("opens an agent socket from the last seq the dashboard has, replaying only what came after", async () => {
    const { bot, agent } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    for (const text of ["one", "two", "three"]) {
      visitor.send({ type: "message:send", client_id: cid(), text });
      await visitor.next("message:ack");
    }
    const sock = await connect(`/api/v1/conversations/${conversationId}/ws?last_seq=2`, { token: agent.token });
    expect(sock.status).toBe(101);
    expect(await sock.frames!.next("hello")).toMatchObject({ last_seq: 3 });
    const replayed = (await sock.frames!.quiet(300)).filter((f) => f.type === "message:receive").map((f) => f.message.text);
    expect(replayed).toEqual(["three"]);
    sock.frames!.close();
    visitor.close();
  });

  it("rejects a socket without a valid access token", async () => {
    const { bot } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    expect((await connect(`/api/v1/conversations/${conversationId}/ws`)).status).toBe(401);
    expect((await connect(`/api/v1/conversations/${conversationId}/ws`, { token: "not-a-jwt" })).status).toBe(401);
    expect((await api(`/api/v1/conversations/${conversationId}/ws`)).status).toBe(426);
    visitor.close();
  });

  it("measures the time from message:send to message:ack", async () => {
    const { bot } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor } = await visitorChat(bot.public_key);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      visitor.send({ type: "message:send", client_id: `p${i}`, text: `ping ${i}` });
      await visitor.next("message:ack");
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`message:send → message:ack over 10 messages: median ${times[5]!.toFixed(1)} ms, max ${times[9]!.toFixed(1)} ms`);
    expect(times[5]).toBeLessThan(500);
    visitor.close();
  });
});
