import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, inviteAndAccept, registerOwner, STRONG_PASSWORD, uniqueEmail } from "../helpers";

async function invite(token: string, email: string, role = "agent") {
  const res = await api("/api/v1/invitations", { token, body: { email, role } });
  const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(email)}`);
  const link = mail.json.data[0]?.text.match(/(http\S+accept-invite#token=([A-Za-z0-9]+))/);
  return { res, url: link?.[1] as string, token: link?.[2] as string };
}

describe("invitations", () => {
  it("mails a link, shows it publicly, and creates the account on accept", async () => {
    const owner = await registerOwner({ workspace_name: "Lookup Shop" });
    const email = uniqueEmail("new");
    const inv = await invite(owner.token, email, "viewer");
    expect(inv.res.status).toBe(201);
    expect(inv.res.json).toMatchObject({ email, role: "viewer", status: "pending", invited_by: owner.userId });
    expect(inv.res.json.token).toBeUndefined();
    expect(inv.url.startsWith("http://127.0.0.1:8787/accept-invite#token=")).toBe(true);

    const pending = await api("/api/v1/invitations", { token: owner.token });
    expect(pending.json.data.map((i: { id: string }) => i.id)).toEqual([inv.res.json.id]);

    const look = await api("/api/v1/invitations/lookup", { body: { token: inv.token } });
    expect(look.status).toBe(200);
    expect(look.json).toMatchObject({ workspace_name: "Lookup Shop", email, role: "viewer", account_exists: false });

    const noPassword = await api("/api/v1/invitations/accept", { body: { token: inv.token, name: "Vic" } });
    expect(noPassword.status).toBe(400);
    expect(noPassword.json.error.code).toBe("PASSWORD_REQUIRED");
    const weak = await api("/api/v1/invitations/accept", { body: { token: inv.token, name: "Vic", password: "weak" } });
    expect(weak.json.error.code).toBe("WEAK_PASSWORD");

    const ok = await api("/api/v1/invitations/accept", { body: { token: inv.token, name: "Vic", password: STRONG_PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.json.user).toMatchObject({ email, role: "viewer", workspace_id: owner.workspaceId });
    expect((await api("/api/v1/invitations", { token: owner.token })).json.data).toHaveLength(0);

    const reused = await api("/api/v1/invitations/accept", { body: { token: inv.token, name: "Vic", password: STRONG_PASSWORD } });
    expect(reused.status).toBe(400);
    expect(reused.json.error.code).toBe("INVALID_TOKEN");
    expect((await api("/api/v1/invitations/lookup", { body: { token: inv.token } })).json.error.code).toBe("INVALID_TOKEN");

    const actions = await env.DB.prepare("select action from audit_logs where workspace_id = ? and action like 'invitation.%' order by created_at").bind(owner.workspaceId).all<{ action: string }>();
    expect(actions.results.map((r) => r.action)).toEqual(["invitation.created", "invitation.accepted"]);
  });

  it("lets an existing account join a second workspace with its password", async () => {
    const a = await registerOwner();
    const b = await registerOwner();
    const inv = await invite(b.token, a.email, "admin");
    expect((await api("/api/v1/invitations/lookup", { body: { token: inv.token } })).json.account_exists).toBe(true);
    const wrong = await api("/api/v1/invitations/accept", { body: { token: inv.token, password: "Wr0ng$password" } });
    expect(wrong.status).toBe(401);
    const ok = await api("/api/v1/invitations/accept", { body: { token: inv.token, password: a.password } });
    expect(ok.status).toBe(200);
    expect(ok.json.user).toMatchObject({ id: a.userId, workspace_id: b.workspaceId, role: "admin" });
    const me = await api("/api/v1/auth/me", { token: ok.json.access_token });
    expect(me.json.workspaces.map((w: { id: string }) => w.id).sort()).toEqual([a.workspaceId, b.workspaceId].sort());
    // and can pick the workspace at login
    const login = await api("/api/v1/auth/login", { body: { email: a.email, password: a.password, workspace_id: b.workspaceId }, headers: { "cf-connecting-ip": "100.64.0.9" } });
    expect(login.json.user).toMatchObject({ workspace_id: b.workspaceId, role: "admin" });
  });

  it("revokes a pending invitation so its link stops working", async () => {
    const owner = await registerOwner();
    const inv = await invite(owner.token, uniqueEmail());
    expect((await api(`/api/v1/invitations/${inv.res.json.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    const res = await api("/api/v1/invitations/accept", { body: { token: inv.token, name: "X", password: STRONG_PASSWORD } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("INVALID_TOKEN");
  });

  it("rejects an expired invitation", async () => {
    const owner = await registerOwner();
    const inv = await invite(owner.token, uniqueEmail());
    await env.DB.prepare("update invitations set expires_at = '2000-01-01T00:00:00.000Z' where id = ?").bind(inv.res.json.id).run();
    expect((await api("/api/v1/invitations/lookup", { body: { token: inv.token } })).json.error.code).toBe("INVALID_TOKEN");
    expect((await api("/api/v1/invitations/accept", { body: { token: inv.token, name: "X", password: STRONG_PASSWORD } })).status).toBe(400);
  });

  it("refuses invitations from agents and viewers, and admins inviting owners", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    const viewer = await inviteAndAccept(owner.token, "viewer");
    const admin = await inviteAndAccept(owner.token, "admin");
    expect((await api("/api/v1/invitations", { token: agent.token, body: { email: uniqueEmail(), role: "viewer" } })).status).toBe(403);
    expect((await api("/api/v1/invitations", { token: viewer.token, body: { email: uniqueEmail(), role: "viewer" } })).status).toBe(403);
    expect((await api("/api/v1/invitations", { token: agent.token })).status).toBe(403);
    const up = await api("/api/v1/invitations", { token: admin.token, body: { email: uniqueEmail(), role: "owner" } });
    expect(up.status).toBe(403);
    expect(up.json.error.code).toBe("ROLE_TOO_HIGH");
    expect((await api("/api/v1/invitations", { token: admin.token, body: { email: uniqueEmail(), role: "admin" } })).status).toBe(201);
  });

  it("rejects inviting an existing member, bad emails and unknown roles", async () => {
    const owner = await registerOwner();
    const dup = await api("/api/v1/invitations", { token: owner.token, body: { email: owner.email, role: "agent" } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("ALREADY_MEMBER");
    expect((await api("/api/v1/invitations", { token: owner.token, body: { email: "nope", role: "agent" } })).json.error.code).toBe("VALIDATION_ERROR");
    expect((await api("/api/v1/invitations", { token: owner.token, body: { email: uniqueEmail(), role: "god" } })).json.error.code).toBe("VALIDATION_ERROR");
    expect((await api("/api/v1/invitations/lookup", { body: { token: "nonsense-token-value" } })).json.error.code).toBe("INVALID_TOKEN");
  });

  it("answers 404 when revoking another workspace's invitation", async () => {
    const a = await registerOwner();
    const b = await registerOwner();
    const inv = await invite(b.token, uniqueEmail());
    const res = await api(`/api/v1/invitations/${inv.res.json.id}`, { method: "DELETE", token: a.token });
    expect(res.status).toBe(404);
    expect((await api("/api/v1/invitations/lookup", { body: { token: inv.token } })).status).toBe(200);
  });
});
