import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { conversationStub } from "../../durable-objects/stubs";
import { registerOwner } from "../helpers";
import { connect, setupWorkspace, visitorChat } from "./helpers";

/**
 * The object checks the tenant inside the RPC that acts (the actor or visitor
 * scope carries it), so the Worker needs no snapshot round trip first.
 */
describe("tenant checks inside the acting RPC", () => {
  it("answers not-found to an actor or visitor of another workspace and changes nothing", async () => {
    const { bot, agent } = await setupWorkspace();
    const { visitor, conversationId, visitorId } = await visitorChat(bot.public_key);
    const stub = conversationStub(env, conversationId);
    const stranger = { id: agent.userId, name: "Stranger", role: "owner", workspaceId: "ws_someoneelse" };
    for (const r of [await stub.takeover(stranger), await stub.resolve(stranger), await stub.archive(stranger), await stub.agentMessage(stranger, "c1", "hi")]) {
      expect(r).toMatchObject({ ok: false, error: { status: 404, code: "NOT_FOUND" } });
    }
    expect(await stub.rate(5, null, { workspaceId: "ws_someoneelse", visitorId })).toMatchObject({ ok: false, error: { status: 404 } });
    expect(await stub.issueTicket({ kind: "agent", id: agent.userId, name: "Stranger", canRespond: true, workspaceId: "ws_someoneelse" })).toBeNull();
    expect(await stub.issueTicket({ kind: "visitor", id: "vis_other", name: null, canRespond: true })).toBeNull();
    expect(await stub.snapshot()).toMatchObject({ status: "active", mode: "bot", message_count: 0 });
    visitor.close();
  });

  it("acts for an actor of its own workspace in one RPC", async () => {
    const { bot, agent, owner } = await setupWorkspace();
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    const r = await conversationStub(env, conversationId).takeover({ id: agent.userId, name: "A agent", role: "agent", workspaceId: owner.workspaceId });
    expect(r).toMatchObject({ ok: true, value: { status: "agent_handling", assigned_agent_id: agent.userId } });
    visitor.close();
  });

  it("opens a hub socket for a member with a Thai name (the identity header stays ASCII)", async () => {
    const owner = await registerOwner({ name: "สมหญิง รักงาน" });
    const hub = await connect(`/api/v1/realtime/ws`, { token: owner.token });
    expect(hub.status).toBe(101);
    expect((await hub.frames!.next("hello")).agents).toEqual([{ user_id: owner.userId, name: "สมหญิง รักงาน", status: "online" }]);
    hub.frames!.close();
  });
});
