import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, inviteAndAccept, registerOwner } from "../helpers";

describe("API keys", () => {
  it("shows the key once, stores only its hash, and authenticates with its scopes", async () => {
    const owner = await registerOwner();
    const res = await api("/api/v1/api-keys", { token: owner.token, body: { name: "CRM sync", scopes: ["team:read", "audit:read"] } });
    expect(res.status).toBe(201);
    const key: string = res.json.key;
    expect(key).toMatch(/^mc_live_[A-Za-z0-9]{40}$/);
    expect(res.json).toMatchObject({ name: "CRM sync", prefix: key.slice(0, 12), scopes: ["team:read", "audit:read"], revoked_at: null });
    const row = await env.DB.prepare("select key_hash from api_keys where id = ?").bind(res.json.id).first<{ key_hash: string }>();
    expect(row?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.key_hash).not.toContain(key);

    const list = await api("/api/v1/api-keys", { token: owner.token });
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0].key).toBeUndefined();
    expect(JSON.stringify(list.json)).not.toContain(key);

    expect((await api("/api/v1/members", { token: key })).status).toBe(200);
    // a scope the key lacks is refused
    expect((await api("/api/v1/invitations", { token: key, body: { email: "x@example.com", role: "agent" } })).status).toBe(403);
    expect((await api("/api/v1/api-keys", { token: key })).status).toBe(403);
  });

  it("refuses a revoked key immediately and audits create and revoke", async () => {
    const owner = await registerOwner();
    const created = await api("/api/v1/api-keys", { token: owner.token, body: { name: "temp", scopes: ["team:read"] } });
    expect((await api("/api/v1/members", { token: created.json.key })).status).toBe(200);
    expect((await api(`/api/v1/api-keys/${created.json.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    const after = await api("/api/v1/members", { token: created.json.key });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe("INVALID_API_KEY");
    const listed = await api("/api/v1/api-keys", { token: owner.token });
    expect(listed.json.data[0].revoked_at).toBeTruthy();
    const log = await api("/api/v1/audit-logs?resource_type=api_key", { token: owner.token });
    expect(log.json.data.map((e: { action: string }) => e.action).sort()).toEqual(["api_key.created", "api_key.revoked"]);
  });

  it("refuses scopes that are unknown or above the creator's role", async () => {
    const owner = await registerOwner();
    const admin = await inviteAndAccept(owner.token, "admin");
    const unknown = await api("/api/v1/api-keys", { token: owner.token, body: { name: "x", scopes: ["everything"] } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe("VALIDATION_ERROR");
    const empty = await api("/api/v1/api-keys", { token: owner.token, body: { name: "x", scopes: [] } });
    expect(empty.status).toBe(400);
    const billing = await api("/api/v1/api-keys", { token: admin.token, body: { name: "x", scopes: ["billing:manage"] } });
    expect(billing.status).toBe(403);
    expect(billing.json.error.code).toBe("SCOPE_NOT_ALLOWED");
    expect((await api("/api/v1/api-keys", { token: owner.token, body: { name: "x", scopes: ["billing:manage"] } })).status).toBe(201);
  });

  it("refuses agents and viewers, and answers 404 for another workspace's key", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    expect((await api("/api/v1/api-keys", { token: agent.token, body: { name: "x", scopes: ["team:read"] } })).status).toBe(403);
    expect((await api("/api/v1/api-keys", { token: agent.token })).status).toBe(403);
    const other = await registerOwner();
    const key = await api("/api/v1/api-keys", { token: other.token, body: { name: "theirs", scopes: ["team:read"] } });
    const res = await api(`/api/v1/api-keys/${key.json.id}`, { method: "DELETE", token: owner.token });
    expect(res.status).toBe(404);
    expect((await api("/api/v1/members", { token: key.json.key })).status).toBe(200);
  });
});
