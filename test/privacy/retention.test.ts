import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { runDailyDataJobs } from "../../worker/privacy/daily";
import { addMember } from "../chatbots/fixtures";
import { api, conversationStub, registerOwner, storedState } from "../helpers";
import { cid, eventually } from "../live/helpers";
import { PNG, botWithKnowledge, chattingVisitor, daysFromNow, doStorage } from "./fixtures";

const count = (sql: string, ...args: unknown[]) => env.DB.prepare(sql).bind(...args).first<number>("n");
const age = (conversationId: string, days: number) =>
  env.DB.prepare(`update conversations set last_message_at = ?1, created_at = ?1 where id = ?2`).bind(daysFromNow(-days).toISOString(), conversationId).run();

describe("retention settings", () => {
  it("default to keeping everything and archiving resolved conversations after 90 days", async () => {
    const owner = await registerOwner();
    const res = await api("/api/v1/workspace", { token: owner.token });
    expect(res.json.data_retention).toEqual({ conversations_days: null, attachments_days: null, archive_resolved_after_days: 90 });
  });

  it("are changed by owners and admins with PATCH /workspace, validated, and audited", async () => {
    const owner = await registerOwner();
    const agent = await addMember(owner.workspaceId, "agent");
    const admin = await addMember(owner.workspaceId, "admin");
    expect((await api("/api/v1/workspace", { method: "PATCH", token: agent.token, body: { data_retention: { conversations_days: 30 } } })).status).toBe(403);
    for (const bad of [{ conversations_days: 0 }, { attachments_days: 5000 }, { conversations_days: "30" }, { archive_resolved_after_days: null }, { forever: true }]) {
      const res = await api("/api/v1/workspace", { method: "PATCH", token: admin.token, body: { data_retention: bad } });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    const ok = await api("/api/v1/workspace", { method: "PATCH", token: admin.token, body: { data_retention: { conversations_days: 365, attachments_days: 30 } } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.data_retention).toEqual({ conversations_days: 365, attachments_days: 30, archive_resolved_after_days: 90 });
    const back = await api("/api/v1/workspace", { method: "PATCH", token: owner.token, body: { data_retention: { attachments_days: null } } });
    expect(back.json.data_retention).toEqual({ conversations_days: 365, attachments_days: null, archive_resolved_after_days: 90 });
    expect(back.json.name).toBe("Acme Shop");
    expect(await count(`select count(*) as n from audit_logs where workspace_id = ?1 and action = 'workspace.retention_changed'`, owner.workspaceId)).toBe(2);
  });
});

describe("the daily retention purge", () => {
  let owner: Awaited<ReturnType<typeof registerOwner>>;
  let bot: { id: string; public_key: string };
  beforeAll(async () => {
    owner = await registerOwner();
    bot = await botWithKnowledge(owner);
  });

  it("deletes conversations older than the workspace's period everywhere they live, and keeps newer ones and other workspaces' data", async () => {
    const old = await chattingVisitor(owner, bot);
    const recent = await chattingVisitor(owner, bot);
    const elsewhere = await registerOwner();
    const elsewhereBot = await botWithKnowledge(elsewhere);
    const keep = await chattingVisitor(elsewhere, elsewhereBot);
    for (const c of [old, recent, keep]) c.visitor.close();
    await age(old.conversationId, 40);
    await age(keep.conversationId, 400);
    expect((await api("/api/v1/workspace", { method: "PATCH", token: owner.token, body: { data_retention: { conversations_days: 30 } } })).status).toBe(200);

    await runDailyDataJobs(env, new Date());
    for (const table of ["conversations where id", "messages where conversation_id", "messages_fts where conversation_id", "conversation_events where conversation_id",
      "conversation_notes where conversation_id", "attachments where conversation_id", "kb_queries where conversation_id", "answer_feedback where conversation_id"]) {
      expect(await count(`select count(*) as n from ${table} = ?1`, old.conversationId), table).toBe(0);
      expect(await count(`select count(*) as n from ${table} = ?1`, recent.conversationId), table).toBeGreaterThan(0);
      expect(await count(`select count(*) as n from ${table} = ?1`, keep.conversationId), table).toBeGreaterThan(0);
    }
    expect((await env.FILES.list({ prefix: `ws/${owner.workspaceId}/conv/${old.conversationId}/` })).objects).toHaveLength(0);
    expect((await env.FILES.list({ prefix: `ws/${owner.workspaceId}/conv/${recent.conversationId}/` })).objects).toHaveLength(1);
    expect(await doStorage(conversationStub(old.conversationId))).toEqual({ rows: 0, alarm: false });
    expect((await doStorage(conversationStub(recent.conversationId))).rows).toBeGreaterThan(0);
    expect((await doStorage(conversationStub(keep.conversationId))).rows).toBeGreaterThan(0);
    const audit = await env.DB.prepare(`select changes from audit_logs where workspace_id = ?1 and action = 'retention.applied'`).bind(owner.workspaceId).first<{ changes: string }>();
    expect(JSON.parse(audit!.changes)).toMatchObject({ conversations: 1, attachments: 0 });
  });

  it("deletes attachments older than the attachment period from R2, D1 and the messages that carried them", async () => {
    const chat = await chattingVisitor(owner, bot);
    chat.visitor.send({
      type: "message:send",
      client_id: cid(),
      text: "here is my receipt",
      attachments: [{ id: chat.attachment.id, url: chat.attachment.url, name: "receipt.png", content_type: "image/png", size: PNG.byteLength }],
    });
    await chat.visitor.next("message:ack");
    await eventually(async () => expect(await count(`select count(*) as n from messages where conversation_id = ?1 and attachments is not null`, chat.conversationId)).toBe(1));
    chat.visitor.close();
    await env.DB.prepare(`update attachments set created_at = ?1 where id = ?2`).bind(daysFromNow(-10).toISOString(), chat.attachment.id).run();
    expect((await api("/api/v1/workspace", { method: "PATCH", token: owner.token, body: { data_retention: { conversations_days: null, attachments_days: 7 } } })).status).toBe(200);

    await runDailyDataJobs(env, new Date());
    expect(await count(`select count(*) as n from attachments where id = ?1`, chat.attachment.id)).toBe(0);
    expect(await env.FILES.get(`ws/${owner.workspaceId}/conv/${chat.conversationId}/${chat.attachment.id}`)).toBeNull();
    const mirrored = await env.DB.prepare(`select attachments from messages where conversation_id = ?1 and text = 'here is my receipt'`).bind(chat.conversationId).first<{ attachments: string | null }>();
    expect(mirrored!.attachments).toBeNull();
    const inLog = await runInDurableObject(conversationStub(chat.conversationId), (_i, state) =>
      state.storage.sql.exec<{ attachments: string | null }>(`select attachments from messages where text = 'here is my receipt'`).one(),
    );
    expect(inLog.attachments).toBeNull();
    expect(await count(`select count(*) as n from conversations where id = ?1`, chat.conversationId)).toBe(1);
  });
});

describe("the 90-day archive", () => {
  it("archives conversations resolved more than 90 days ago through the conversation's status machine, so the DO and D1 agree", async () => {
    const owner = await registerOwner();
    const bot = await botWithKnowledge(owner);
    const chat = await chattingVisitor(owner, bot);
    const fresh = await chattingVisitor(owner, bot);
    chat.visitor.close();
    fresh.visitor.close();
    for (const id of [chat.conversationId, fresh.conversationId]) {
      expect((await api(`/api/v1/conversations/${id}/resolve`, { token: owner.token, body: {} })).status).toBe(200);
    }
    await env.DB.prepare(`update conversations set resolved_at = ?1 where id = ?2`).bind(daysFromNow(5).toISOString(), fresh.conversationId).run();

    await runDailyDataJobs(env, daysFromNow(89));
    expect(await env.DB.prepare(`select status from conversations where id = ?1`).bind(chat.conversationId).first("status")).toBe("resolved");

    await runDailyDataJobs(env, daysFromNow(91));
    expect(await env.DB.prepare(`select status from conversations where id = ?1`).bind(chat.conversationId).first("status")).toBe("archived");
    const view = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(view.json.status ?? view.json.conversation?.status).toBe("archived");
    const state = await storedState(chat.conversationId);
    expect(state.status).toBe("archived");
    const event = await env.DB.prepare(`select actor from conversation_events where conversation_id = ?1 and to_status = 'archived'`).bind(chat.conversationId).first("actor");
    expect(event).toBe("system");
    // resolved 5 days later than the other: 86 days at the second run, so it stays resolved
    expect(await env.DB.prepare(`select status from conversations where id = ?1`).bind(fresh.conversationId).first("status")).toBe("resolved");
  });

  it("follows the workspace's own archive period", async () => {
    const owner = await registerOwner();
    const bot = await botWithKnowledge(owner);
    const chat = await chattingVisitor(owner, bot);
    chat.visitor.close();
    expect((await api(`/api/v1/conversations/${chat.conversationId}/resolve`, { token: owner.token, body: {} })).status).toBe(200);
    expect((await api("/api/v1/workspace", { method: "PATCH", token: owner.token, body: { data_retention: { archive_resolved_after_days: 30 } } })).status).toBe(200);
    await runDailyDataJobs(env, daysFromNow(31));
    expect(await env.DB.prepare(`select status from conversations where id = ?1`).bind(chat.conversationId).first("status")).toBe("archived");
  });
});
