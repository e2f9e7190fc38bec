import { describe, expect, it } from "vitest";
import { api, inviteAndAccept, registerOwner } from "../helpers";

describe("workspace", () => {
  it("shows the caller's workspace and lets an owner rename it", async () => {
    const owner = await registerOwner({ workspace_name: "Blue Cafe" });
    const ws = await api("/api/v1/workspace", { token: owner.token });
    expect(ws.status).toBe(200);
    expect(ws.json).toMatchObject({ id: owner.workspaceId, name: "Blue Cafe", role: "owner", member_count: 1 });
    const renamed = await api("/api/v1/workspace", { method: "PATCH", token: owner.token, body: { name: "Green Cafe" } });
    expect(renamed.status).toBe(200);
    expect(renamed.json.name).toBe("Green Cafe");
    expect(renamed.json.slug).toBe(ws.json.slug);
  });

  it("rejects a rename by an agent and an empty name", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    expect((await api("/api/v1/workspace", { method: "PATCH", token: agent.token, body: { name: "X" } })).status).toBe(403);
    const empty = await api("/api/v1/workspace", { method: "PATCH", token: owner.token, body: { name: " " } });
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toBe("VALIDATION_ERROR");
  });
});

describe("members", () => {
  it("lists members with their roles", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    const res = await api("/api/v1/members", { token: agent.token });
    expect(res.status).toBe(200);
    expect(res.json.data.map((m: { role: string }) => m.role)).toEqual(["owner", "agent"]);
    expect(res.json.data[1]).toMatchObject({ user_id: agent.userId, email: agent.email, status: "active", email_verified: true });
  });

  it("lets an owner change a role and records it in the audit log", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    const res = await api(`/api/v1/members/${agent.userId}`, { method: "PATCH", token: owner.token, body: { role: "admin" } });
    expect(res.status).toBe(200);
    expect(res.json.role).toBe("admin");
    // the new role applies to the member's next request
    expect((await api("/api/v1/invitations", { token: agent.token })).status).toBe(200);
    const log = await api("/api/v1/audit-logs?action=member.role_changed", { token: owner.token });
    expect(log.json.data[0]).toMatchObject({ action: "member.role_changed", resource_id: agent.userId, actor_user_id: owner.userId, changes: { before: { role: "agent" }, after: { role: "admin" } } });
  });

  it("refuses role changes by agents and viewers", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    const viewer = await inviteAndAccept(owner.token, "viewer");
    expect((await api(`/api/v1/members/${viewer.userId}`, { method: "PATCH", token: agent.token, body: { role: "agent" } })).status).toBe(403);
    expect((await api(`/api/v1/members/${agent.userId}`, { method: "PATCH", token: viewer.token, body: { role: "viewer" } })).status).toBe(403);
  });

  it("refuses to let an admin demote, deactivate or remove an owner, or grant owner", async () => {
    const owner = await registerOwner();
    const admin = await inviteAndAccept(owner.token, "admin");
    const agent = await inviteAndAccept(owner.token, "agent");
    const demote = await api(`/api/v1/members/${owner.userId}`, { method: "PATCH", token: admin.token, body: { role: "agent" } });
    expect(demote.status).toBe(403);
    expect(demote.json.error.code).toBe("OWNER_PROTECTED");
    expect((await api(`/api/v1/members/${owner.userId}/deactivate`, { method: "POST", token: admin.token })).status).toBe(403);
    expect((await api(`/api/v1/members/${owner.userId}`, { method: "DELETE", token: admin.token })).status).toBe(403);
    const grant = await api(`/api/v1/members/${agent.userId}`, { method: "PATCH", token: admin.token, body: { role: "owner" } });
    expect(grant.status).toBe(403);
    expect(grant.json.error.code).toBe("ROLE_TOO_HIGH");
    // but an admin may manage agents
    expect((await api(`/api/v1/members/${agent.userId}`, { method: "PATCH", token: admin.token, body: { role: "viewer" } })).status).toBe(200);
  });

  it("refuses to demote, deactivate, remove or let leave the last owner", async () => {
    const owner = await registerOwner();
    for (const [path, method, body] of [
      [`/api/v1/members/${owner.userId}`, "PATCH", { role: "admin" }],
      [`/api/v1/members/${owner.userId}/deactivate`, "POST", undefined],
      [`/api/v1/members/${owner.userId}`, "DELETE", undefined],
      [`/api/v1/members/leave`, "POST", undefined],
    ] as const) {
      const res = await api(path, { method, token: owner.token, body });
      expect(res.status, `${method} ${path}`).toBe(409);
      expect(res.json.error.code).toBe("LAST_OWNER");
    }
  });

  it("lets an owner step down once there is a second owner", async () => {
    const owner = await registerOwner();
    const second = await inviteAndAccept(owner.token, "owner");
    const res = await api(`/api/v1/members/${owner.userId}`, { method: "PATCH", token: owner.token, body: { role: "admin" } });
    expect(res.status).toBe(200);
    expect((await api(`/api/v1/members/${second.userId}`, { method: "PATCH", token: second.token, body: { role: "admin" } })).json.error.code).toBe("LAST_OWNER");
  });

  it("ends a deactivated member's access at once and restores sign-in on reactivation", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    expect((await api("/api/v1/members", { token: agent.token })).status).toBe(200);
    const off = await api(`/api/v1/members/${agent.userId}/deactivate`, { method: "POST", token: owner.token });
    expect(off.status).toBe(200);
    expect(off.json.status).toBe("deactivated");
    const denied = await api("/api/v1/members", { token: agent.token });
    expect(denied.status).toBe(401);
    const refresh = await api("/api/v1/auth/refresh", { body: { refresh_token: agent.refreshToken } });
    expect(refresh.status).toBe(401);
    const login = await api("/api/v1/auth/login", { body: { email: agent.email, password: agent.password }, headers: { "cf-connecting-ip": "198.51.100.7" } });
    expect(login.status).toBe(403);
    expect(login.json.error.code).toBe("ACCOUNT_DEACTIVATED");
    expect((await api(`/api/v1/members/${agent.userId}/reactivate`, { method: "POST", token: owner.token })).json.status).toBe("active");
    const again = await api("/api/v1/auth/login", { body: { email: agent.email, password: agent.password }, headers: { "cf-connecting-ip": "198.51.100.8" } });
    expect(again.status).toBe(200);
  });

  it("removes a member and lets a member leave", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    const viewer = await inviteAndAccept(owner.token, "viewer");
    expect((await api(`/api/v1/members/${agent.userId}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await api("/api/v1/members", { token: agent.token })).status).toBe(401);
    expect((await api("/api/v1/members/leave", { method: "POST", token: viewer.token })).status).toBe(200);
    expect((await api("/api/v1/members", { token: viewer.token })).status).toBe(401);
    const left = await api("/api/v1/members", { token: owner.token });
    expect(left.json.data).toHaveLength(1);
  });

  it("answers 404 for another workspace's member and for unknown ids", async () => {
    const a = await registerOwner();
    const b = await registerOwner();
    for (const res of [
      await api(`/api/v1/members/${b.userId}`, { method: "PATCH", token: a.token, body: { role: "agent" } }),
      await api(`/api/v1/members/${b.userId}/deactivate`, { method: "POST", token: a.token }),
      await api(`/api/v1/members/${b.userId}`, { method: "DELETE", token: a.token }),
      await api(`/api/v1/members/usr_nope/reactivate`, { method: "POST", token: a.token }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("NOT_FOUND");
    }
  });

  it("rejects an unknown role", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    const res = await api(`/api/v1/members/${agent.userId}`, { method: "PATCH", token: owner.token, body: { role: "superadmin" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION_ERROR");
  });
});
