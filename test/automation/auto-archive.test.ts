import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { runDailyDataJobs } from "../../worker/privacy/daily";
import { api, registerOwner } from "../helpers";
import { botWithKnowledge, chattingVisitor, daysFromNow } from "../privacy/fixtures";

const status = (id: string) => env.DB.prepare(`select status from conversations where id = ?1`).bind(id).first("status");

describe("auto-archive per chatbot", { timeout: 60_000 }, () => {
  it("archives a chatbot's resolved conversations after its own period; another chatbot keeps the workspace's 90 days", async () => {
    const owner = await registerOwner();
    const quick = await botWithKnowledge(owner);
    const plain = await botWithKnowledge(owner);
    const bad = await api(`/api/v1/chatbots/${quick.id}`, { method: "PATCH", token: owner.token, body: { behavior_settings: { auto_archive_days: 0 } } });
    expect(bad.status).toBe(400);
    const set = await api(`/api/v1/chatbots/${quick.id}`, { method: "PATCH", token: owner.token, body: { behavior_settings: { auto_archive_days: 7 } } });
    expect(set.status, set.text).toBe(200);
    expect(set.json.behavior_settings.auto_archive_days).toBe(7);
    const a = await chattingVisitor(owner, quick);
    const b = await chattingVisitor(owner, plain);
    for (const c of [a, b]) {
      c.visitor.close();
      expect((await api(`/api/v1/conversations/${c.conversationId}/resolve`, { token: owner.token, body: {} })).status).toBe(200);
    }
    await runDailyDataJobs(env, daysFromNow(6));
    expect(await status(a.conversationId)).toBe("resolved");
    await runDailyDataJobs(env, daysFromNow(8));
    expect(await status(a.conversationId)).toBe("archived");
    expect(await status(b.conversationId)).toBe("resolved");
    await runDailyDataJobs(env, daysFromNow(91));
    expect(await status(b.conversationId)).toBe("archived");
  });
});
