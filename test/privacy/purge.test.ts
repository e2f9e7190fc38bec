import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { runScheduled } from "../../worker/scheduled";
import { runDailyDataJobs } from "../../worker/privacy/daily";
import { api, conversationStub } from "../helpers";
import { botWithKnowledge, chattingVisitor, daysFromNow, doStorage, footprint, hubDo, populatedWorkspace } from "./fixtures";

describe("purging a deleted chatbot", () => {
  it("keeps everything during the 30-day grace period, then the daily job leaves nothing of it in D1, R2 or its Durable Objects", async () => {
    const { owner, bot, chat } = await populatedWorkspace();
    const keep = await botWithKnowledge(owner);
    const kept = await chattingVisitor(owner, keep);
    const other = await populatedWorkspace();

    const before = await footprint(owner.workspaceId, [bot.id]);
    for (const table of ["messages.workspace_id", "conversations.chatbot_id", "visitors.chatbot_id", "faqs.chatbot_id", "documents.chatbot_id", "chunks.chatbot_id",
      "chunks_fts.chatbot_id", "kb_queries.chatbot_id", "answer_feedback.chatbot_id", "attachments.workspace_id", "r2"]) {
      expect(before[table], `${table} before`).toBeGreaterThan(0);
    }
    expect((await doStorage(conversationStub(chat.conversationId))).rows).toBeGreaterThan(0);
    const ofChatbot = (f: Record<string, number>) => Object.fromEntries(Object.entries(f).filter(([k]) => k.endsWith(".chatbot_id")));
    const keptBefore = ofChatbot(await footprint(owner.workspaceId, [keep.id]));
    const otherBefore = await footprint(other.owner.workspaceId, [other.bot.id]);
    chat.visitor.close();

    expect((await api(`/api/v1/chatbots/${bot.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    await runDailyDataJobs(env, daysFromNow(29));
    expect(await env.DB.prepare(`select count(*) as n from faqs where chatbot_id = ?1`).bind(bot.id).first("n")).toBe(1);

    await runDailyDataJobs(env, daysFromNow(31));
    const after = await footprint(owner.workspaceId, [bot.id]);
    expect(after["chatbots"]).toBeUndefined();
    for (const [k, n] of Object.entries(after)) {
      // what remains under the workspace belongs to the chatbot that was kept (and the workspace itself)
      if (k.endsWith(".chatbot_id")) expect(n, k).toBe(0);
    }
    expect(await env.DB.prepare(`select count(*) as n from conversations where id = ?1`).bind(chat.conversationId).first("n")).toBe(0);
    expect(await env.DB.prepare(`select count(*) as n from messages where conversation_id = ?1`).bind(chat.conversationId).first("n")).toBe(0);
    expect(await env.DB.prepare(`select count(*) as n from messages_fts where conversation_id = ?1`).bind(chat.conversationId).first("n")).toBe(0);
    expect(await env.DB.prepare(`select count(*) as n from visitors where id = ?1`).bind(chat.visitorId).first("n")).toBe(0);
    expect((await env.FILES.list({ prefix: `ws/${owner.workspaceId}/conv/${chat.conversationId}/` })).objects).toHaveLength(0);
    expect(await doStorage(conversationStub(chat.conversationId))).toEqual({ rows: 0, alarm: false });
    const audit = await env.DB.prepare(`select count(*) as n from audit_logs where workspace_id = ?1 and action = 'chatbot.purged' and resource_id = ?2`).bind(owner.workspaceId, bot.id).first("n");
    expect(audit).toBe(1);

    // the workspace's other chatbot and another workspace are untouched
    expect(ofChatbot(await footprint(owner.workspaceId, [keep.id]))).toEqual(keptBefore);
    expect(await footprint(other.owner.workspaceId, [other.bot.id])).toEqual(otherBefore);
    expect((await doStorage(conversationStub(kept.conversationId))).rows).toBeGreaterThan(0);
    kept.visitor.close();
    other.chat.visitor.close();
  });

  it("runs from the daily cron trigger and not from the 15-minute one", async () => {
    const owner = await (await import("../helpers")).registerOwner();
    const bot = await botWithKnowledge(owner);
    await env.DB.prepare(`update chatbots set deleted_at = ?1 where id = ?2`).bind(daysFromNow(-40).toISOString(), bot.id).run();
    const run = async (cron: string) => {
      const ctx = createExecutionContext();
      await runScheduled(createScheduledController({ cron, scheduledTime: Date.now() }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await run("*/15 * * * *");
    expect(await env.DB.prepare(`select count(*) as n from chatbots where id = ?1`).bind(bot.id).first("n")).toBe(1);
    await run("0 3 * * *");
    expect(await env.DB.prepare(`select count(*) as n from chatbots where id = ?1`).bind(bot.id).first("n")).toBe(0);
    expect(await env.DB.prepare(`select count(*) as n from chunks where chatbot_id = ?1`).bind(bot.id).first("n")).toBe(0);
  });
});

describe("deleting a workspace", () => {
  it("is for owners only and asks for the workspace's name", async () => {
    const { owner } = await populatedWorkspace();
    const { addMember } = await import("../chatbots/fixtures");
    const admin = await addMember(owner.workspaceId, "admin");
    expect((await api("/api/v1/workspace", { method: "DELETE", token: admin.token, body: { confirm: "Acme Shop" } })).status).toBe(403);
    const wrong = await api("/api/v1/workspace", { method: "DELETE", token: owner.token, body: { confirm: "acme" } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe("CONFIRMATION_MISMATCH");
    expect((await api("/api/v1/workspace", { method: "DELETE", token: owner.token, body: {} })).status).toBe(400);
    expect((await api("/api/v1/workspace", { token: owner.token })).status).toBe(200);
  });

  it("stops sign-ins, keys and widgets at once, and after 30 days leaves nothing in D1, R2 or any Durable Object while another workspace is untouched", async () => {
    const { owner, bot, chat } = await populatedWorkspace();
    const second = await botWithKnowledge(owner);
    const other = await populatedWorkspace();
    // the hub holds something (a socket ticket) before the purge
    expect((await api("/api/v1/realtime/ws-ticket", { token: owner.token, body: {} })).status).toBe(201);
    expect((await doStorage(hubDo(owner.workspaceId))).rows).toBeGreaterThan(0);
    const botIds = [bot.id, second.id];
    const before = await footprint(owner.workspaceId, botIds);
    expect(Object.keys(before).length).toBeGreaterThan(15);
    const otherBefore = await footprint(other.owner.workspaceId, [other.bot.id]);
    chat.visitor.close();

    const del = await api("/api/v1/workspace", { method: "DELETE", token: owner.token, body: { confirm: "Acme Shop" } });
    expect(del.status, del.text).toBe(202);
    expect(Date.parse(del.json.purge_after) - Date.parse(del.json.deleted_at)).toBe(30 * 86_400_000);
    expect((await api("/api/v1/workspace", { token: owner.token })).status).toBe(401);
    const session = await api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: "https://shop.example.com/" } }, headers: { origin: "https://shop.example.com" } });
    expect(session.status).toBe(404);
    const audit = await env.DB.prepare(`select count(*) as n from audit_logs where workspace_id = ?1 and action = 'workspace.deleted'`).bind(owner.workspaceId).first("n");
    expect(audit).toBe(1);

    await runDailyDataJobs(env, daysFromNow(31));
    expect(await footprint(owner.workspaceId, botIds)).toEqual({});
    expect(await doStorage(conversationStub(chat.conversationId))).toEqual({ rows: 0, alarm: false });
    expect(await doStorage(hubDo(owner.workspaceId))).toEqual({ rows: 0, alarm: false });
    expect(await footprint(other.owner.workspaceId, [other.bot.id])).toEqual(otherBefore);
    expect((await doStorage(conversationStub(other.chat.conversationId))).rows).toBeGreaterThan(0);
    // the owner's account stays (people are not workspace data), without the membership
    expect(await env.DB.prepare(`select count(*) as n from users where id = ?1`).bind(owner.userId).first("n")).toBe(1);
    other.chat.visitor.close();
  });
});

describe("deleting a workspace with an API key", () => {
  it("is refused: only the signed-in owner can delete a workspace", async () => {
    const { addApiKey } = await import("../chatbots/fixtures");
    const owner = await (await import("../helpers")).registerOwner();
    const key = await addApiKey(owner.workspaceId, ["workspace:delete"]);
    const res = await api("/api/v1/workspace", { method: "DELETE", token: key, body: { confirm: "Acme Shop" } });
    expect(res.status).toBe(403);
    expect(await env.DB.prepare(`select deleted_at from workspaces where id = ?1`).bind(owner.workspaceId).first("deleted_at")).toBeNull();
  });
});
