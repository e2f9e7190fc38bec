import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, conversationStub } from "../helpers";
import { cid, connect, setupWorkspace, startSession, ORIGIN, visitorChat } from "../live/helpers";
import { eventually } from "../integrations/fakes";

type Listed = { data: { id: string; type: string; data: Record<string, unknown>; read_at: string | null }[]; unread_count: number };
const list = async (token: string): Promise<Listed> => (await api("/api/v1/notifications", { token })).json as Listed;
const ofKind = async (token: string, kind: string, conversationId: string) => (await list(token)).data.filter((n) => n.type === kind && n.data.conversation_id === conversationId);

async function escalate(key: string) {
  const chat = await visitorChat(key);
  chat.visitor.send({ type: "message:send", client_id: cid(), text: "I want to talk to a person" });
  await chat.visitor.next("conversation:escalated", 10_000);
  return chat;
}

describe("the notification centre", () => {
  it("an escalation notifies the team (not viewers), once, with a link target; the bell counts it and mark-all clears it", async () => {
    const { owner, bot, agent, viewer } = await setupWorkspace();
    const chat = await escalate(bot.public_key);
    const [mine] = await eventually(async () => {
      const got = await ofKind(agent.token, "escalation", chat.conversationId);
      expect(got).toHaveLength(1);
      return got;
    });
    expect(mine!.data).toMatchObject({ conversation_id: chat.conversationId, excerpt: "I want to talk to a person" });
    expect(await ofKind(owner.token, "escalation", chat.conversationId)).toHaveLength(1);
    expect(await ofKind(viewer.token, "escalation", chat.conversationId)).toHaveLength(0);
    const before = await list(agent.token);
    expect(before.unread_count).toBeGreaterThanOrEqual(1);
    const all = await api("/api/v1/notifications/read-all", { method: "POST", token: agent.token });
    expect(all.status).toBe(200);
    expect(all.json.updated).toBe(before.unread_count);
    expect((await list(agent.token)).unread_count).toBe(0);
    // the owner's stay unread
    expect((await list(owner.token)).unread_count).toBeGreaterThanOrEqual(1);
    // default email for escalations: the team is mailed (the dev mailbox locally), in the member's language with the inbox link
    const mail = await eventually(async () => {
      const row = await env.DB.prepare(`SELECT subject, text FROM dev_mail WHERE "to" = ?1 AND subject LIKE '%waiting for a person%'`).bind(owner.email).first<{ subject: string; text: string }>();
      expect(row).not.toBeNull();
      return row!;
    });
    expect(mail.text).toContain(`/inbox/${chat.conversationId}`);
    expect(mail.text).toContain("/account/notifications");
  });

  it("the unanswered-escalation re-alert reaches the team again", async () => {
    const { bot, agent } = await setupWorkspace();
    const chat = await escalate(bot.public_key);
    await eventually(async () => expect(await ofKind(agent.token, "escalation", chat.conversationId)).toHaveLength(1));
    const { runDurableObjectAlarm, runInDurableObject } = await import("cloudflare:test");
    const stub = conversationStub(chat.conversationId);
    await runInDurableObject(stub, (_i, state) => void state.storage.sql.exec(`UPDATE schedule SET at = 0 WHERE kind = 'escalation_wait'`));
    await runDurableObjectAlarm(stub);
    const got = await eventually(async () => {
      const n = await ofKind(agent.token, "escalation", chat.conversationId);
      expect(n).toHaveLength(2);
      return n;
    }, 10_000);
    expect(got.map((n) => n.data.reason)).toContain("unanswered");
  });

  it("a member who turned in-app escalations off gets no row and no unread count", async () => {
    const { owner, bot, agent } = await setupWorkspace();
    const put = await api("/api/v1/notifications/preferences", { method: "PUT", token: agent.token, body: { escalation: { in_app: false, email: false } } });
    expect(put.status, put.text).toBe(200);
    const chat = await escalate(bot.public_key);
    await eventually(async () => expect(await ofKind(owner.token, "escalation", chat.conversationId)).toHaveLength(1));
    expect(await ofKind(agent.token, "escalation", chat.conversationId)).toHaveLength(0);
    expect((await list(agent.token)).unread_count).toBe(0);
    const mailed = await env.DB.prepare(`SELECT COUNT(*) AS n FROM dev_mail WHERE subject LIKE '%waiting for a person%' AND "to" = (SELECT email FROM users WHERE id = ?1)`).bind(agent.userId).first<{ n: number }>();
    expect(mailed?.n).toBe(0);
  });

  it("an offline-form message notifies the team as an offline message", async () => {
    const { bot, agent } = await setupWorkspace();
    const session = await startSession(bot.public_key);
    const token = session.json.visitor_token as string;
    const conv = await api("/api/v1/widget/conversations", { token, headers: { origin: ORIGIN }, body: { pre_chat: { name: "Nok", email: "nok@example.com" }, offline_message: "Do you ship to Chiang Mai?" } });
    expect(conv.status, conv.text).toBe(201);
    const [n] = await eventually(async () => {
      const got = await ofKind(agent.token, "offline_message", conv.json.id);
      expect(got).toHaveLength(1);
      return got;
    });
    expect(n!.data).toMatchObject({ actor_name: "Nok", excerpt: "Do you ship to Chiang Mai?" });
  });

  it("a transfer notifies the agent it went to, live on their dashboard", async () => {
    const { owner, bot, agent } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "hello" });
    await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "bot", 10_000);
    const hub = await connect(`/api/v1/realtime/ws`, { token: agent.token });
    await hub.frames!.next("hello");
    const take = await api(`/api/v1/conversations/${chat.conversationId}/takeover`, { method: "POST", token: owner.token });
    expect(take.status, take.text).toBe(200);
    const moved = await api(`/api/v1/conversations/${chat.conversationId}/transfer`, { token: owner.token, body: { agent_id: agent.userId } });
    expect(moved.status, moved.text).toBe(200);
    const frame = await hub.frames!.next((f) => f.type === "notification:new" && f.kind === "assignment", 10_000);
    expect(frame).toMatchObject({ conversation_id: chat.conversationId });
    expect(await ofKind(agent.token, "assignment", chat.conversationId)).toHaveLength(1);
    // the owner transferred it: no assignment notification for them
    expect(await ofKind(owner.token, "assignment", chat.conversationId)).toHaveLength(0);
    hub.frames!.close();
  });

  it("another member cannot read or mark someone's notification", async () => {
    const { owner, bot, agent } = await setupWorkspace();
    const chat = await escalate(bot.public_key);
    const [n] = await eventually(async () => {
      const got = await ofKind(agent.token, "escalation", chat.conversationId);
      expect(got).toHaveLength(1);
      return got;
    });
    const other = await setupWorkspace();
    expect((await api(`/api/v1/notifications/${n!.id}/read`, { method: "POST", token: other.owner.token })).status).toBe(404);
    expect((await api(`/api/v1/notifications/${n!.id}/read`, { method: "POST", token: owner.token })).status).toBe(404);
    expect((await api(`/api/v1/notifications/${n!.id}/read`, { method: "POST", token: agent.token })).json.read_at).not.toBeNull();
  });
});
