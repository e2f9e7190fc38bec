import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { api } from "../helpers";
import { connect, eventually, setupWorkspace, visitorChat } from "../live/helpers";

async function operator() {
  const { owner: op } = await setupWorkspace();
  await env.DB.prepare("insert into platform_admins (user_id, granted_at) values (?, ?)").bind(op.userId, new Date().toISOString()).run();
  await env.DB.prepare("update users set mfa_enabled = 1 where id = ?").bind(op.userId).run();
  return op;
}

describe("suspending a workspace and its live connections", () => {
  it("closes its open dashboard, agent and widget sockets and refuses new ones until the suspension is lifted", async () => {
    const op = await operator();
    const { owner, bot, agent } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    await eventually(async () => {
      const row = await env.DB.prepare("select id from conversations where id = ?").bind(chat.conversationId).first();
      if (!row) throw new Error("not mirrored yet");
    });
    const hub = await connect("/api/v1/realtime/ws", { token: agent.token });
    await hub.frames!.next("hello");
    const agentConv = await connect(`/api/v1/conversations/${chat.conversationId}/ws`, { token: agent.token });
    await agentConv.frames!.next("hello");
    const ticket = await api("/api/v1/realtime/ws-ticket", { token: owner.token, method: "POST" });
    expect(ticket.status).toBe(201);

    const res = await api(`/api/v1/admin/workspaces/${owner.workspaceId}/suspend`, { token: op.token, body: { reason: "chargeback" } });
    expect(res.status).toBe(200);

    expect(await hub.frames!.waitClosed()).toMatchObject({ code: 4001 });
    expect(await agentConv.frames!.waitClosed()).not.toBeNull();
    expect(await chat.visitor.waitClosed()).toMatchObject({ code: 4003 });
    expect(chat.visitor.frames.some((f) => f.type === "error" && f.code === "WORKSPACE_SUSPENDED")).toBe(true);

    // no way back in while suspended: the visitor's token, a member's token, or a ticket issued before
    const visitorAgain = await connect(`/api/v1/widget/conversations/${chat.conversationId}/ws`, { token: chat.token });
    expect(visitorAgain.status).toBe(403);
    expect(JSON.parse(visitorAgain.body).error.code).toBe("WORKSPACE_SUSPENDED");
    const hubAgain = await connect("/api/v1/realtime/ws", { token: agent.token });
    expect(hubAgain.status).toBe(403);
    expect(JSON.parse(hubAgain.body).error.code).toBe("WORKSPACE_SUSPENDED");
    const withTicket = await connect(`/api/v1/realtime/ws?ticket=${encodeURIComponent(ticket.json.ticket)}&workspace_id=${owner.workspaceId}`);
    expect(withTicket.status).toBe(403);
    const agentAgain = await connect(`/api/v1/conversations/${chat.conversationId}/ws`, { token: agent.token });
    expect(agentAgain.status).toBe(403);

    // lifted: the same visitor reconnects to the same conversation, its messages kept
    expect((await api(`/api/v1/admin/workspaces/${owner.workspaceId}/unsuspend`, { token: op.token, method: "POST" })).status).toBe(200);
    const back = await connect(`/api/v1/widget/conversations/${chat.conversationId}/ws`, { token: chat.token });
    expect(back.status).toBe(101);
    await back.frames!.next("hello");
    back.frames!.close();
  });
});
