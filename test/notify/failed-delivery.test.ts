import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { notifyFailedSend } from "../../worker/notifications/failed";
import { api } from "../helpers";
import { seedConversation, seedVisitor, seedWorkspace } from "../inbox/seed";

async function agentMessage(workspaceId: string, authorId: string | null, assignee: string | null) {
  const conv = await seedConversation(workspaceId, { visitor_id: await seedVisitor(workspaceId, { name: "Mali" }), assigned_agent_id: assignee, messages: [{ role: "visitor", text: "hi" }] });
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  await env.DB.prepare(`INSERT INTO messages (id, workspace_id, conversation_id, seq, role, author_id, text, created_at) VALUES (?1, ?2, ?3, 2, ?4, ?5, 'Your order ships today', ?6)`)
    .bind(id, workspaceId, conv, authorId ? "agent" : "bot", authorId, new Date().toISOString())
    .run();
  return { conv, id };
}

const failedOf = async (token: string) => (await api("/api/v1/notifications", { token })).json.data.filter((n: { type: string }) => n.type === "failed_delivery");

describe("failed deliveries", () => {
  it("tell the agent who wrote the message, once, with the provider's error", async () => {
    const ws = await seedWorkspace();
    const { conv, id } = await agentMessage(ws.workspaceId, ws.agent.userId, null);
    await notifyFailedSend(env, id, "LINE push answered 503: {}");
    await notifyFailedSend(env, id, "LINE push answered 503: {}"); // the give-up of a redelivered message
    const mine = await failedOf(ws.agent.token);
    expect(mine).toHaveLength(1);
    expect(mine[0].data).toMatchObject({ conversation_id: conv, message_id: id, actor_name: "Mali", error: "LINE push answered 503: {}" });
    expect(await failedOf(ws.owner.token)).toHaveLength(0);
  });

  it("without an author, tell the owners and admins", async () => {
    const ws = await seedWorkspace();
    const { id } = await agentMessage(ws.workspaceId, null, null);
    await notifyFailedSend(env, id, "refused");
    expect(await failedOf(ws.owner.token)).toHaveLength(1);
    expect(await failedOf(ws.admin.token)).toHaveLength(1);
    expect(await failedOf(ws.agent.token)).toHaveLength(0);
  });
});
