import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, registerOwner, STRONG_PASSWORD, uniqueEmail } from "../helpers";

const ip = () => `203.0.113.${Math.floor(Math.random() * 250)}-${Math.random().toString(36).slice(2, 8)}`;
const login = (body: Record<string, unknown>, clientIp = ip()) => api("/api/v1/auth/login", { body, headers: { "cf-connecting-ip": clientIp } });

describe("registration", () => {
  it("creates a workspace with the caller as owner and answers the token structure", async () => {
    const email = uniqueEmail("reg");
    const res = await api("/api/v1/auth/register", { body: { email: `  ${email.toUpperCase()} `, password: STRONG_PASSWORD, name: "Sarah", workspace_name: "Sarah's Shop" } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ token_type: "Bearer", expires_in: 900, user: { email, name: "Sarah", role: "owner" } });
    expect(res.json.access_token).toMatch(/^ey/);
    expect(res.json.refresh_token).toMatch(/^mcr_/);
    expect(res.json.user.workspace_id).toMatch(/^ws_/);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toContain("mc_refresh=");
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toContain("Path=/api/v1/auth");
    expect(cookie).not.toMatch(/Secure/i); // plain http on 127.0.0.1

    const ws = await env.DB.prepare("select slug from workspaces where id = ?").bind(res.json.user.workspace_id).first<{ slug: string }>();
    expect(ws?.slug).toMatch(/^sarah-s-shop/);
    const user = await env.DB.prepare("select password_hash from users where email = ?").bind(email).first<{ password_hash: string }>();
    expect(user?.password_hash).toMatch(/^pbkdf2\$100000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  });

  it("gives two workspaces with the same name different slugs", async () => {
    const a = await registerOwner({ workspace_name: "Twin Shop" });
    const b = await registerOwner({ workspace_name: "Twin Shop" });
    const slugs = await env.DB.prepare("select slug from workspaces where id in (?, ?)").bind(a.workspaceId, b.workspaceId).all<{ slug: string }>();
    expect(new Set(slugs.results.map((r) => r.slug)).size).toBe(2);
  });

  it("mails a verification link, and the link confirms the email once", async () => {
    const owner = await registerOwner();
    const me = await api("/api/v1/auth/me", { token: owner.token });
    expect(me.json.user.email_verified).toBe(false);
    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(owner.email)}`);
    expect(mail.status).toBe(200);
    const text: string = mail.json.data[0].text;
    const token = text.match(/verify-email\?token=([A-Za-z0-9]+)/)?.[1];
    expect(token).toBeTruthy();
    expect((await api("/api/v1/auth/verify-email", { body: { token } })).status).toBe(200);
    expect((await api("/api/v1/auth/me", { token: owner.token })).json.user.email_verified).toBe(true);
    const again = await api("/api/v1/auth/verify-email", { body: { token } });
    expect(again.status).toBe(400);
    expect(again.json.error.code).toBe("INVALID_TOKEN");
  });

  it("rejects a weak password and says which rules failed", async () => {
    const res = await api("/api/v1/auth/register", { body: { email: uniqueEmail(), password: "short", name: "A", workspace_name: "W" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("WEAK_PASSWORD");
    expect(res.json.error.details.failed_rules).toEqual(["min_length", "uppercase", "digit", "special"]);
    const almost = await api("/api/v1/auth/register", { body: { email: uniqueEmail(), password: "longenough1!", name: "A", workspace_name: "W" } });
    expect(almost.json.error.details.failed_rules).toEqual(["uppercase"]);
  });

  it("rejects a duplicate email regardless of case", async () => {
    const owner = await registerOwner();
    const res = await api("/api/v1/auth/register", { body: { email: owner.email.toUpperCase(), password: STRONG_PASSWORD, name: "B", workspace_name: "W" } });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("EMAIL_TAKEN");
  });

  it("rejects bad JSON, wrong types, missing and unknown fields", async () => {
    const bad = await api("/api/v1/auth/register", { body: "{not json", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    const types = await api("/api/v1/auth/register", { body: { email: 42, password: STRONG_PASSWORD, name: "A", workspace_name: "W" } });
    expect(types.status).toBe(400);
    expect(types.json.error.code).toBe("VALIDATION_ERROR");
    const missing = await api("/api/v1/auth/register", { body: { email: uniqueEmail(), password: STRONG_PASSWORD } });
    expect(missing.json.error.code).toBe("VALIDATION_ERROR");
    const unknown = await api("/api/v1/auth/register", { body: { email: uniqueEmail(), password: STRONG_PASSWORD, name: "A", workspace_name: "W", role: "owner" } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe("VALIDATION_ERROR");
    const notEmail = await api("/api/v1/auth/register", { body: { email: "nope", password: STRONG_PASSWORD, name: "A", workspace_name: "W" } });
    expect(notEmail.json.error.code).toBe("VALIDATION_ERROR");
  });
});

describe("login", () => {
  it("signs in with the right password and records the login in the audit log", async () => {
    const owner = await registerOwner();
    const res = await login({ email: owner.email.toUpperCase(), password: owner.password });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ id: owner.userId, workspace_id: owner.workspaceId, role: "owner" });
    const me = await api("/api/v1/auth/me", { token: res.json.access_token });
    expect(me.status).toBe(200);
    expect(me.json.workspace.id).toBe(owner.workspaceId);
    const row = await env.DB.prepare("select count(*) as n from audit_logs where workspace_id = ? and action = 'user.login'").bind(owner.workspaceId).first<{ n: number }>();
    expect(row?.n).toBe(1);
  });

  it("rejects a wrong password with 401 and audits the failure", async () => {
    const owner = await registerOwner();
    const res = await login({ email: owner.email, password: "Wr0ng$password" });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("INVALID_CREDENTIALS");
    const unknown = await login({ email: uniqueEmail("ghost"), password: "Wr0ng$password" });
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.code).toBe("INVALID_CREDENTIALS");
    const row = await env.DB.prepare("select changes from audit_logs where workspace_id = ? and action = 'user.login_failed'").bind(owner.workspaceId).first<{ changes: string }>();
    expect(JSON.parse(row!.changes)).toEqual({ reason: "invalid_password" });
  });

  it("answers the 6th failed attempt for one email from one IP within 15 minutes with 429 and Retry-After", async () => {
    const owner = await registerOwner();
    const clientIp = ip();
    for (let i = 0; i < 5; i++) expect((await login({ email: owner.email, password: "Wr0ng$password" }, clientIp)).status).toBe(401);
    const sixth = await login({ email: owner.email, password: owner.password }, clientIp);
    expect(sixth.status).toBe(429);
    expect(sixth.json.error.code).toBe("RATE_LIMITED");
    const retry = Number(sixth.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(900);
  });

  it("does not lock the owner out when someone else fails on their email from other IPs", async () => {
    const owner = await registerOwner();
    for (let i = 0; i < 5; i++) expect((await login({ email: owner.email, password: "Wr0ng$password" }, "198.51.100.66")).status).toBe(401);
    expect((await login({ email: owner.email, password: "Wr0ng$password" }, "198.51.100.66")).status).toBe(429);
    const res = await login({ email: owner.email, password: owner.password });
    expect(res.status).toBe(200);
  });
});
