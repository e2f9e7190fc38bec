import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { recordAudit } from "../../worker/audit/record";
import { api, inviteAndAccept, registerOwner } from "../helpers";

describe("audit log", () => {
  it("records registration and lists entries newest first with the actor", async () => {
    const owner = await registerOwner();
    const res = await api("/api/v1/audit-logs", { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.json.data[0]).toMatchObject({ action: "user.registered", actor_user_id: owner.userId, actor_email: owner.email, resource_type: "user", resource_id: owner.userId });
    expect(res.json.next_cursor).toBeNull();
  });

  it("filters by action, actor, resource and time, and pages with a cursor", async () => {
    const owner = await registerOwner();
    const ws = { workspaceId: owner.workspaceId, userId: owner.userId };
    for (let i = 0; i < 5; i++) await recordAudit(env, ws, { action: "chatbot.updated", resource_type: "chatbot", resource_id: `cb_${i}`, changes: { after: { n: i } } });
    await recordAudit(env, { workspaceId: owner.workspaceId, apiKeyId: "key_x" }, { action: "chatbot.deleted", resource_type: "chatbot", resource_id: "cb_0" });

    const byAction = await api("/api/v1/audit-logs?action=chatbot.updated&limit=2", { token: owner.token });
    expect(byAction.json.data).toHaveLength(2);
    expect(byAction.json.data[0].changes).toEqual({ after: { n: expect.any(Number) } });
    const page2 = await api(`/api/v1/audit-logs?action=chatbot.updated&limit=2&cursor=${byAction.json.next_cursor}`, { token: owner.token });
    const page3 = await api(`/api/v1/audit-logs?action=chatbot.updated&limit=2&cursor=${page2.json.next_cursor}`, { token: owner.token });
    const ids = [...byAction.json.data, ...page2.json.data, ...page3.json.data].map((e: { resource_id: string }) => e.resource_id);
    // every entry exactly once across pages (entries written in the same millisecond may tie on time)
    expect([...ids].sort()).toEqual(["cb_0", "cb_1", "cb_2", "cb_3", "cb_4"]);
    expect(page3.json.next_cursor).toBeNull();

    const byResource = await api("/api/v1/audit-logs?resource_type=chatbot&resource_id=cb_0", { token: owner.token });
    expect(byResource.json.data.map((e: { action: string }) => e.action).sort()).toEqual(["chatbot.deleted", "chatbot.updated"]);
    expect(byResource.json.data.find((e: { action: string }) => e.action === "chatbot.deleted").actor_api_key_id).toBe("key_x");

    const byActor = await api(`/api/v1/audit-logs?actor_user_id=${owner.userId}&action=user.registered`, { token: owner.token });
    expect(byActor.json.data).toHaveLength(1);
    const future = await api("/api/v1/audit-logs?from=2999-01-01T00:00:00Z", { token: owner.token });
    expect(future.json.data).toHaveLength(0);
    const past = await api("/api/v1/audit-logs?to=2000-01-01T00:00:00Z", { token: owner.token });
    expect(past.json.data).toHaveLength(0);
  });

  it("records the client IP and user agent from the request", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    await api(`/api/v1/members/${agent.userId}`, { method: "PATCH", token: owner.token, body: { role: "viewer" }, headers: { "cf-connecting-ip": "203.0.113.5", "user-agent": "AuditTest/1.0" } });
    const log = await api("/api/v1/audit-logs?action=member.role_changed", { token: owner.token });
    expect(log.json.data[0]).toMatchObject({ ip: "203.0.113.5", user_agent: "AuditTest/1.0" });
  });

  it("never shows another workspace's entries", async () => {
    const a = await registerOwner();
    const b = await registerOwner();
    const res = await api(`/api/v1/audit-logs?actor_user_id=${b.userId}`, { token: a.token });
    expect(res.json.data).toHaveLength(0);
  });

  it("refuses agents and viewers, and rejects a bad limit, date or cursor", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    expect((await api("/api/v1/audit-logs", { token: agent.token })).status).toBe(403);
    expect((await api("/api/v1/audit-logs?limit=101", { token: owner.token })).json.error.code).toBe("VALIDATION_ERROR");
    expect((await api("/api/v1/audit-logs?from=yesterday", { token: owner.token })).json.error.code).toBe("VALIDATION_ERROR");
    expect((await api("/api/v1/audit-logs?cursor=%%%", { token: owner.token })).json.error.code).toBe("INVALID_CURSOR");
    expect((await api("/api/v1/audit-logs")).status).toBe(401);
  });
});
