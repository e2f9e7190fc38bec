import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers";
import { seedConversation, seedVisitor, seedWorkspace, visitorToken } from "../inbox/seed";
import { cid, setupWorkspace, visitorChat } from "../live/helpers";

type Ws = Awaited<ReturnType<typeof seedWorkspace>>;
let a: Ws;
let b: Ws;

async function messageIds(conversationId: string) {
  const { results } = await env.DB.prepare(`select id, role from messages where conversation_id = ?1 order by seq`).bind(conversationId).all<{ id: string; role: string }>();
  return results;
}

async function chatbotOf(ws: Ws) {
  const res = await api("/api/v1/chatbots", { token: ws.owner.token, body: { name: "Help bot" } });
  expect(res.status, res.text).toBe(201);
  return res.json.id as string;
}

beforeAll(async () => {
  a = await seedWorkspace();
  b = await seedWorkspace();
});

describe("writes that name a second id stay inside the caller's workspace", () => {
  it("refuses a visitor's feedback on another workspace's bot message and leaves that workspace's vote as it was", async () => {
    // workspace B: a bot answer its visitor voted helpful
    const visB = await seedVisitor(b.workspaceId);
    const convB = await seedConversation(b.workspaceId, { visitor_id: visB, messages: [{ role: "visitor", text: "price?" }, { role: "bot", text: "It is 10 USD." }] });
    const botMsgB = (await messageIds(convB)).find((m) => m.role === "bot")!.id;
    const tokenB = await visitorToken(visB, b.workspaceId);
    const own = await api("/api/v1/widget/feedback", { token: tokenB, body: { conversation_id: convB, message_id: botMsgB, helpful: true } });
    expect(own.status, own.text).toBe(200);

    // workspace A's visitor names its own conversation but B's message id
    const visA = await seedVisitor(a.workspaceId);
    const convA = await seedConversation(a.workspaceId, { visitor_id: visA, messages: [{ role: "visitor", text: "hi" }, { role: "bot", text: "hello" }] });
    const tokenA = await visitorToken(visA, a.workspaceId);
    const attack = await api("/api/v1/widget/feedback", { token: tokenA, body: { conversation_id: convA, message_id: botMsgB, helpful: false, comment: "overwritten" } });
    expect(attack.status).toBe(404);

    const row = await env.DB.prepare(`select workspace_id, helpful, comment from answer_feedback where message_id = ?1`).bind(botMsgB).first<{ workspace_id: string; helpful: number; comment: string | null }>();
    expect(row).toEqual({ workspace_id: b.workspaceId, helpful: 1, comment: null });
  });

  it("refuses an agent's feedback on a message of another conversation, and on a visitor's own message", async () => {
    const vis = await seedVisitor(a.workspaceId);
    const conv1 = await seedConversation(a.workspaceId, { visitor_id: vis, messages: [{ role: "visitor", text: "q" }, { role: "bot", text: "a" }] });
    const conv2 = await seedConversation(a.workspaceId, { visitor_id: vis, messages: [{ role: "visitor", text: "q2" }, { role: "bot", text: "a2" }] });
    const [visitorMsg, botMsg1] = await messageIds(conv1);
    const other = await api("/api/v1/knowledge-base/feedback", { token: a.agent.token, body: { conversation_id: conv2, message_id: botMsg1!.id, helpful: true } });
    expect(other.status).toBe(404);
    const visitorOwn = await api("/api/v1/knowledge-base/feedback", { token: a.agent.token, body: { conversation_id: conv1, message_id: visitorMsg!.id, helpful: true } });
    expect(visitorOwn.status).toBe(404);
    const ok = await api("/api/v1/knowledge-base/feedback", { token: a.agent.token, body: { conversation_id: conv1, message_id: botMsg1!.id, helpful: true } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ conversation_id: conv1, message_id: botMsg1!.id, helpful: true, by: "agent" });
    const n = await env.DB.prepare(`select count(*) as n from answer_feedback where conversation_id in (?1, ?2)`).bind(conv1, conv2).first<{ n: number }>();
    expect(n!.n).toBe(1);
  });

  it("answers 404 when a canned response is created or moved onto another workspace's chatbot", async () => {
    const botB = await chatbotOf(b);
    const botA = await chatbotOf(a);
    const create = await api("/api/v1/canned-responses", { token: a.agent.token, body: { title: "Hi", shortcut: "/x-tenant", text: "Hello", chatbot_id: botB } });
    expect(create.status).toBe(404);
    expect(await env.DB.prepare(`select count(*) as n from canned_responses where chatbot_id = ?1`).bind(botB).first("n")).toBe(0);

    const mine = await api("/api/v1/canned-responses", { token: a.agent.token, body: { title: "Hi", shortcut: "/x-tenant", text: "Hello", chatbot_id: botA } });
    expect(mine.status, mine.text).toBe(201);
    const move = await api(`/api/v1/canned-responses/${mine.json.id}`, { method: "PATCH", token: a.agent.token, body: { chatbot_id: botB } });
    expect(move.status).toBe(404);
    expect((await api(`/api/v1/canned-responses/${mine.json.id}`, { token: a.agent.token })).json.chatbot_id).toBe(botA);
  });
});

describe("feedback on a live answer", () => {
  it("takes a visitor's vote on the bot answer they just received, and refuses it on their own message", async () => {
    const { bot } = await setupWorkspace();
    const { visitor, conversationId, token } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "What are your opening hours?" });
    const ack = await visitor.next("message:ack");
    const answer = await visitor.next((f: any) => f.type === "message:receive" && f.message.role === "bot", 10_000);
    const vote = await api("/api/v1/widget/feedback", { token, body: { conversation_id: conversationId, message_id: answer.message.id, helpful: true } });
    expect(vote.status, vote.text).toBe(200);
    expect(vote.json).toMatchObject({ conversation_id: conversationId, message_id: answer.message.id, helpful: true, by: "visitor" });
    const own = await api("/api/v1/widget/feedback", { token, body: { conversation_id: conversationId, message_id: ack.message_id, helpful: true } });
    expect(own.status).toBe(404);
    visitor.close();
  });
});
