import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createBot } from "../chatbots/fixtures";
import { api, registerOwner, STRONG_PASSWORD, uniqueEmail, uniqueIp } from "../helpers";
import { ORIGIN } from "../live/helpers";

const from = (ip: string, extra: Record<string, string> = {}) => ({ "cf-connecting-ip": ip, ...extra });
const login = (body: Record<string, unknown>, ip: string) => api("/api/v1/auth/login", { body, headers: from(ip) });
const register = (email: string, ip: string, password = STRONG_PASSWORD) =>
  api("/api/v1/auth/register", { body: { email, password, name: "Nina", workspace_name: "Nina's Shop" }, headers: from(ip) });
const withoutRequestId = (json: { error: Record<string, unknown> }) => ({ ...json, error: { ...json.error, request_id: undefined } });
const mailCount = async (to: string) =>
  (await env.DB.prepare(`select count(*) as n from dev_mail where "to" = ?`).bind(to).first<{ n: number }>())?.n ?? 0;

describe("sign-in limits count failures only", () => {
  it("lets six people of one office sign in from one IP", async () => {
    const office = uniqueIp();
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await registerOwner());
    for (const p of people) expect((await login({ email: p.email, password: p.password }, office)).status).toBe(200);
    // and again: successes never add up to a lockout
    for (const p of people) expect((await login({ email: p.email, password: p.password }, office)).status).toBe(200);
  });

  it("stops password guessing from one IP across many emails after 30 failures", async () => {
    const attacker = uniqueIp();
    for (let i = 0; i < 30; i++) expect((await login({ email: uniqueEmail("guess"), password: "Wr0ng$password" }, attacker)).status).toBe(401);
    const next = await login({ email: uniqueEmail("guess"), password: "Wr0ng$password" }, attacker);
    expect(next.status).toBe(429);
    expect(next.json.error.code).toBe("RATE_LIMITED");
  });

  it("counts a wrong two-factor code as a failure", async () => {
    const owner = await registerOwner();
    await env.DB.prepare("update users set mfa_enabled = 1 where id = ?").bind(owner.userId).run();
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) {
      const res = await login({ email: owner.email, password: owner.password, mfa_code: "000000" }, ip);
      expect(res.status).toBe(401);
    }
    expect((await login({ email: owner.email, password: owner.password, mfa_code: "000000" }, ip)).status).toBe(429);
  });
});

describe("guessing through other doors", () => {
  it("limits wrong two-factor codes from a signed-in session", async () => {
    const owner = await registerOwner();
    expect((await api("/api/v1/auth/mfa/setup", { method: "POST", token: owner.token })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await api("/api/v1/auth/mfa/enable", { token: owner.token, body: { code: "000000" } })).status).toBe(401);
    const blocked = await api("/api/v1/auth/mfa/enable", { token: owner.token, body: { code: "000000" } });
    expect(blocked.status).toBe(429);
  });

  it("limits password guesses for an existing account through an invitation link", async () => {
    const a = await registerOwner();
    const b = await registerOwner();
    await api("/api/v1/invitations", { token: b.token, body: { email: a.email, role: "agent" }, headers: from(uniqueIp()) });
    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(a.email)}`);
    const token = mail.json.data.find((m: { text: string }) => m.text.includes("accept-invite")).text.match(/accept-invite[?#]token=([A-Za-z0-9]+)/)[1];
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) {
      expect((await api("/api/v1/invitations/accept", { body: { token, password: "Wr0ng$password" }, headers: from(ip) })).status).toBe(401);
    }
    expect((await api("/api/v1/invitations/accept", { body: { token, password: a.password }, headers: from(ip) })).status).toBe(429);
    // the rightful owner, from their own network, still gets in
    expect((await api("/api/v1/invitations/accept", { body: { token, password: a.password }, headers: from(uniqueIp()) })).status).toBe(200);
  });
});

describe("answers that do not reveal accounts", () => {
  it("answers a wrong password and an unknown email with the same status and body", async () => {
    const owner = await registerOwner();
    const known = await login({ email: owner.email, password: "Wr0ng$password" }, uniqueIp());
    const unknown = await login({ email: uniqueEmail("ghost"), password: "Wr0ng$password" }, uniqueIp());
    expect(known.status).toBe(401);
    expect(unknown.status).toBe(known.status);
    expect(withoutRequestId(unknown.json)).toEqual(withoutRequestId(known.json));
  });

  it("answers forgot-password the same, and no faster, for an unknown email", async () => {
    const owner = await registerOwner();
    const t0 = Date.now();
    const known = await api("/api/v1/auth/forgot-password", { body: { email: owner.email }, headers: from(uniqueIp()) });
    const t1 = Date.now();
    const unknown = await api("/api/v1/auth/forgot-password", { body: { email: uniqueEmail("ghost") }, headers: from(uniqueIp()) });
    const t2 = Date.now();
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(unknown.text).toBe(known.text);
    // both answers wait for the same floor, whatever work was done behind them
    expect(t1 - t0).toBeGreaterThanOrEqual(390);
    expect(t2 - t1).toBeGreaterThanOrEqual(390);
  });
});

describe("throttled sign-up and mail", () => {
  it("refuses the 11th registration from one IP within an hour, and mails nothing for it", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) expect((await register(uniqueEmail("bulk"), ip)).status).toBe(201);
    const email = uniqueEmail("bulk");
    const res = await register(email, ip);
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe("RATE_LIMITED");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await mailCount(email)).toBe(0);
    expect(await env.DB.prepare("select 1 from users where email = ?").bind(email).first()).toBeNull();
    // another network is not affected
    expect((await register(uniqueEmail("bulk"), uniqueIp())).status).toBe(201);
  });

  it("limits forgot-password per IP with 429 and per email silently", async () => {
    const owner = await registerOwner();
    const ip = uniqueIp();
    for (let i = 0; i < 4; i++) expect((await api("/api/v1/auth/forgot-password", { body: { email: owner.email }, headers: from(ip) })).status).toBe(200);
    const resets = await env.DB.prepare(`select count(*) as n from dev_mail where "to" = ? and subject like '%Reset%'`).bind(owner.email).first<{ n: number }>();
    expect(resets?.n).toBe(3);
    for (let i = 0; i < 6; i++) await api("/api/v1/auth/forgot-password", { body: { email: uniqueEmail("x") }, headers: from(ip) });
    const blocked = await api("/api/v1/auth/forgot-password", { body: { email: uniqueEmail("x") }, headers: from(ip) });
    expect(blocked.status).toBe(429);
  }, 60_000);

  it("limits resend-verification per IP", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) {
      const owner = await registerOwner();
      expect((await api("/api/v1/auth/resend-verification", { method: "POST", token: owner.token, headers: from(ip) })).status).toBe(200);
    }
    const owner = await registerOwner();
    expect((await api("/api/v1/auth/resend-verification", { method: "POST", token: owner.token, headers: from(ip) })).status).toBe(429);
  }, 60_000);

  it("limits invitations to one email to 5 a day", async () => {
    const owner = await registerOwner();
    const email = uniqueEmail("invitee");
    for (let i = 0; i < 5; i++) {
      expect((await api("/api/v1/invitations", { token: owner.token, body: { email, role: "agent" }, headers: from(uniqueIp()) })).status).toBe(201);
    }
    const res = await api("/api/v1/invitations", { token: owner.token, body: { email, role: "agent" }, headers: from(uniqueIp()) });
    expect(res.status).toBe(429);
    expect(await mailCount(email)).toBe(5);
  });

  it("limits new widget visitors per IP, answering 429 the widget can read", async () => {
    const owner = await registerOwner();
    const bot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
    const ip = uniqueIp();
    const session = (extra: Record<string, unknown> = {}) =>
      api("/api/v1/widget/session", { body: { chatbot_key: bot.public_key, page: { url: `${ORIGIN}/` }, ...extra }, headers: from(ip, { origin: ORIGIN }) });
    let first: Awaited<ReturnType<typeof session>> | null = null;
    for (let i = 0; i < 30; i++) {
      const res = await session();
      expect(res.status).toBe(200);
      first ??= res;
    }
    const blocked = await session();
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe("RATE_LIMITED");
    expect(blocked.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const visitors = await env.DB.prepare("select count(*) as n from visitors where chatbot_id = ?").bind(bot.id).first<{ n: number }>();
    expect(visitors?.n).toBe(30);
    // a returning visitor still resumes
    const resumed = await session({ visitor_id: first!.json.visitor_id, visitor_secret: first!.json.visitor_secret });
    expect(resumed.status).toBe(200);
  }, 60_000);
});

describe("common passwords", () => {
  it("refuses Password1! and other common passwords in disguise at sign-up", async () => {
    for (const password of ["Password1!", "P@ssw0rd1", "Qwerty123!", "Summer2026!", "!Letmein99", "Iloveyou#1", "Dragon2025$"]) {
      const res = await register(uniqueEmail("weak"), uniqueIp(), password);
      expect(res.status, password).toBe(400);
      expect(res.json.error.code).toBe("WEAK_PASSWORD");
      expect(res.json.error.details.failed_rules).toEqual(["common"]);
    }
    expect((await register(uniqueEmail("fine"), uniqueIp(), "Blue-Kettle-42!")).status).toBe(201);
  });

  it("refuses a common password when resetting and when accepting an invitation", async () => {
    const owner = await registerOwner();
    await api("/api/v1/auth/forgot-password", { body: { email: owner.email }, headers: from(uniqueIp()) });
    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(owner.email)}`);
    const token = mail.json.data.find((m: { subject: string }) => /reset/i.test(m.subject)).text.match(/token=([A-Za-z0-9]+)/)[1];
    const reset = await api("/api/v1/auth/reset-password", { body: { token, password: "Password1!" } });
    expect(reset.json.error).toMatchObject({ code: "WEAK_PASSWORD", details: { failed_rules: ["common"] } });

    const email = uniqueEmail("invitee");
    await api("/api/v1/invitations", { token: owner.token, body: { email, role: "agent" }, headers: from(uniqueIp()) });
    const invite = await api(`/api/v1/dev/mail?to=${encodeURIComponent(email)}`);
    const inviteToken = invite.json.data[0].text.match(/accept-invite[?#]token=([A-Za-z0-9]+)/)[1];
    const accept = await api("/api/v1/invitations/accept", { body: { token: inviteToken, name: "Ivy", password: "Password1!" } });
    expect(accept.json.error).toMatchObject({ code: "WEAK_PASSWORD", details: { failed_rules: ["common"] } });
  });
});
