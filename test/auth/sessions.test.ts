import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, registerOwner, STRONG_PASSWORD } from "../helpers";

let ipSeq = 0;
const login = (email: string, password: string) =>
  api("/api/v1/auth/login", { body: { email, password }, headers: { "cf-connecting-ip": `192.0.2.${++ipSeq}` } });

describe("refresh tokens", () => {
  it("rotates the refresh token on every use and the new access token works", async () => {
    const owner = await registerOwner();
    const first = await api("/api/v1/auth/refresh", { body: { refresh_token: owner.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.json.refresh_token).not.toBe(owner.refreshToken);
    expect(first.json.user).toMatchObject({ id: owner.userId, role: "owner" });
    expect((await api("/api/v1/auth/me", { token: first.json.access_token })).status).toBe(200);
    const second = await api("/api/v1/auth/refresh", { body: { refresh_token: first.json.refresh_token } });
    expect(second.status).toBe(200);
  });

  it("accepts the refresh token from the httpOnly cookie", async () => {
    const owner = await registerOwner();
    const res = await api("/api/v1/auth/refresh", { method: "POST", headers: { cookie: `mc_refresh=${owner.refreshToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toContain(`mc_refresh=${res.json.refresh_token}`);
  });

  it("revokes the whole family when a rotated token is reused by another client", async () => {
    const owner = await registerOwner();
    const rotated = await api("/api/v1/auth/refresh", { body: { refresh_token: owner.refreshToken } });
    const reuse = await api("/api/v1/auth/refresh", { body: { refresh_token: owner.refreshToken }, headers: { "user-agent": "curl/8.0", "cf-connecting-ip": "192.0.2.250" } });
    expect(reuse.status).toBe(401);
    expect(reuse.json.error.code).toBe("REFRESH_TOKEN_REUSED");
    // the legitimate holder's newer token and access token stop working too
    const newer = await api("/api/v1/auth/refresh", { body: { refresh_token: rotated.json.refresh_token } });
    expect(newer.status).toBe(401);
    expect((await api("/api/v1/auth/me", { token: rotated.json.access_token })).status).toBe(401);
  });

  it("rejects an expired refresh token and an unknown one", async () => {
    const owner = await registerOwner();
    await env.DB.prepare("update sessions set expires_at = '2000-01-01T00:00:00.000Z' where user_id = ?").bind(owner.userId).run();
    const expired = await api("/api/v1/auth/refresh", { body: { refresh_token: owner.refreshToken } });
    expect(expired.status).toBe(401);
    expect(expired.json.error.code).toBe("REFRESH_TOKEN_EXPIRED");
    const unknown = await api("/api/v1/auth/refresh", { body: { refresh_token: "mcr_nope" } });
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.code).toBe("INVALID_REFRESH_TOKEN");
    const missing = await api("/api/v1/auth/refresh", { method: "POST" });
    expect(missing.status).toBe(401);
  });

  it("keeps at most 5 active sessions per user, ending the oldest", async () => {
    const owner = await registerOwner();
    const logins = [];
    for (let i = 0; i < 5; i++) logins.push(await login(owner.email, owner.password));
    // registration started session 1; five logins make six, so the registration session ends
    expect((await api("/api/v1/auth/refresh", { body: { refresh_token: owner.refreshToken } })).json.error.code).toBe("SESSION_REVOKED");
    expect((await api("/api/v1/auth/me", { token: owner.token })).status).toBe(401);
    for (const l of logins) expect((await api("/api/v1/auth/me", { token: l.json.access_token })).status).toBe(200);
    const live = await env.DB.prepare("select count(distinct family_id) as n from sessions where user_id = ? and revoked_at is null").bind(owner.userId).first<{ n: number }>();
    expect(live?.n).toBe(5);
  });

  it("logs out by ending the session family", async () => {
    const owner = await registerOwner();
    const res = await api("/api/v1/auth/logout", { body: { refresh_token: owner.refreshToken } });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/mc_refresh=;/);
    expect((await api("/api/v1/auth/me", { token: owner.token })).status).toBe(401);
    expect((await api("/api/v1/auth/refresh", { body: { refresh_token: owner.refreshToken } })).status).toBe(401);
  });

  it("logs out with only the access token", async () => {
    const owner = await registerOwner();
    expect((await api("/api/v1/auth/logout", { method: "POST", token: owner.token })).status).toBe(200);
    expect((await api("/api/v1/auth/me", { token: owner.token })).status).toBe(401);
  });
});

describe("password reset", () => {
  it("mails a 1-hour link that sets a new password once and ends every session", async () => {
    const owner = await registerOwner();
    const ask = await api("/api/v1/auth/forgot-password", { body: { email: owner.email } });
    expect(ask.status).toBe(200);
    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(owner.email)}`);
    const resetMail = mail.json.data.find((m: { subject: string }) => /reset/i.test(m.subject));
    const token = resetMail.text.match(/reset-password\?token=([A-Za-z0-9]+)/)[1];
    const weak = await api("/api/v1/auth/reset-password", { body: { token, password: "weak" } });
    expect(weak.json.error.code).toBe("WEAK_PASSWORD");
    const ok = await api("/api/v1/auth/reset-password", { body: { token, password: "N3w$password" } });
    expect(ok.status).toBe(200);
    expect((await api("/api/v1/auth/me", { token: owner.token })).status).toBe(401);
    expect((await login(owner.email, "N3w$password")).status).toBe(200);
    expect((await login(owner.email, STRONG_PASSWORD)).status).toBe(401);
    const reused = await api("/api/v1/auth/reset-password", { body: { token, password: "An0ther$pass" } });
    expect(reused.status).toBe(400);
    expect(reused.json.error.code).toBe("INVALID_TOKEN");
  });

  it("answers 200 for an unknown email and sends nothing", async () => {
    const res = await api("/api/v1/auth/forgot-password", { body: { email: "nobody-here@example.com" } });
    expect(res.status).toBe(200);
    const mail = await api("/api/v1/dev/mail?to=nobody-here@example.com");
    expect(mail.json.data).toHaveLength(0);
  });

  it("rejects an expired reset token", async () => {
    const owner = await registerOwner();
    await api("/api/v1/auth/forgot-password", { body: { email: owner.email } });
    await env.DB.prepare("update auth_tokens set expires_at = '2000-01-01T00:00:00.000Z' where user_id = ? and purpose = 'reset_password'").bind(owner.userId).run();
    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(owner.email)}`);
    const token = mail.json.data.find((m: { subject: string }) => /reset/i.test(m.subject)).text.match(/token=([A-Za-z0-9]+)/)[1];
    const res = await api("/api/v1/auth/reset-password", { body: { token, password: "N3w$password" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("INVALID_TOKEN");
  });
});
