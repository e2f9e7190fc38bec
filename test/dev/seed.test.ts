import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { app } from "../../worker/app";
import { describe, expect, it } from "vitest";
import { seedAllowed } from "../../worker/dev/seed";
import { api } from "../helpers";

describe("demo seed", () => {
  it("creates the demo workspace, owner and chatbot once, and answers the same on a second call", async () => {
    const first = await api("/api/v1/dev/seed", { method: "POST" });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      created: true,
      owner: { email: "demo@minichat.local", password: "Demo-Chat-2026!" },
      workspace_id: expect.stringMatching(/^ws_/),
      chatbot: { id: expect.stringMatching(/^cb_/), public_key: expect.stringMatching(/^pk_/) },
    });

    const second = await api("/api/v1/dev/seed", { method: "POST" });
    expect(second.status).toBe(200);
    expect(second.json).toEqual({ ...first.json, created: false });

    const workspaces = await env.DB.prepare(`select count(*) as n from workspaces where name = 'Demo Shop'`).first<{ n: number }>();
    expect(workspaces?.n).toBe(1);
    const bots = await env.DB.prepare(`select count(*) as n from chatbots where workspace_id = ?1`).bind(first.json.workspace_id).first<{ n: number }>();
    expect(bots?.n).toBe(1);
  });

  it("lets the demo owner log in (email already verified) and see a friendly demo chatbot embeddable locally", async () => {
    const seed = (await api("/api/v1/dev/seed", { method: "POST" })).json;
    const user = await env.DB.prepare(`select email_verified_at from users where email = 'demo@minichat.local'`).first<{ email_verified_at: string | null }>();
    expect(user?.email_verified_at).toBeTruthy();

    const login = await api("/api/v1/auth/login", { body: { email: seed.owner.email, password: seed.owner.password } });
    expect(login.status).toBe(200);
    const bot = await api(`/api/v1/chatbots/${seed.chatbot.id}`, { token: login.json.access_token });
    expect(bot.status).toBe(200);
    expect(bot.json).toMatchObject({ name: "Demo Assistant", personality: "friendly", business_hours: { enabled: false }, public_key: seed.chatbot.public_key });
    expect(bot.json.greeting_message.length).toBeGreaterThan(0);
    expect(bot.json.allowed_origins).toEqual(expect.arrayContaining(["http://127.0.0.1:8787", "http://localhost:8787", new URL(env.APP_URL).origin]));

    const widget = await api(`/api/v1/widget/config?key=${seed.chatbot.public_key}`, { headers: { origin: "http://localhost:8787" } });
    expect(widget.status).toBe(200);
    expect(widget.json.name).toBe("Demo Assistant");
  });

  it("does not exist in production: the path answers 404", async () => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request("http://127.0.0.1:8787/api/v1/dev/seed", { method: "POST" }), { ...env, APP_ENV: "production" }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });

  it("is only available in development and test", () => {
    expect(seedAllowed({ APP_ENV: "development" })).toBe(true);
    expect(seedAllowed({ APP_ENV: "test" })).toBe(true);
    expect(seedAllowed({ APP_ENV: "production" })).toBe(false);
    expect(seedAllowed({ APP_ENV: "staging" })).toBe(false);
  });
});
