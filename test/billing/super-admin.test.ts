import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { ORIGIN, startSession } from "../live/helpers";

async function operator({ mfa = true } = {}) {
  const op = await registerOwner();
  await env.DB.prepare("insert into platform_admins (user_id, granted_at) values (?, ?)").bind(op.userId, new Date().toISOString()).run();
  if (mfa) await env.DB.prepare("update users set mfa_enabled = 1 where id = ?").bind(op.userId).run();
  return op;
}

describe("the platform console", () => {
  it("is invisible to tenants, owners included, and to API keys", async () => {
    const owner = await registerOwner();
    for (const path of ["/api/v1/admin/overview", "/api/v1/admin/workspaces", `/api/v1/admin/workspaces/${owner.workspaceId}`]) {
      const res = await api(path, { token: owner.token });
      expect(res.status).toBe(404);
    }
    const suspend = await api(`/api/v1/admin/workspaces/${owner.workspaceId}/suspend`, { token: owner.token, body: { reason: "x" } });
    expect(suspend.status).toBe(404);
    const key = await api("/api/v1/api-keys", { token: owner.token, body: { name: "k", scopes: ["team:read"] } });
    expect((await api("/api/v1/admin/overview", { token: key.json.key })).status).toBe(404);
    expect((await api("/api/v1/admin/overview")).status).toBe(401);
  });

  it("needs two-factor sign-in for operators", async () => {
    const op = await operator({ mfa: false });
    const res = await api("/api/v1/admin/overview", { token: op.token });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("MFA_REQUIRED");
  });

  it("suspends a workspace: its API answers 403 WORKSPACE_SUSPENDED, its widget goes dark, its data stays; lifting restores it; both audited", async () => {
    const op = await operator();
    const tenant = await registerOwner();
    const bot = await createBot(tenant.token, { allowed_origins: [ORIGIN] });
    expect((await startSession(bot.public_key)).status).toBe(200);

    const res = await api(`/api/v1/admin/workspaces/${tenant.workspaceId}/suspend`, { token: op.token, body: { reason: "payment fraud report" } });
    expect(res.status).toBe(200);
    expect(res.json.workspace.suspended_at).toBeTruthy();

    const blocked = await api("/api/v1/chatbots", { token: tenant.token });
    expect(blocked.status).toBe(403);
    expect(blocked.json.error.code).toBe("WORKSPACE_SUSPENDED");
    expect((await startSession(bot.public_key)).status).not.toBe(200);
    const count = await env.DB.prepare("select count(*) as n from chatbots where workspace_id = ?").bind(tenant.workspaceId).first<{ n: number }>();
    expect(count?.n).toBe(1);

    expect((await api(`/api/v1/admin/workspaces/${tenant.workspaceId}/unsuspend`, { token: op.token, method: "POST" })).status).toBe(200);
    expect((await api("/api/v1/chatbots", { token: tenant.token })).status).toBe(200);
    expect((await startSession(bot.public_key)).status).toBe(200);

    const log = await api("/api/v1/admin/audit", { token: op.token });
    const mine = log.json.data.filter((e: { workspace_id: string }) => e.workspace_id === tenant.workspaceId).map((e: { action: string }) => e.action);
    expect(mine).toEqual(["workspace.unsuspended", "workspace.suspended"]);
  });

  it("comps a plan until a date, after which the workspace counts as free again", async () => {
    const op = await operator();
    const tenant = await registerOwner({ plan: "free" });
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const res = await api(`/api/v1/admin/workspaces/${tenant.workspaceId}/plan`, { token: op.token, body: { plan: "pro", expires_at: until, note: "partner" } });
    expect(res.status).toBe(200);
    expect((await api("/api/v1/billing", { token: tenant.token })).json).toMatchObject({ plan: { id: "pro" }, plan_expires_at: until });
    await env.DB.prepare("update workspaces set plan_expires_at = ? where id = ?").bind(new Date(Date.now() - 1000).toISOString(), tenant.workspaceId).run();
    expect((await api("/api/v1/billing", { token: tenant.token })).json.plan.id).toBe("free");
    const bad = await api(`/api/v1/admin/workspaces/${tenant.workspaceId}/plan`, { token: op.token, body: { plan: "gold" } });
    expect(bad.status).toBe(400);
    expect((await api("/api/v1/admin/workspaces/ws_nope/plan", { token: op.token, body: { plan: "pro" } })).status).toBe(404);
  });

  it("shows platform figures and finds workspaces", async () => {
    const op = await operator();
    const tenant = await registerOwner({ workspace_name: "Findable Noodle Bar" });
    const overview = await api("/api/v1/admin/overview", { token: op.token });
    expect(overview.status).toBe(200);
    expect(overview.json.workspaces.total).toBeGreaterThan(0);
    expect(overview.json.mrr).toMatchObject({ currency: "THB" });
    const found = await api(`/api/v1/admin/workspaces?q=${encodeURIComponent("Noodle Bar")}`, { token: op.token });
    expect(found.json.data.map((w: { id: string }) => w.id)).toContain(tenant.workspaceId);
    const detail = await api(`/api/v1/admin/workspaces/${tenant.workspaceId}`, { token: op.token });
    expect(detail.json).toMatchObject({ workspace: { id: tenant.workspaceId }, effective_plan: "business", usage: { seats: 1 } });
    expect(detail.json.members[0]).toMatchObject({ role: "owner" });
  });
});
