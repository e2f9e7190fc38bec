import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { lineSignature } from "../../worker/channels/line/webhook";
import { api, registerOwner } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { deliver, eventually, fake, replyPastTheRetryBudget, useFakeNetwork } from "./fakes";

useFakeNetwork();

const SECRET = "line-channel-secret-123";
const TOKEN = "line-access-token-abcdef";
const LINE = "https://api.line.me";
// the smallest valid PNG
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));

/** LINE's side: profile, reply, push and message content, as the Messaging API answers them. */
function fakeLine(opts: { pushStatus?: () => number } = {}) {
  fake.handler = (r) => {
    if (r.url.startsWith(`${LINE}/v2/bot/profile/`)) return Response.json({ displayName: "Somchai", pictureUrl: "https://profile.line-scdn.net/abc" });
    if (r.url === `${LINE}/v2/bot/message/reply`) return Response.json({});
    if (r.url === `${LINE}/v2/bot/message/push`) return new Response("{}", { status: opts.pushStatus?.() ?? 200 });
    if (r.url.startsWith("https://api-data.line.me/v2/bot/message/")) return new Response(PNG, { headers: { "content-type": "image/png" } });
    return new Response("not found", { status: 404 });
  };
}

let n = 0;
const textEvent = (userId: string, text: string, eventId = `01H${Date.now()}${++n}`) => ({
  type: "message", mode: "active", timestamp: Date.now(), webhookEventId: eventId, deliveryContext: { isRedelivery: false },
  source: { type: "user", userId }, replyToken: `rt-${eventId}`, message: { id: `m${eventId}`, type: "text", text },
});

async function post(channel: { id: string; webhook_url: string }, events: unknown[], sign: string | null = SECRET) {
  const body = JSON.stringify({ destination: "U0000", events });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (sign) headers["x-line-signature"] = await lineSignature(sign, body);
  return api(new URL(channel.webhook_url).pathname, { body, headers });
}

async function setup() {
  const owner = await registerOwner();
  const bot = await createBot(owner.token);
  const ch = await api("/api/v1/channels", { token: owner.token, body: { type: "line", chatbot_id: bot.id, config: { channel_secret: SECRET, channel_access_token: TOKEN } } });
  expect(ch.status).toBe(201);
  return { owner, bot, channel: ch.json };
}

async function lineConversation(token: string) {
  return eventually(async () => {
    const r = await api("/api/v1/conversations?channel=line", { token });
    if (!r.json.data?.length) throw new Error("no LINE conversation yet");
    return r.json.data[0];
  });
}

describe("LINE channel", () => {
  it("connects with an absolute webhook URL and never returns the credentials", async () => {
    const { owner, channel } = await setup();
    expect(channel.webhook_url).toBe(`${env.APP_URL}/api/v1/channels/${channel.id}/webhook`);
    const list = await api("/api/v1/channels", { token: owner.token });
    expect(JSON.stringify(list.json)).not.toContain(TOKEN);
    expect(JSON.stringify(list.json)).not.toContain(SECRET);
    const row = await env.DB.prepare(`SELECT secrets_enc FROM channels WHERE id = ?1`).bind(channel.id).first<{ secrets_enc: string }>();
    expect(row!.secrets_enc).not.toContain(TOKEN);
    const other = await registerOwner();
    expect((await api(`/api/v1/channels/${channel.id}`, { token: other.token })).status).toBe(404);
    const bad = await api("/api/v1/channels", { token: owner.token, body: { type: "line", chatbot_id: "cb_nope", config: { channel_secret: SECRET, channel_access_token: TOKEN } } });
    expect(bad.status).toBe(404);
    const missing = await api("/api/v1/channels", { token: owner.token, body: { type: "line", chatbot_id: channel.chatbot_id, config: { channel_secret: SECRET } } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe("VALIDATION_ERROR");
  });

  it("refuses a bad or missing signature with 401 and stores nothing", async () => {
    const { owner, channel } = await setup();
    fakeLine();
    expect((await post(channel, [textEvent("Ubad", "hi")], "wrong-secret")).status).toBe(401);
    expect((await post(channel, [textEvent("Ubad", "hi")], null)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    const seen = await env.DB.prepare(`SELECT COUNT(*) AS n FROM channel_events_seen WHERE channel_id = ?1`).bind(channel.id).first<{ n: number }>();
    expect(seen!.n).toBe(0);
    expect((await api("/api/v1/conversations?channel=line", { token: owner.token })).json.data).toHaveLength(0);
  });

  it("a message round trip: inbound → the widget's conversation path → bot answer → LINE reply with the reply token", async () => {
    const { owner, channel } = await setup();
    fakeLine();
    const ev = textEvent("Uround", "What are your opening hours?");
    expect((await post(channel, [ev])).status).toBe(200);
    const conv = await lineConversation(owner.token);
    expect(conv).toMatchObject({ channel: "line" });
    const row = await env.DB.prepare(`SELECT channel_id, channel_user_id FROM conversations WHERE id = ?1`).bind(conv.id).first();
    expect(row).toEqual({ channel_id: channel.id, channel_user_id: "Uround" });
    const visitor = await env.DB.prepare(`SELECT name FROM visitors WHERE id = ?1`).bind(conv.visitor.id).first();
    expect(visitor).toEqual({ name: "Somchai" });
    const reply = await eventually(async () => {
      const r = fake.to(`${LINE}/v2/bot/message/reply`);
      if (!r.length) throw new Error("no reply yet");
      return r[0]!;
    }, 15_000);
    expect(reply.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const sent = JSON.parse(reply.body);
    expect(sent.replyToken).toBe(ev.replyToken);
    expect(sent.messages[0].type).toMatch(/text|flex/);
    // the web widget's conversations are not in the LINE filter
    expect((await api("/api/v1/conversations?channel=web", { token: owner.token })).json.data).toHaveLength(0);
  });

  it("ignores a redelivered event (same webhookEventId)", async () => {
    const { owner, channel } = await setup();
    fakeLine();
    const ev = textEvent("Udup", "hello once");
    await post(channel, [ev]);
    await post(channel, [{ ...ev, deliveryContext: { isRedelivery: true } }]);
    const conv = await lineConversation(owner.token);
    const visitorTexts = async () => {
      const detail = await api(`/api/v1/conversations/${conv.id}`, { token: owner.token });
      return (detail.json.messages ?? []).filter((m: { role: string }) => m.role === "visitor");
    };
    await eventually(async () => {
      if (!(await visitorTexts()).length) throw new Error("not mirrored yet");
    });
    await new Promise((r) => setTimeout(r, 1500));
    const visitorMessages = await visitorTexts();
    expect(visitorMessages.map((m: { text: string }) => m.text)).toEqual(["hello once"]);
  });

  it("takeover from the inbox → the agent's reply is pushed to LINE once, and its delivery state shows", async () => {
    const { owner, channel } = await setup();
    fakeLine();
    await post(channel, [textEvent("Uagent", "I want to talk to a person")]);
    const conv = await lineConversation(owner.token);
    await eventually(async () => {
      if (!fake.to(`${LINE}/v2/bot/message/reply`).length) throw new Error("bot has not answered yet");
    }, 15_000);
    expect((await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" })).status).toBe(200);
    const sent = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Hi, this is Olivia from the shop", client_id: "agent-1" } });
    expect(sent.status).toBeLessThan(300);
    const push = await eventually(async () => {
      const p = fake.to(`${LINE}/v2/bot/message/push`).filter((s) => s.body.includes("this is Olivia"));
      if (!p.length) throw new Error("no push yet");
      return p;
    }, 15_000);
    expect(push).toHaveLength(1);
    expect(JSON.parse(push[0]!.body)).toMatchObject({ to: "Uagent", messages: [{ type: "text", text: "Hi, this is Olivia from the shop" }] });
    expect(push[0]!.headers["x-line-retry-key"]).toMatch(/^[0-9a-f-]{36}$/);
    const states = await eventually(async () => {
      const r = await api(`/api/v1/channels/deliveries/${conv.id}`, { token: owner.token });
      const mine = r.json.data.find((d: { message_id: string }) => d.message_id === sent.json.message_id);
      if (mine?.status !== "sent") throw new Error("not sent yet");
      return mine;
    });
    expect(states).toMatchObject({ status: "sent", method: "push" });
  });

  it("provider 500 → retried → delivered once; provider down past the budget → failed with the provider's error", async () => {
    const { owner, channel } = await setup();
    let status = 500;
    fakeLine({ pushStatus: () => status });
    await post(channel, [textEvent("Uretry", "hello")]);
    const conv = await lineConversation(owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    // the reply token is used by the first outbound message; let it go stale for this one
    await env.DB.prepare(`UPDATE channel_contacts SET reply_token = NULL WHERE conversation_id = ?1`).bind(conv.id).run();
    const sent = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Retry me", client_id: "agent-r" } });
    const id = sent.json.message_id as string;
    await eventually(async () => {
      const d = await env.DB.prepare(`SELECT status FROM channel_deliveries WHERE message_id = ?1`).bind(id).first<{ status: string }>();
      if (d?.status !== "retrying") throw new Error(`status ${d?.status}`);
    }, 15_000);
    status = 200;
    const r = await deliver({ type: "channel.send", message_id: id }, { attempts: 2 });
    expect(r.explicitAcks).toHaveLength(1);
    await deliver({ type: "channel.send", message_id: id }, { attempts: 3 }); // a late retry racing the success
    const pushes = fake.to(`${LINE}/v2/bot/message/push`).filter((s) => s.body.includes("Retry me"));
    const ok = await env.DB.prepare(`SELECT status, method FROM channel_deliveries WHERE message_id = ?1`).bind(id).first();
    expect(ok).toEqual({ status: "sent", method: "push" });
    // the first push was answered 500, the retry succeeded, the late retry sent nothing
    expect(pushes).toHaveLength(2);

    status = 503;
    expect(await replyPastTheRetryBudget(owner, conv.id)).toMatchObject({ status: "failed", error: expect.stringContaining("503") });
  });

  it("takes an image into R2 as the visitor's attachment", async () => {
    const { owner, channel } = await setup();
    fakeLine();
    const ev = { ...textEvent("Umedia", ""), message: { id: "img123", type: "image", contentProvider: { type: "line" } } };
    await post(channel, [ev]);
    const conv = await lineConversation(owner.token);
    const att = await eventually(async () => {
      const a = await env.DB.prepare(`SELECT r2_key, content_type FROM attachments WHERE conversation_id = ?1`).bind(conv.id).first<{ r2_key: string; content_type: string }>();
      if (!a) throw new Error("no attachment yet");
      return a;
    });
    expect(att.content_type).toBe("image/png");
    const obj = await env.FILES.get(att.r2_key);
    expect(new Uint8Array(await obj!.arrayBuffer())).toEqual(PNG);
  });

  it("follow and unfollow are recorded on the contact", async () => {
    const { channel } = await setup();
    fakeLine();
    const base = { mode: "active", timestamp: Date.now(), source: { type: "user", userId: "Ufollow" } };
    await post(channel, [{ ...base, type: "follow", webhookEventId: `f${Date.now()}`, replyToken: "rt-f" }]);
    await eventually(async () => {
      const c = await env.DB.prepare(`SELECT following FROM channel_contacts WHERE channel_id = ?1 AND external_id = 'Ufollow'`).bind(channel.id).first<{ following: number }>();
      if (c?.following !== 1) throw new Error("not yet");
    });
    await post(channel, [{ ...base, type: "unfollow", webhookEventId: `u${Date.now()}` }]);
    await eventually(async () => {
      const c = await env.DB.prepare(`SELECT following FROM channel_contacts WHERE channel_id = ?1 AND external_id = 'Ufollow'`).bind(channel.id).first<{ following: number }>();
      if (c?.following !== 0) throw new Error("not yet");
    });
  });
});
