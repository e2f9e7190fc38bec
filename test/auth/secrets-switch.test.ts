import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, maskSecret } from "../../worker/lib/secrets";
import { registerWorkspaceOwner } from "../../worker/auth/register";
import { api, registerOwner, STRONG_PASSWORD, uniqueEmail } from "../helpers";

describe("secret encryption", () => {
  it("round-trips with a fresh IV each time and refuses tampered values", async () => {
    const a = await encryptSecret(env, "sk-live-1234567890");
    const b = await encryptSecret(env, "sk-live-1234567890");
    expect(a).not.toBe(b);
    expect(a).not.toContain("1234567890");
    expect(await decryptSecret(env, a)).toBe("sk-live-1234567890");
    const [v, iv, ct] = a.split(".");
    const flipped = `${v}.${iv}.${ct!.slice(0, -2)}${ct!.endsWith("AA") ? "BB" : "AA"}`;
    await expect(decryptSecret(env, flipped)).rejects.toThrow();
    await expect(decryptSecret(env, "plain")).rejects.toThrow();
    expect(maskSecret("sk-live-1234567890")).toBe("sk-…7890");
  });
});

describe("registration verb", () => {
  it("creates the owner and workspace for callers like the demo seed", async () => {
    const email = uniqueEmail("seed");
    const { user, workspace } = await registerWorkspaceOwner({ ctx: { env }, input: { email, password: STRONG_PASSWORD, name: "Seed", workspace_name: "Seeded" } });
    expect(user.email).toBe(email);
    const m = await env.DB.prepare("select role from memberships where user_id = ? and workspace_id = ?").bind(user.id, workspace.id).first<{ role: string }>();
    expect(m?.role).toBe("owner");
    await expect(registerWorkspaceOwner({ ctx: { env }, input: { email, password: STRONG_PASSWORD, name: "Seed", workspace_name: "Again" } })).rejects.toMatchObject({ code: "EMAIL_TAKEN" });
  });
});

describe("switching workspace", () => {
  it("issues tokens for another workspace the user belongs to and 404 for others", async () => {
    const a = await registerOwner();
    const b = await registerOwner();
    const inv = await api("/api/v1/invitations", { token: b.token, body: { email: a.email, role: "agent" } });
    expect(inv.status).toBe(201);
    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(a.email)}`);
    const token = mail.json.data.find((m: { subject: string }) => /invited/.test(m.subject)).text.match(/token=([A-Za-z0-9]+)/)[1];
    expect((await api("/api/v1/invitations/accept", { body: { token, password: a.password } })).status).toBe(200);
    const sw = await api("/api/v1/auth/switch-workspace", { token: a.token, body: { workspace_id: b.workspaceId } });
    expect(sw.status).toBe(200);
    expect(sw.json.user).toMatchObject({ workspace_id: b.workspaceId, role: "agent" });
    expect((await api("/api/v1/workspace", { token: sw.json.access_token })).json.id).toBe(b.workspaceId);
    const c = await registerOwner();
    expect((await api("/api/v1/auth/switch-workspace", { token: a.token, body: { workspace_id: c.workspaceId } })).status).toBe(404);
  });
});

describe("API reference", () => {
  it("lists the auth and team endpoints in the OpenAPI document", async () => {
    const res = await api("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    for (const p of ["/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/members/{user_id}", "/api/v1/invitations/accept", "/api/v1/api-keys", "/api/v1/audit-logs"]) {
      expect(res.json.paths[p], p).toBeTruthy();
    }
  });
});
