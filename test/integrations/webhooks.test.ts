import crypto from "node:crypto";
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, registerOwner, uniqueIp } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { ORIGIN, startSession } from "../live/helpers";
import { deliver, eventually, fake, useFakeNetwork } from "./fakes";

useFakeNetwork();

// The receiver, exactly as the API reference shows it (POST /api/v1/webhooks).
function verify(rawBody: string, header: string, secret: string, toleranceSeconds = 300) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2)));
  const expected = crypto.createHmac("sha256", secret).update(`${parts.t}.${rawBody}`).digest("hex");
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) <= toleranceSeconds;
  return fresh && parts.v1?.length === expected.length && crypto.timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected));
}

async function setup(events = ["conversation.created", "message.created"], url = "https://hooks.example.com/minichat") {
  const owner = await registerOwner();
  const bot = await createBot(owner.token, { allowed_origins: [ORIGIN] });
  const hook = await api("/api/v1/webhooks", { token: owner.token, body: { url, events } });
  expect(hook.status).toBe(201);
  return { owner, bot, hook: hook.json };
}

async function offlineConversation(botKey: string, text: string) {
  const session = await startSession(botKey);
  const conv = await api("/api/v1/widget/conversations", { token: session.json.visitor_token, body: { offline_message: text }, headers: { origin: ORIGIN, "cf-connecting-ip": uniqueIp() } });
  expect(conv.status).toBe(201);
  return conv.json.id as string;
}

describe("outgoing webhooks", () => {
  it("shows the secret once, lists without it, and documents the signature", async () => {
    const { owner, hook } = await setup();
    expect(hook.secret).toMatch(/^whsec_/);
    const list = await api("/api/v1/webhooks", { token: owner.token });
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0].secret).toBeUndefined();
    expect(JSON.stringify(list.json)).not.toContain(hook.secret);
    const doc = await api("/api/v1/openapi.json");
    const desc = doc.json.paths["/api/v1/webhooks"].post.description as string;
    expect(desc).toContain("MiniChat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256");
    expect(desc).toContain("createHmac");
  });

  it("delivers signed events through the queue that a receiver written from the docs accepts", async () => {
    const { bot, hook } = await setup();
    const conversationId = await offlineConversation(bot.public_key, "Do you ship to Chiang Mai?");
    const got = await eventually(async () => {
      const hits = fake.to("https://hooks.example.com/minichat");
      const events = hits.map((h) => h.headers["minichat-event"]);
      if (!events.includes("conversation.created") || !events.includes("message.created")) throw new Error(`so far ${events}`);
      return hits;
    }, 15_000);
    for (const h of got) {
      expect(verify(h.body, h.headers["minichat-signature"]!, hook.secret)).toBe(true);
      expect(verify(h.body, h.headers["minichat-signature"]!, "whsec_wrong")).toBe(false);
      expect(h.headers["minichat-delivery"]).toMatch(/^whd_/);
    }
    const message = JSON.parse(got.find((h) => h.headers["minichat-event"] === "message.created")!.body);
    expect(message).toMatchObject({ type: "message.created", data: { conversation_id: conversationId, message: { role: "visitor", text: "Do you ship to Chiang Mai?" } } });
  });

  it("refuses private, loopback and metadata targets at creation", async () => {
    const owner = await registerOwner();
    for (const url of ["http://127.0.0.1/hook", "http://169.254.169.254/latest/meta-data", "http://10.1.2.3/x", "http://localhost:8080/x", "http://[::1]/x", "ftp://example.com/x"]) {
      const r = await api("/api/v1/webhooks", { token: owner.token, body: { url, events: ["message.created"] } });
      expect(r.status, url).toBe(400);
    }
    // a name that does not resolve yet is accepted: each delivery resolves it again
    fake.dns.set("not-yet.example.com", []);
    const later = await api("/api/v1/webhooks", { token: owner.token, body: { url: "https://not-yet.example.com/x", events: ["message.created"] } });
    expect(later.status).toBe(201);
  });

  it("re-checks DNS at every delivery: a name that now points inside is refused and never called", async () => {
    const { owner, bot, hook } = await setup(["message.created"], "https://rebind.example.com/hook");
    fake.dns.set("rebind.example.com", ["10.0.0.7"]);
    await offlineConversation(bot.public_key, "hello");
    const log = await eventually(async () => {
      const r = await api(`/api/v1/webhooks/${hook.id}/deliveries`, { token: owner.token });
      if (!r.json.data[0]?.error) throw new Error("no attempt yet");
      return r.json.data;
    }, 15_000);
    expect(log[0].error).toContain("internal address");
    expect(fake.to("https://rebind.example.com")).toHaveLength(0);
  });

  it("retries failures, then past the budget marks the webhook failing with a visible log; redeliver sends it again", async () => {
    const { owner, bot, hook } = await setup(["message.created"], "https://down.example.com/hook");
    fake.handler = (r) => (r.url.startsWith("https://down.example.com") ? new Response("boom", { status: 500 }) : new Response("{}"));
    await offlineConversation(bot.public_key, "anyone there?");
    const first = await eventually(async () => {
      const r = await api(`/api/v1/webhooks/${hook.id}/deliveries`, { token: owner.token });
      if (r.json.data[0]?.response_status !== 500) throw new Error("not attempted yet");
      return r.json.data[0];
    }, 15_000);
    expect(first).toMatchObject({ status: "retrying", response_status: 500, response_excerpt: "boom", event: "message.created" });
    // the last attempt the queue allows
    const last = await deliver({ type: "webhook.delivery", delivery_id: first.id }, { attempts: 9 });
    expect(last.retryMessages).toHaveLength(1); // the platform moves it to the dead-letter queue
    const after = await api(`/api/v1/webhooks/${hook.id}`, { token: owner.token });
    expect(after.json).toMatchObject({ failing: true });
    const log = await api(`/api/v1/webhooks/${hook.id}/deliveries`, { token: owner.token });
    expect(log.json.data[0]).toMatchObject({ status: "failed" });
    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(owner.email)}`);
    expect(mail.json.data.some((m: { subject: string }) => m.subject === "A MiniChat webhook is failing")).toBe(true);

    fake.handler = () => new Response("ok");
    const again = await api(`/api/v1/webhooks/${hook.id}/deliveries/${first.id}/redeliver`, { token: owner.token, method: "POST" });
    expect(again.status).toBe(202);
    await deliver({ type: "webhook.delivery", delivery_id: first.id });
    const fixed = await api(`/api/v1/webhooks/${hook.id}`, { token: owner.token });
    expect(fixed.json.failing).toBe(false);
    // a retry racing the success finds it delivered and sends nothing more
    const before = fake.to("https://down.example.com").length;
    await deliver({ type: "webhook.delivery", delivery_id: first.id }, { attempts: 2 });
    expect(fake.to("https://down.example.com").length).toBe(before);
  });

  it("another workspace's webhook answers 404; PATCH and DELETE work", async () => {
    const { owner, hook } = await setup();
    const other = await registerOwner();
    expect((await api(`/api/v1/webhooks/${hook.id}`, { token: other.token })).status).toBe(404);
    expect((await api(`/api/v1/webhooks/${hook.id}`, { token: other.token, method: "DELETE" })).status).toBe(404);
    const patched = await api(`/api/v1/webhooks/${hook.id}`, { token: owner.token, method: "PATCH", body: { active: false, events: ["rating.created"] } });
    expect(patched.json).toMatchObject({ active: false, events: ["rating.created"] });
    expect((await api(`/api/v1/webhooks/${hook.id}`, { token: owner.token, method: "DELETE" })).status).toBe(204);
    expect(env.DB).toBeTruthy();
  });
});
