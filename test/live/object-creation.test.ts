import { env, listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { conversationStub } from "../../durable-objects/stubs";
import { api } from "../helpers";
import { connect, setupWorkspace, startSession, visitorChat } from "./helpers";

const stored = async (ns: DurableObjectNamespace, name: string) => {
  const id = ns.idFromName(name).toString();
  return (await listDurableObjectIds(ns)).some((x) => x.toString() === id);
};

/** Tables in the object's own SQLite (the platform's internal ones aside). */
const tablesOf = (name: string) =>
  runInDurableObject(conversationStub(env, name), (_obj, state) =>
    state.storage.sql
      .exec<{ name: string }>(`select name from sqlite_master where type = 'table'`)
      .toArray()
      .map((r) => r.name)
      .filter((n) => !n.startsWith("_cf") && !n.startsWith("sqlite_")),
  );

describe("nobody creates Durable Objects without the API", () => {
  it("answers a made-up conversation socket with 401 and leaves no object behind", async () => {
    const name = `conv_made${Date.now()}up`;
    const res = await connect(`/api/v1/widget/conversations/${name}/ws?ticket=x`);
    expect(res.status).toBe(401);
    const agentSide = await connect(`/api/v1/conversations/${name}/ws?ticket=wst_${"0".repeat(32)}.9999999999.${"0".repeat(64)}`);
    expect(agentSide.status).toBe(401);
    expect(await stored(env.CONVERSATION as unknown as DurableObjectNamespace, name)).toBe(false);
  });

  it("answers a made-up workspace hub socket with 401 and leaves no object behind", async () => {
    const ws = `ws_made${Date.now()}up`;
    const res = await connect(`/api/v1/realtime/ws?ticket=x&workspace_id=${ws}`);
    expect(res.status).toBe(401);
    expect(await stored(env.WORKSPACE_HUB as unknown as DurableObjectNamespace, ws)).toBe(false);
  });

  it("refuses a real ticket presented for another conversation or workspace", async () => {
    const { bot, owner } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    const t = await api(`/api/v1/widget/conversations/${chat.conversationId}/ws-ticket`, { token: chat.token, body: {} });
    const other = `conv_other${Date.now()}`;
    expect((await connect(`/api/v1/widget/conversations/${other}/ws?ticket=${t.json.ticket}`)).status).toBe(401);
    expect(await stored(env.CONVERSATION as unknown as DurableObjectNamespace, other)).toBe(false);
    const h = await api(`/api/v1/realtime/ws-ticket`, { token: owner.token, body: {} });
    const otherWs = `ws_other${Date.now()}`;
    expect((await connect(`/api/v1/realtime/ws?ticket=${h.json.ticket}&workspace_id=${otherWs}`)).status).toBe(401);
    expect(await stored(env.WORKSPACE_HUB as unknown as DurableObjectNamespace, otherWs)).toBe(false);
    chat.visitor.close();
  });

  it("answers a visitor's or agent's request for a conversation nobody created with 404 and no object", async () => {
    const { bot, agent } = await setupWorkspace();
    const session = await startSession(bot.public_key);
    const name = `conv_nobody${Date.now()}`;
    expect((await api(`/api/v1/widget/conversations/${name}/messages`, { token: session.json.visitor_token })).status).toBe(404);
    expect((await api(`/api/v1/widget/conversations/${name}/ws-ticket`, { token: session.json.visitor_token, body: {} })).status).toBe(404);
    expect((await api(`/api/v1/conversations/${name}/takeover`, { token: agent.token, body: {} })).status).toBe(404);
    expect((await api(`/api/v1/conversations/${name}/ws-ticket`, { token: agent.token, body: {} })).status).toBe(404);
    expect(await stored(env.CONVERSATION as unknown as DurableObjectNamespace, name)).toBe(false);
  });

  it("never writes a schema into an object reached without the create call", async () => {
    const name = `conv_direct${Date.now()}`;
    const stub = conversationStub(env, name);
    expect(await stub.snapshot()).toBeNull();
    expect(await stub.history(0, 10)).toEqual([]);
    expect(await stub.issueTicket({ kind: "visitor", id: "vis_x", name: null, canRespond: true })).toBeNull();
    const res = await stub.fetch(new Request("http://do/ws", { headers: { upgrade: "websocket", "x-minichat-ticket": "x" } }));
    expect(res.status).toBe(404);
    expect(await tablesOf(name)).toEqual([]);
  });
});
