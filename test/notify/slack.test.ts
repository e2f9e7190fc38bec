import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, setupWorkspace, visitorChat } from "../live/helpers";
import { deliver, eventually, fake, useFakeNetwork } from "../integrations/fakes";

useFakeNetwork();

const HOOK = "https://hooks.slack.com/services/T0001/B0001/abcdefghijklmnopqrstuvwx";

describe("Slack", () => {
  it("connects with an incoming-webhook URL that is validated, sealed and never returned; only owners and admins manage it", async () => {
    const { owner, agent } = await setupWorkspace();
    const put = (body: unknown, token = owner.token) => api("/api/v1/notifications/slack", { method: "PUT", token, body });
    expect((await put({ webhook_url: "https://example.com/services/x" })).json.error.code).toBe("SLACK_URL_INVALID");
    expect((await put({ webhook_url: "http://hooks.slack.com/services/T/B/x" })).json.error.code).toBe("SLACK_URL_INVALID");
    expect((await put({ webhook_url: "https://hooks.slack.com/services/" })).json.error.code).toBe("SLACK_URL_INVALID");
    expect((await put({ events: ["escalation"] })).json.error.code).toBe("SLACK_URL_REQUIRED");
    expect((await put({ webhook_url: HOOK }, agent.token)).status).toBe(403);
    const ok = await put({ webhook_url: HOOK });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toEqual({ connected: true, events: ["escalation", "new_conversation"], last_error: null, updated_at: expect.any(String) });
    expect(ok.text).not.toContain("hooks.slack.com");
    const got = await api("/api/v1/notifications/slack", { token: owner.token });
    expect(got.text).not.toContain("T0001");
    const row = await env.DB.prepare(`SELECT webhook_url_enc FROM slack_integrations WHERE workspace_id = ?1`).bind(owner.workspaceId).first<{ webhook_url_enc: string }>();
    expect(row!.webhook_url_enc).not.toContain("slack");
    expect((await put({ events: ["escalation"] })).json.events).toEqual(["escalation"]);
  });

  it("the test button posts to the channel now and says whether Slack took it", async () => {
    const { owner } = await setupWorkspace();
    expect((await api("/api/v1/notifications/slack/test", { method: "POST", token: owner.token })).status).toBe(404);
    await api("/api/v1/notifications/slack", { method: "PUT", token: owner.token, body: { webhook_url: HOOK } });
    const sent = await api("/api/v1/notifications/slack/test", { method: "POST", token: owner.token });
    expect(sent.status, sent.text).toBe(200);
    const [post] = fake.to(HOOK);
    expect(JSON.parse(post!.body).text).toMatch(/MiniChat is connected/);
    fake.handler = () => new Response("invalid_token", { status: 403 });
    const failed = await api("/api/v1/notifications/slack/test", { method: "POST", token: owner.token });
    expect(failed.status).toBe(400);
    expect(failed.json.error).toMatchObject({ code: "SLACK_TEST_FAILED", message: expect.stringContaining("403") });
    expect((await api("/api/v1/notifications/slack", { token: owner.token })).json.last_error).toMatch(/403: invalid_token/);
  });

  it("posts a new conversation and an escalation with a link to the inbox, through the queue", async () => {
    const { owner, bot } = await setupWorkspace();
    await api("/api/v1/notifications/slack", { method: "PUT", token: owner.token, body: { webhook_url: HOOK } });
    const chat = await visitorChat(bot.public_key, { pre_chat: { name: "Somchai" } });
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "I want to talk to a person" });
    await chat.visitor.next("conversation:escalated", 10_000);
    const texts = await eventually(async () => {
      const t = fake.to(HOOK).map((s) => JSON.parse(s.body).text as string);
      expect(t.some((x) => x.includes("is waiting for a person"))).toBe(true);
      expect(t.some((x) => x.includes("New conversation"))).toBe(true);
      return t;
    }, 10_000);
    const escalation = texts.find((x) => x.includes("is waiting for a person"))!;
    expect(escalation).toContain("*Somchai*");
    expect(escalation).toContain(`/inbox/${chat.conversationId}|Open in the inbox>`);
    expect(escalation).toContain(">I want to talk to a person");
  });

  it("retries when Slack is down or rate-limits, and records a revoked hook", async () => {
    const { owner } = await setupWorkspace();
    await api("/api/v1/notifications/slack", { method: "PUT", token: owner.token, body: { webhook_url: HOOK } });
    const job = { type: "slack.post", workspace_id: owner.workspaceId, event: "escalation", key: "evt_1", text: "hello" };
    fake.handler = () => new Response("oops", { status: 502 });
    const down = await deliver(job);
    expect(down.retryMessages).toHaveLength(1);
    fake.handler = () => new Response("slow down", { status: 429, headers: { "retry-after": "42" } });
    const limited = await deliver(job);
    expect(limited.retryMessages).toHaveLength(1);
    fake.handler = () => new Response("no_service", { status: 404 });
    const gone = await deliver(job);
    expect(gone.explicitAcks).toHaveLength(1);
    expect((await api("/api/v1/notifications/slack", { token: owner.token })).json.last_error).toMatch(/404: no_service/);
    fake.handler = () => new Response("ok", { status: 200 });
    expect((await deliver(job)).explicitAcks).toHaveLength(1);
    expect((await api("/api/v1/notifications/slack", { token: owner.token })).json.last_error).toBeNull();
    expect((await api("/api/v1/notifications/slack", { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await api("/api/v1/notifications/slack", { token: owner.token })).json.connected).toBe(false);
  });
});
