import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { MEMBER_RECHECK_MS, MEMBER_REFRESH_MS } from "../../durable-objects/conversation/live";
import { cid, eventually, holdingAgent } from "./helpers";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("an agent's replies on the live path", () => {
  it("a holder who resends a client_id gets the first ack again; the message is stored and shown once, and the next one takes the next seq", async () => {
    const { owner, chat, ws } = await holdingAgent();
    const repeated = cid();
    ws.send({ type: "message:send", client_id: repeated, text: "first reply" });
    const first = await ws.next("message:ack");
    ws.send({ type: "message:send", client_id: cid(), text: "second reply" });
    const second = await ws.next("message:ack");
    expect(second.seq).toBe(first.seq + 1);
    ws.send({ type: "message:send", client_id: repeated, text: "first reply" });
    expect(await ws.next("message:ack")).toEqual(first);
    const clientId = cid();
    ws.send({ type: "message:send", client_id: clientId, text: "third reply" });
    expect(await ws.next("message:ack")).toMatchObject({ client_id: clientId, seq: second.seq + 1 });
    const seen = (await chat.visitor.quiet(300)).filter((f) => f.type === "message:receive" && f.message.role === "agent").map((f) => f.message.text);
    expect(seen).toEqual(["first reply", "second reply", "third reply"]);
    // the stored log, as the conversation's history reads it (the D1 mirror follows within a second)
    await eventually(async () => {
      const detail = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
      expect(detail.json.messages.filter((m: any) => m.role === "agent").map((m: any) => m.text)).toEqual(["first reply", "second reply", "third reply"]);
    });
    ws.close();
    chat.visitor.close();
  });

  it("no frame passes on a membership check older than MEMBER_RECHECK_MS: after the session ended, the next one is refused and not stored", async () => {
    const { owner, agent, chat, ws } = await holdingAgent();
    ws.send({ type: "message:send", client_id: cid(), text: "checked" });
    await ws.next("message:ack");
    await env.DB.prepare(`update sessions set revoked_at = ?1 where user_id = ?2`).bind(new Date().toISOString(), agent.userId).run();
    await sleep(MEMBER_RECHECK_MS + 200);
    ws.send({ type: "message:send", client_id: cid(), text: "after the window" });
    expect(await ws.next("error")).toMatchObject({ code: "SESSION_ENDED" });
    expect(await ws.waitClosed()).toMatchObject({ code: 4001 });
    const detail = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(detail.json.messages.some((m: any) => m.text === "after the window")).toBe(false);
    chat.visitor.close();
  });

  it("a frame that finds the check older than MEMBER_REFRESH_MS starts the next one itself, so an ended session closes the socket without waiting for another frame", async () => {
    const { agent, chat, ws } = await holdingAgent();
    ws.send({ type: "message:send", client_id: cid(), text: "checked" });
    await ws.next("message:ack");
    await env.DB.prepare(`update sessions set revoked_at = ?1 where user_id = ?2`).bind(new Date().toISOString(), agent.userId).run();
    await sleep(MEMBER_REFRESH_MS + 200);
    ws.send({ type: "message:send", client_id: cid(), text: "inside the window" });
    expect(await ws.waitClosed()).toMatchObject({ code: 4001 });
    chat.visitor.close();
  });
});
