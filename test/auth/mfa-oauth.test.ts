import { env } from "cloudflare:test";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app";
import { api, registerOwner } from "../helpers";

const code = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
const wrong = (c: string) => String((Number(c) + 500000) % 1000000).padStart(6, "0");
let ipSeq = 0;
const login = (body: Record<string, unknown>) => api("/api/v1/auth/login", { body, headers: { "cf-connecting-ip": `198.18.0.${++ipSeq}` } });

describe("two-factor authentication", () => {
  it("sets up, enables, requires the code at login, and disables", async () => {
    const owner = await registerOwner();
    const setup = await api("/api/v1/auth/mfa/setup", { method: "POST", token: owner.token });
    expect(setup.status).toBe(200);
    expect(setup.json.otpauth_uri).toMatch(/^otpauth:\/\/totp\/MiniChat:/);
    const secret: string = setup.json.secret;
    const stored = await env.DB.prepare("select mfa_secret from users where id = ?").bind(owner.userId).first<{ mfa_secret: string }>();
    expect(stored?.mfa_secret).toMatch(/^v1\./);
    expect(stored?.mfa_secret).not.toContain(secret);

    const bad = await api("/api/v1/auth/mfa/enable", { token: owner.token, body: { code: wrong(code(secret)) } });
    expect(bad.status).toBe(401);
    expect(bad.json.error.code).toBe("INVALID_MFA_CODE");
    expect((await api("/api/v1/auth/mfa/enable", { token: owner.token, body: { code: code(secret) } })).json.mfa_enabled).toBe(true);
    expect((await api("/api/v1/auth/me", { token: owner.token })).json.user.mfa_enabled).toBe(true);

    const noCode = await login({ email: owner.email, password: owner.password });
    expect(noCode.status).toBe(401);
    expect(noCode.json.error.code).toBe("MFA_REQUIRED");
    const wrongCode = await login({ email: owner.email, password: owner.password, mfa_code: wrong(code(secret)) });
    expect(wrongCode.json.error.code).toBe("INVALID_MFA_CODE");
    const ok = await login({ email: owner.email, password: owner.password, mfa_code: code(secret) });
    expect(ok.status).toBe(200);

    expect((await api("/api/v1/auth/mfa/setup", { method: "POST", token: owner.token })).status).toBe(409);
    expect((await api("/api/v1/auth/mfa/disable", { token: owner.token, body: { code: code(secret) } })).json.mfa_enabled).toBe(false);
    expect((await login({ email: owner.email, password: owner.password })).status).toBe(200);

    const actions = await env.DB.prepare("select action from audit_logs where workspace_id = ? and action like 'user.mfa%' order by created_at").bind(owner.workspaceId).all<{ action: string }>();
    expect(actions.results.map((r) => r.action)).toEqual(["user.mfa_enabled", "user.mfa_disabled"]);
  });

  it("rejects enabling without setup and malformed codes", async () => {
    const owner = await registerOwner();
    const res = await api("/api/v1/auth/mfa/enable", { token: owner.token, body: { code: "123456" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("MFA_NOT_SET_UP");
    expect((await api("/api/v1/auth/mfa/enable", { token: owner.token, body: { code: "12ab" } })).json.error.code).toBe("VALIDATION_ERROR");
    expect((await api("/api/v1/auth/mfa/setup", { method: "POST" })).status).toBe(401);
  });
});

describe("Google sign-in", () => {
  it("reports the provider as unavailable and answers 501 without configuration", async () => {
    expect((await api("/api/v1/auth/providers")).json).toEqual({ google: false, mfa: true });
    const start = await api("/api/v1/auth/google");
    expect(start.status).toBe(501);
    expect(start.json.error.code).toBe("OAUTH_NOT_CONFIGURED");
    const cb = await api("/api/v1/auth/google/callback?code=x&state=y");
    expect(cb.status).toBe(501);
  });

  it("redirects to Google with state and PKCE cookies when configured", async () => {
    const res = await app.fetch(new Request("http://127.0.0.1:8787/api/v1/auth/google"), { ...env, GOOGLE_CLIENT_ID: "cid", GOOGLE_CLIENT_SECRET: "secret" }, {
      waitUntil() {},
      passThroughOnException() {},
      props: {},
    } as unknown as ExecutionContext);
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get("location")!);
    expect(loc.hostname).toBe("accounts.google.com");
    expect(loc.searchParams.get("code_challenge_method")).toBe("S256");
    expect(loc.searchParams.get("redirect_uri")).toBe("http://127.0.0.1:8787/api/v1/auth/google/callback");
    expect(res.headers.get("set-cookie")).toContain("mc_oauth_state=");
  });
});

describe("dev mailbox", () => {
  it("lists and clears captured mail in the test environment", async () => {
    const owner = await registerOwner();
    const list = await api(`/api/v1/dev/mail?to=${encodeURIComponent(owner.email)}`);
    expect(list.status).toBe(200);
    expect(list.json.data[0]).toMatchObject({ to: owner.email, subject: expect.stringMatching(/confirm/i) });
    expect((await api("/api/v1/dev/mail", { method: "DELETE" })).status).toBe(204);
    expect((await api("/api/v1/dev/mail")).json.data).toHaveLength(0);
  });

  it("does not exist in production", async () => {
    const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    const res = await app.fetch(new Request("http://127.0.0.1:8787/api/v1/dev/mail"), { ...env, APP_ENV: "production" }, ctx);
    expect(res.status).toBe(404);
    const del = await app.fetch(new Request("http://127.0.0.1:8787/api/v1/dev/mail", { method: "DELETE" }), { ...env, APP_ENV: "production" }, ctx);
    expect(del.status).toBe(404);
  });
});
