import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ERASED_TEXT } from "../../durable-objects/conversation/privacy";
import { addMember } from "../chatbots/fixtures";
import { api, conversationStub, registerOwner, storedState } from "../helpers";
import { ORIGIN } from "../live/helpers";
import { botWithKnowledge, chattingVisitor } from "./fixtures";

type Chat = Awaited<ReturnType<typeof chattingVisitor>>;
let owner: Awaited<ReturnType<typeof registerOwner>>;
let bot: { id: string; public_key: string };
let admin: { token: string };
let agent: { token: string };
let viewer: { token: string };

beforeAll(async () => {
  owner = await registerOwner();
  bot = await botWithKnowledge(owner);
  admin = await addMember(owner.workspaceId, "admin");
  agent = await addMember(owner.workspaceId, "agent");
  viewer = await addMember(owner.workspaceId, "viewer");
});

const doMessages = (conversationId: string) =>
  runInDurableObject(conversationStub(conversationId), (_i, state) =>
    state.storage.sql.exec<{ role: string; text: string; attachments: string | null; author_name: string | null }>(`select role, text, attachments, author_name from messages order by seq`).toArray(),
  );
const count = (sql: string, ...args: unknown[]) => env.DB.prepare(sql).bind(...args).first<number>("n");

describe("visitor data export", () => {
  it("gives owners and admins one JSON file of the visitor, their conversations and messages, with attachments as signed links, and audits it", async () => {
    const chat = await chattingVisitor(owner, bot);
    const res = await api(`/api/v1/visitors/${chat.visitorId}/export`, { token: admin.token });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`visitor-${chat.visitorId}.json`);
    expect(res.json.visitor).toMatchObject({ id: chat.visitorId, name: "Vera Visitor", email: "vera@example.com", browser: "Chrome" });
    expect(res.json.visitor.page_history[0].url).toBe(`${ORIGIN}/pricing`);
    expect(res.text).not.toContain("secret_hash");
    expect(res.json.conversations).toHaveLength(1);
    const conv = res.json.conversations[0];
    expect(conv.id).toBe(chat.conversationId);
    expect(conv.messages.map((m: { role: string; text: string }) => [m.role, m.text])).toContainEqual(["visitor", "How long does shipping take?"]);
    expect(conv.messages.some((m: { role: string; text: string }) => m.role === "bot" && m.text.includes("3 to 5 business days"))).toBe(true);
    expect(res.text).not.toContain("Vera is a VIP customer"); // internal notes are not the visitor's data
    expect(conv.attachments).toHaveLength(1);
    expect(conv.attachments[0]).toMatchObject({ id: chat.attachment.id, name: "receipt.png", content_type: "image/png" });
    const file = await api(conv.attachments[0].url.replace(/^https?:\/\/[^/]+/, ""));
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(await count(`select count(*) as n from audit_logs where workspace_id = ?1 and action = 'visitor.exported' and resource_id = ?2`, owner.workspaceId, chat.visitorId)).toBe(1);
    chat.visitor.close();
  });
});

describe("visitor erasure", () => {
  let chat: Chat;
  let before: { status: string; message_count: number };

  beforeAll(async () => {
    chat = await chattingVisitor(owner, bot, "Where is my order 98765 for Vera Street?");
    before = (await env.DB.prepare(`select status, message_count from conversations where id = ?1`).bind(chat.conversationId).first<{ status: string; message_count: number }>())!;
  });

  it("erases the visitor's messages in the conversation's log, the D1 mirror and the search index, and closes their socket", async () => {
    const search = await api(`/api/v1/conversations/search?q=${encodeURIComponent("98765")}`, { token: owner.token });
    expect(search.json.data.length).toBeGreaterThan(0);

    const res = await api(`/api/v1/visitors/${chat.visitorId}`, { method: "DELETE", token: owner.token });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ visitor_id: chat.visitorId, conversations: 1, attachments: 1 });
    expect(res.json.messages).toBeGreaterThanOrEqual(2);
    expect((await chat.visitor.waitClosed())?.code).toBe(4004);

    const log = await doMessages(chat.conversationId);
    expect(log.length).toBeGreaterThanOrEqual(2);
    for (const m of log) expect(m).toMatchObject({ text: ERASED_TEXT, attachments: null });
    expect(log.filter((m) => m.role === "visitor").every((m) => m.author_name === null)).toBe(true);
    const state = await storedState(chat.conversationId);
    expect(state).toMatchObject({ visitorName: null, subject: null, ratingComment: null, context: { pageUrl: null, pageTitle: null, locale: null } });
    expect(state.erasedAt).toBeTruthy();

    const { results } = await env.DB.prepare(`select text, attachments from messages where conversation_id = ?1`).bind(chat.conversationId).all<{ text: string; attachments: string | null }>();
    expect(results.length).toBe(log.length);
    for (const m of results) expect(m).toEqual({ text: ERASED_TEXT, attachments: null });
    expect(await count(`select count(*) as n from messages_fts where conversation_id = ?1`, chat.conversationId)).toBe(0);
    for (const q of ["98765", "Vera", "erased"]) {
      const hits = await api(`/api/v1/conversations/search?q=${encodeURIComponent(q)}`, { token: owner.token });
      expect(hits.json.data.filter((h: { conversation_id: string }) => h.conversation_id === chat.conversationId), q).toEqual([]);
    }
  });

  it("deletes the visitor, their files, notes and words elsewhere, and keeps the conversation as a tombstone so metrics stay consistent", async () => {
    expect(await count(`select count(*) as n from visitors where id = ?1`, chat.visitorId)).toBe(0);
    expect((await env.FILES.list({ prefix: `ws/${owner.workspaceId}/conv/${chat.conversationId}/` })).objects).toHaveLength(0);
    expect(await count(`select count(*) as n from attachments where conversation_id = ?1`, chat.conversationId)).toBe(0);
    expect(await count(`select count(*) as n from conversation_notes where conversation_id = ?1`, chat.conversationId)).toBe(0);
    expect(await count(`select count(*) as n from kb_queries where conversation_id = ?1 and question <> ?2`, chat.conversationId, ERASED_TEXT)).toBe(0);
    expect(await count(`select count(*) as n from kb_queries where conversation_id = ?1`, chat.conversationId)).toBeGreaterThan(0);
    expect(await count(`select count(*) as n from answer_feedback where conversation_id = ?1 and comment is not null`, chat.conversationId)).toBe(0);
    const row = await env.DB.prepare(`select status, message_count, subject, erased_at, rating_comment from conversations where id = ?1`).bind(chat.conversationId).first<Record<string, unknown>>();
    expect(row).toMatchObject({ status: before.status, message_count: before.message_count, subject: null, rating_comment: null });
    expect(row!.erased_at).toBeTruthy();
    const detail = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(detail.status).toBe(200);
    expect(detail.text).not.toContain("98765");
    expect(await count(`select count(*) as n from audit_logs where workspace_id = ?1 and action = 'visitor.erased' and resource_id = ?2`, owner.workspaceId, chat.visitorId)).toBe(1);
    // the erased visitor's token no longer opens anything
    expect((await api("/api/v1/widget/conversations", { token: chat.token, body: {}, headers: { origin: ORIGIN } })).status).toBe(401);
    expect((await api(`/api/v1/visitors/${chat.visitorId}`, { method: "DELETE", token: owner.token })).status).toBe(404);
  });
});

describe("visitor data rights: who may", () => {
  it("refuses agents and viewers, and answers 404 for another workspace's visitor without touching it", async () => {
    const chat = await chattingVisitor(owner, bot);
    for (const member of [agent, viewer]) {
      expect((await api(`/api/v1/visitors/${chat.visitorId}/export`, { token: member.token })).status).toBe(403);
      expect((await api(`/api/v1/visitors/${chat.visitorId}`, { method: "DELETE", token: member.token })).status).toBe(403);
    }
    const stranger = await registerOwner();
    const exp = await api(`/api/v1/visitors/${chat.visitorId}/export`, { token: stranger.token });
    expect(exp.status).toBe(404);
    expect(exp.json.error.code).toBe("NOT_FOUND");
    expect((await api(`/api/v1/visitors/${chat.visitorId}`, { method: "DELETE", token: stranger.token })).status).toBe(404);
    expect(await count(`select count(*) as n from visitors where id = ?1`, chat.visitorId)).toBe(1);
    expect((await doMessages(chat.conversationId)).some((m) => m.text === "How long does shipping take?")).toBe(true);
    expect((await api(`/api/v1/visitors/vis_nope/export`, { token: owner.token })).status).toBe(404);
    chat.visitor.close();
  });
});

describe("widget self-service", () => {
  it("is off by default: the widget config says so and the endpoints answer 403", async () => {
    const plain = await botWithKnowledge(owner, { data_collection: {} });
    const cfg = await api(`/api/v1/widget/config?key=${plain.public_key}`, { headers: { origin: ORIGIN } });
    expect(cfg.json.data_collection.visitor_data_requests).toBe(false);
    const chat = await chattingVisitor(owner, plain);
    const res = await api("/api/v1/widget/me/export", { token: chat.token, headers: { origin: ORIGIN } });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("DATA_REQUESTS_DISABLED");
    expect((await api("/api/v1/widget/me", { method: "DELETE", token: chat.token, body: { confirm: true }, headers: { origin: ORIGIN } })).status).toBe(403);
    chat.visitor.close();
  });

  it("lets a visitor download their own data and, after confirming, erase it", async () => {
    const cfg = await api(`/api/v1/widget/config?key=${bot.public_key}`, { headers: { origin: ORIGIN } });
    expect(cfg.json.data_collection.visitor_data_requests).toBe(true);
    const chat = await chattingVisitor(owner, bot);
    expect((await api("/api/v1/widget/me/export", { headers: { origin: ORIGIN } })).status).toBe(401);
    const mine = await api("/api/v1/widget/me/export", { token: chat.token, headers: { origin: ORIGIN } });
    expect(mine.status, mine.text).toBe(200);
    expect(mine.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(mine.json.visitor.id).toBe(chat.visitorId);
    expect(mine.json.conversations.map((c: { id: string }) => c.id)).toEqual([chat.conversationId]);
    expect(mine.json.conversations[0].messages.some((m: { text: string }) => m.text === "How long does shipping take?")).toBe(true);

    const unconfirmed = await api("/api/v1/widget/me", { method: "DELETE", token: chat.token, body: {}, headers: { origin: ORIGIN } });
    expect(unconfirmed.status).toBe(400);
    expect(await count(`select count(*) as n from visitors where id = ?1`, chat.visitorId)).toBe(1);
    const erased = await api("/api/v1/widget/me", { method: "DELETE", token: chat.token, body: { confirm: true }, headers: { origin: ORIGIN } });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.json).toMatchObject({ visitor_id: chat.visitorId, conversations: 1 });
    expect(await count(`select count(*) as n from visitors where id = ?1`, chat.visitorId)).toBe(0);
    expect((await doMessages(chat.conversationId)).every((m) => m.text === ERASED_TEXT)).toBe(true);
    const audit = await env.DB.prepare(`select actor_user_id, changes from audit_logs where action = 'visitor.erased' and resource_id = ?1`).bind(chat.visitorId).first<{ actor_user_id: string | null; changes: string }>();
    expect(audit!.actor_user_id).toBeNull();
    expect(JSON.parse(audit!.changes).by).toBe("visitor");
    expect((await api("/api/v1/widget/me/export", { token: chat.token, headers: { origin: ORIGIN } })).status).toBe(401);
  });

  it("answers the DELETE preflight from the chatbot's site", async () => {
    const res = await api("/api/v1/widget/me", { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": "DELETE" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-methods")).toContain("DELETE");
  });
});
