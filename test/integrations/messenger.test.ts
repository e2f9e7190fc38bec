import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { hmacHex } from "../../common/hmac";
import { hubSignature } from "../../worker/channels/meta/signature";
import { messagingTypeFor } from "../../worker/channels/messenger/send";
import { renderMeta } from "../../worker/channels/messenger/render";
import { api, registerOwner } from "../helpers";
import { connect } from "../live/helpers";
import { createBot } from "../chatbots/fixtures";
import { deliver, eventually, fake, replyPastTheRetryBudget, useFakeNetwork, type Seen } from "./fakes";

useFakeNetwork();

const TOKEN = "EAAGfakePageAccessTokenForMessengerTests0123456789";
const APP_SECRET = "0123456789abcdef0123456789abcdef";
let PAGE_ID = "104000000000001";
let IG_ID = "17841400000000001";
// one Page, one connection: each test connects a Page (and Instagram account) of its own
let pages = 0;
beforeEach(() => {
  pages++;
  PAGE_ID = `1040000000${String(pages).padStart(5, "0")}`;
  IG_ID = `178414000${String(pages).padStart(8, "0")}`;
});
const GRAPH = "https://graph.facebook.com/v21.0";
const CDN = "https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.png";
// the smallest valid PNG
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));

/** Meta's side: the Graph API calls MiniChat makes, answered (and refused) the way the Graph API does. */
function fakeGraph(opts: { send?: (r: Seen) => Response | undefined; instagram?: boolean } = {}) {
  fake.handler = async (r) => {
    if (r.url === CDN) return new Response(PNG, { headers: { "content-type": "image/png" } });
    if (!r.url.startsWith(`${GRAPH}/`)) return new Response("not found", { status: 404 });
    const url = new URL(r.url);
    if (r.headers.authorization !== `Bearer ${TOKEN}`) return Response.json({ error: { message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException", code: 190 } }, { status: 400 });
    if (url.searchParams.get("appsecret_proof") !== (await hmacHex(APP_SECRET, TOKEN))) {
      return Response.json({ error: { message: "Invalid appsecret_proof provided in the API argument", type: "GraphMethodException", code: 100 } }, { status: 400 });
    }
    const path = url.pathname.slice("/v21.0/".length);
    if (path === "me") return Response.json({ id: PAGE_ID, name: "Somchai Shop", ...(opts.instagram === false ? {} : { instagram_business_account: { id: IG_ID, username: "somchai.shop" } }) });
    if (path === `${PAGE_ID}/subscribed_apps`) {
      if (r.method === "GET") return Response.json({ data: [{ id: "9000", name: "MiniChat Shop", subscribed_fields: ["messages", "messaging_postbacks"] }] });
      return Response.json({ success: true });
    }
    if (path === `${PAGE_ID}/messages` && r.method === "POST") return opts.send?.(r) ?? Response.json({ recipient_id: JSON.parse(r.body).recipient.id, message_id: `m_${fake.seen.length}` });
    if (/^\d+$/.test(path)) {
      return url.searchParams.get("fields")?.includes("username")
        ? Response.json({ name: "Ploy Insta", username: "ploy.ig", profile_pic: "https://scontent.example/ploy.jpg", id: path })
        : Response.json({ first_name: "Malee", last_name: "S.", profile_pic: "https://platform-lookaside.fbsbx.com/malee.jpg", id: path });
    }
    return Response.json({ error: { message: "Unknown path components", code: 2500 } }, { status: 400 });
  };
}

const sends = (filter?: (b: { recipient: { id: string }; message: Record<string, unknown>; messaging_type: string; tag?: string }) => boolean) =>
  fake
    .to(`${GRAPH}/${PAGE_ID}/messages`)
    .map((s) => JSON.parse(s.body) as { recipient: { id: string }; message: Record<string, unknown>; messaging_type: string; tag?: string })
    .filter((b) => !filter || filter(b));
const textOf = (b: { message: Record<string, unknown> }) => b.message.text as string | undefined;

let n = 0;
const mid = () => `m_${Date.now()}_${++n}_${"x".repeat(80)}`;
type Messaging = Record<string, unknown>;
const textMessage = (psid: string, text: string, id = mid()): Messaging => ({ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid: id, text } });

async function post(channel: { webhook_url: string }, messaging: Messaging[], opts: { secret?: string | null; object?: string; entryId?: string } = {}) {
  const body = JSON.stringify({ object: opts.object ?? "page", entry: [{ id: opts.entryId ?? PAGE_ID, time: Date.now(), messaging }] });
  const headers: Record<string, string> = { "content-type": "application/json" };
  const secret = opts.secret === undefined ? APP_SECRET : opts.secret;
  if (secret !== null) headers["x-hub-signature-256"] = await hubSignature(secret, body);
  return api(new URL(channel.webhook_url).pathname, { body, headers });
}

async function setup(type: "messenger" | "instagram" = "messenger") {
  const owner = await registerOwner();
  const bot = await createBot(owner.token);
  fakeGraph();
  const ch = await api("/api/v1/channels", { token: owner.token, body: { type, chatbot_id: bot.id, config: { page_access_token: TOKEN, app_secret: APP_SECRET } } });
  expect(ch.status).toBe(201);
  return { owner, bot, channel: ch.json };
}

async function conversationOn(type: string, token: string) {
  return eventually(async () => {
    const r = await api(`/api/v1/conversations?channel=${type}`, { token });
    if (!r.json.data?.length) throw new Error(`no ${type} conversation yet`);
    return r.json.data[0];
  });
}

const deliveryOf = async (messageId: string) => env.DB.prepare(`SELECT status, method, error FROM channel_deliveries WHERE message_id = ?1`).bind(messageId).first<{ status: string; method: string | null; error: string | null }>();

/** A bot message stored on the conversation with its pending delivery row (what a flush writes), for sending by hand. */
async function storedBotMessage(conv: { id: string }, channelId: string, text: string, rich?: unknown) {
  const ws = (await env.DB.prepare(`SELECT workspace_id FROM conversations WHERE id = ?1`).bind(conv.id).first<{ workspace_id: string }>())!.workspace_id;
  const id = `msg_fb_${Date.now()}_${++n}`;
  const now = new Date().toISOString();
  await env.DB.batch([
    env.DB.prepare(`INSERT INTO messages (id, workspace_id, conversation_id, seq, role, text, rich, created_at) VALUES (?1, ?2, ?3, ?4, 'bot', ?5, ?6, ?7)`).bind(id, ws, conv.id, 20_000 + n, text, rich ? JSON.stringify(rich) : null, now),
    env.DB.prepare(`INSERT INTO channel_deliveries (message_id, workspace_id, conversation_id, channel_id, status, attempts, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5)`).bind(id, ws, conv.id, channelId, now),
  ]);
  return id;
}

const setLastInbound = (conv: { id: string }, hoursAgo: number) =>
  env.DB.prepare(`UPDATE channel_contacts SET last_inbound_at = ?2 WHERE conversation_id = ?1`).bind(conv.id, new Date(Date.now() - hoursAgo * 3_600_000).toISOString()).run();

describe("Messenger channel", () => {
  it("connects: checks the Page token and app secret, subscribes the app, shows the verify token once and answers Meta's handshake", async () => {
    const { owner, channel } = await setup();
    expect(channel).toMatchObject({ type: "messenger", name: "Somchai Shop", webhook_url: `${env.APP_URL}/api/v1/channels/${channel.id}/webhook`, verify_token: expect.stringMatching(/^[0-9a-f]{48}$/) });
    expect(fake.to(`${GRAPH}/me?`)).toHaveLength(1);
    expect(JSON.parse(fake.to(`${GRAPH}/${PAGE_ID}/subscribed_apps`)[0]!.body)).toEqual({ subscribed_fields: ["messages", "messaging_postbacks"] });
    // the token travels in the Authorization header, never in a URL
    expect(fake.seen.some((s) => s.url.includes(TOKEN))).toBe(false);

    const again = await api(`/api/v1/channels/${channel.id}`, { token: owner.token });
    expect(again.json.verify_token).toBeUndefined();
    const list = JSON.stringify((await api("/api/v1/channels", { token: owner.token })).json);
    for (const secret of [TOKEN, APP_SECRET, channel.verify_token]) expect(list).not.toContain(secret);

    const path = new URL(channel.webhook_url).pathname;
    const ok = await api(`${path}?hub.mode=subscribe&hub.verify_token=${channel.verify_token}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe("1158201444");
    const wrong = await api(`${path}?hub.mode=subscribe&hub.verify_token=not-it&hub.challenge=1`);
    expect(wrong.status).toBe(403);

    const verify = await api(`/api/v1/channels/${channel.id}/verify`, { token: owner.token, method: "POST" });
    expect(verify.json.checks).toEqual([
      { key: "credentials", ok: true, detail: "Somchai Shop" },
      { key: "webhook", ok: true, detail: "MiniChat Shop: messages, messaging_postbacks" },
      { key: "events", ok: false, detail: expect.stringContaining("Waiting") },
    ]);
  });

  it("refuses a wrong app secret (the appsecret_proof) with nothing stored, and a malformed config", async () => {
    const owner = await registerOwner();
    const bot = await createBot(owner.token);
    fakeGraph();
    const refused = await api("/api/v1/channels", { token: owner.token, body: { type: "messenger", chatbot_id: bot.id, config: { page_access_token: TOKEN, app_secret: "ffffffffffffffffffffffffffffffff" } } });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: "CHANNEL_CREDENTIALS_REJECTED", details: { provider_error: expect.stringContaining("Invalid appsecret_proof") } });
    expect((await api("/api/v1/channels", { token: owner.token })).json.data).toHaveLength(0);
    const malformed = await api("/api/v1/channels", { token: owner.token, body: { type: "messenger", chatbot_id: bot.id, config: { page_access_token: TOKEN, app_secret: "short" } } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("VALIDATION_ERROR");
  });

  it("refuses a bad or missing X-Hub-Signature-256 with 401 and stores nothing", async () => {
    const { owner, channel } = await setup();
    expect((await post(channel, [textMessage("2900000000000001", "hi")], { secret: "ffffffffffffffffffffffffffffffff" })).status).toBe(401);
    expect((await post(channel, [textMessage("2900000000000001", "hi")], { secret: null })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    const seen = await env.DB.prepare(`SELECT COUNT(*) AS n FROM channel_events_seen WHERE channel_id = ?1`).bind(channel.id).first<{ n: number }>();
    expect(seen!.n).toBe(0);
    expect((await api("/api/v1/conversations?channel=messenger", { token: owner.token })).json.data).toHaveLength(0);
  });

  it("a message round trip: inbound → the widget's conversation path → bot answer → the Send API with the right payload", async () => {
    const { owner, channel } = await setup();
    expect((await post(channel, [textMessage("2900000000000002", "What are your opening hours?")])).status).toBe(200);
    const conv = await conversationOn("messenger", owner.token);
    expect(conv).toMatchObject({ channel: "messenger" });
    expect(await env.DB.prepare(`SELECT channel_id, channel_user_id FROM conversations WHERE id = ?1`).bind(conv.id).first()).toEqual({ channel_id: channel.id, channel_user_id: "2900000000000002" });
    expect(await env.DB.prepare(`SELECT name FROM visitors WHERE id = ?1`).bind(conv.visitor.id).first()).toEqual({ name: "Malee S." });
    expect(await env.DB.prepare(`SELECT picture_url FROM channel_contacts WHERE channel_id = ?1`).bind(channel.id).first()).toEqual({ picture_url: "https://platform-lookaside.fbsbx.com/malee.jpg" });
    const answer = await eventually(async () => {
      const s = sends((b) => b.recipient.id === "2900000000000002");
      if (!s.length) throw new Error("no answer yet");
      return s[0]!;
    }, 15_000);
    expect(answer).toMatchObject({ recipient: { id: "2900000000000002" }, messaging_type: "RESPONSE" });
    expect(answer.tag).toBeUndefined();
    expect(JSON.stringify(answer.message).length).toBeGreaterThan(10);
    // an echo of what the Page sent is not taken in as the customer's message
    await post(channel, [{ sender: { id: PAGE_ID }, recipient: { id: "2900000000000002" }, timestamp: Date.now(), message: { mid: mid(), text: "echo", is_echo: true } }]);
    await new Promise((r) => setTimeout(r, 500));
    const texts = ((await api(`/api/v1/conversations/${conv.id}`, { token: owner.token })).json.messages ?? []).filter((m: { role: string }) => m.role === "visitor").map((m: { text: string }) => m.text);
    expect(texts).toEqual(["What are your opening hours?"]);
  });

  it("ignores a redelivered message (same mid)", async () => {
    const { owner, channel } = await setup();
    const m = textMessage("2900000000000003", "hello once");
    await post(channel, [m]);
    await post(channel, [m]);
    const conv = await conversationOn("messenger", owner.token);
    const visitorTexts = async () => ((await api(`/api/v1/conversations/${conv.id}`, { token: owner.token })).json.messages ?? []).filter((x: { role: string }) => x.role === "visitor");
    await eventually(async () => {
      if (!(await visitorTexts()).length) throw new Error("not mirrored yet");
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await visitorTexts()).map((x: { text: string }) => x.text)).toEqual(["hello once"]);
  });

  it("quick-reply and postback payloads come in as the text they stand for; an image goes to R2", async () => {
    const { owner, channel } = await setup();
    const psid = "2900000000000004";
    await post(channel, [
      { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid: mid(), text: "Prices", quick_reply: { payload: "Prices" } } },
      { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now() + 1, postback: { mid: mid(), title: "Add to cart", payload: "add:var_123" } },
      { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now() + 2, message: { mid: mid(), attachments: [{ type: "image", payload: { url: CDN } }] } },
    ]);
    const conv = await conversationOn("messenger", owner.token);
    await eventually(async () => {
      const msgs = ((await api(`/api/v1/conversations/${conv.id}`, { token: owner.token })).json.messages ?? []).filter((m: { role: string }) => m.role === "visitor");
      expect(msgs.map((m: { text: string }) => m.text).slice(0, 2)).toEqual(["Prices", "add:var_123"]);
      expect(msgs).toHaveLength(3);
    }, 15_000);
    const att = await env.DB.prepare(`SELECT r2_key, content_type FROM attachments WHERE conversation_id = ?1`).bind(conv.id).first<{ r2_key: string; content_type: string }>();
    expect(att!.content_type).toBe("image/png");
    expect(new Uint8Array(await (await env.FILES.get(att!.r2_key))!.arrayBuffer())).toEqual(PNG);
  });

  it("takeover from the inbox → the agent's reply reaches Messenger once, and its delivery state shows", async () => {
    const { owner, channel } = await setup();
    await post(channel, [textMessage("2900000000000005", "I want to talk to a person")]);
    const conv = await conversationOn("messenger", owner.token);
    expect((await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" })).status).toBe(200);
    const sent = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Hi, this is Olivia from the shop", client_id: "agent-1" } });
    expect(sent.status).toBeLessThan(300);
    const mine = await eventually(async () => {
      const s = sends((b) => textOf(b) === "Hi, this is Olivia from the shop");
      if (!s.length) throw new Error("not sent yet");
      return s;
    }, 15_000);
    expect(mine).toEqual([{ recipient: { id: "2900000000000005" }, messaging_type: "RESPONSE", message: { text: "Hi, this is Olivia from the shop" } }]);
    const state = await eventually(async () => {
      const r = await api(`/api/v1/channels/deliveries/${conv.id}`, { token: owner.token });
      const d = r.json.data.find((x: { message_id: string }) => x.message_id === sent.json.message_id);
      if (d?.status !== "sent") throw new Error("not sent yet");
      return d;
    });
    expect(state).toMatchObject({ status: "sent", method: "send", error: null });
  });

  it("the 24-hour window: a bot message outside it is not sent (reason shown); an agent's reply within 7 days goes with the HUMAN_AGENT tag; after 7 days it is refused", async () => {
    const { owner, channel } = await setup();
    await post(channel, [textMessage("2900000000000006", "hello")]);
    const conv = await conversationOn("messenger", owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    await eventually(async () => {
      const row = await env.DB.prepare(`SELECT last_inbound_at FROM channel_contacts WHERE conversation_id = ?1`).bind(conv.id).first<{ last_inbound_at: string | null }>();
      if (!row?.last_inbound_at) throw new Error("no inbound yet");
    });
    await setLastInbound(conv, 30);

    const botMsg = await storedBotMessage(conv, channel.id, "Still there? Here is our new offer");
    const r = await deliver({ type: "channel.send", message_id: botMsg });
    expect(r.explicitAcks).toHaveLength(1); // a refusal for good: not retried
    expect(await deliveryOf(botMsg)).toMatchObject({ status: "failed", error: expect.stringMatching(/^Not sent: outside Messenger's 24-hour window .* only a team member's reply can be sent$/) });
    expect(sends((b) => textOf(b)?.startsWith("Still there") ?? false)).toHaveLength(0);

    const reply = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Sorry for the wait: your parcel left today", client_id: "agent-late" } });
    const tagged = await eventually(async () => {
      const s = sends((b) => textOf(b) === "Sorry for the wait: your parcel left today");
      if (!s.length) throw new Error("not sent yet");
      return s;
    }, 15_000);
    expect(tagged).toEqual([{ recipient: { id: "2900000000000006" }, messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT", message: { text: "Sorry for the wait: your parcel left today" } }]);
    await eventually(async () => expect(await deliveryOf(reply.json.message_id)).toMatchObject({ status: "sent", method: "human_agent" }));

    // the socket path allows the same HUMAN_AGENT reply within 7 days
    const sock = await connect(`/api/v1/conversations/${conv.id}/ws`, { token: owner.token });
    await sock.frames!.next("hello");
    sock.frames!.send({ type: "message:send", client_id: "agent-late-ws", text: "One more thing: tracking is TH123" });
    expect(await sock.frames!.next("message:ack")).toMatchObject({ client_id: "agent-late-ws" });

    await setLastInbound(conv, 24 * 8);
    // after 7 days: refused up front (nothing stored), on REST and on the socket
    const late = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Are you still interested?", client_id: "agent-too-late" } });
    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({
      code: "REPLY_WINDOW_CLOSED",
      message: expect.stringMatching(/^More than 7 days since the customer last wrote on Messenger/),
      details: { channel: "messenger", state: "closed", closes_at: null, templates_required: false, reason: "expired" },
    });
    sock.frames!.send({ type: "message:send", client_id: "agent-too-late-ws", text: "Are you still interested?" });
    expect(await sock.frames!.next("error")).toMatchObject({ code: "REPLY_WINDOW_CLOSED", client_id: "agent-too-late-ws" });
    sock.frames!.close();
    await new Promise((r) => setTimeout(r, 500));
    const detail = await api(`/api/v1/conversations/${conv.id}`, { token: owner.token });
    expect((detail.json.messages as { text: string }[]).filter((m) => m.text === "Are you still interested?")).toHaveLength(0);
    expect(sends((b) => textOf(b) === "Are you still interested?")).toHaveLength(0);

    // the composer's notice reads the same window
    const win = await api(`/api/v1/conversations/${conv.id}/reply-window`, { token: owner.token });
    expect(win.json).toMatchObject({ channel: "messenger", state: "closed", closes_at: null, templates_required: false });
  });

  it("rich replies: cards as one generic template, buttons as a button template, quick replies; the plain-text fallback when Meta refuses a template", async () => {
    const { owner, channel } = await setup();
    await post(channel, [textMessage("2900000000000007", "hello")]);
    const conv = await conversationOn("messenger", owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    const rich = {
      cards: [{ title: "Canvas tote", subtitle: "Blue", price: { amount: 59000, currency: "THB" }, image_url: "https://shop.example.com/tote.jpg", buttons: [{ label: "Add to cart", action: "add_to_cart", value: "var_1" }] }],
      buttons: [{ label: "Open the shop", action: "open_url", value: "https://shop.example.com" }, { label: "Talk to a person", action: "talk_to_human", value: "" }],
      quick_replies: ["Prices", "Delivery"],
    };
    const first = await storedBotMessage(conv, channel.id, "Pick one", rich);
    await deliver({ type: "channel.send", message_id: first });
    const got = sends((b) => b.recipient.id === "2900000000000007" && !textOf(b));
    expect(got.map((b) => b.message)).toEqual([
      { attachment: { type: "template", payload: { template_type: "generic", elements: [{ title: "Canvas tote", subtitle: "590.00 THB · Blue", image_url: "https://shop.example.com/tote.jpg", buttons: [{ type: "postback", title: "Add to cart", payload: "var_1" }] }] } } },
      {
        attachment: { type: "template", payload: { template_type: "button", text: "Pick one", buttons: [{ type: "web_url", url: "https://shop.example.com", title: "Open the shop" }, { type: "postback", title: "Talk to a person", payload: "Talk to a person" }] } },
        quick_replies: [{ content_type: "text", title: "Prices", payload: "Prices" }, { content_type: "text", title: "Delivery", payload: "Delivery" }],
      },
    ]);

    fakeGraph({ send: (r) => (JSON.parse(r.body).message.attachment?.type === "template" ? Response.json({ error: { message: "(#100) Invalid parameter", type: "OAuthException", code: 100 } }, { status: 400 }) : undefined) });
    const second = await storedBotMessage(conv, channel.id, "Pick again", rich);
    expect((await deliver({ type: "channel.send", message_id: second })).explicitAcks).toHaveLength(1);
    const plain = sends((b) => textOf(b)?.startsWith("Pick again") ?? false);
    expect(plain.map((b) => b.message)).toEqual([{ text: "Pick again\n• Canvas tote — 590.00 THB\n  Blue\nOpen the shop: https://shop.example.com\n→ Talk to a person\n[Prices] [Delivery]" }]);
    expect(await deliveryOf(second)).toMatchObject({ status: "sent", method: "plain" });
  });

  it("provider 500 → retried → delivered once; down past the budget → DLQ and failed with Meta's error", async () => {
    const { owner, channel } = await setup();
    let status = 500;
    fakeGraph({
      send: (r) => {
        const text = (JSON.parse(r.body).message.text as string | undefined) ?? "";
        if (status === 200 || !/^(Retry|Nobody)/.test(text)) return undefined;
        return Response.json({ error: { message: status === 500 ? "An unexpected error has occurred. Please retry your request later." : "Service temporarily unavailable", type: "OAuthException", code: status === 500 ? 2 : 1 } }, { status });
      },
    });
    await post(channel, [textMessage("2900000000000008", "hello")]);
    const conv = await conversationOn("messenger", owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    const sent = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Retry me", client_id: "agent-r" } });
    const id = sent.json.message_id as string;
    await eventually(async () => {
      const d = await deliveryOf(id);
      if (d?.status !== "retrying") throw new Error(`status ${d?.status}`);
      expect(d.error).toBe(`Send API answered 500 (code 2): An unexpected error has occurred. Please retry your request later.`);
    }, 15_000);
    status = 200;
    expect((await deliver({ type: "channel.send", message_id: id }, { attempts: 2 })).explicitAcks).toHaveLength(1);
    await deliver({ type: "channel.send", message_id: id }, { attempts: 3 }); // a late retry racing the success
    expect(sends((b) => textOf(b) === "Retry me")).toHaveLength(2); // one refused (500), one delivered, the late retry sent nothing
    expect(await deliveryOf(id)).toMatchObject({ status: "sent", method: "send" });

    status = 503;
    expect(await replyPastTheRetryBudget(owner, conv.id)).toMatchObject({ status: "failed", error: expect.stringContaining("answered 503") });
  });

  it("a message of several requests that fails part-way: the retry sends only what the person has not got", async () => {
    const { owner, channel } = await setup();
    await post(channel, [textMessage("2900000000000009", "hello")]);
    const conv = await conversationOn("messenger", owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    let down = true;
    fakeGraph({ send: (r) => (down && JSON.parse(r.body).message.text === "Here are two totes" ? Response.json({ error: { message: "Service temporarily unavailable", code: 2 } }, { status: 503 }) : undefined) });
    const id = await storedBotMessage(conv, channel.id, "Here are two totes", { cards: [{ title: "Blue tote" }, { title: "Red tote" }] });
    expect((await deliver({ type: "channel.send", message_id: id })).retryMessages).toHaveLength(1);
    down = false;
    expect((await deliver({ type: "channel.send", message_id: id }, { attempts: 2 })).explicitAcks).toHaveLength(1);
    const mine = sends((b) => b.recipient.id === "2900000000000009" && (textOf(b) === "Here are two totes" || Boolean(b.message.attachment)));
    // the cards once, the text twice (refused, then accepted)
    expect(mine.map((b) => textOf(b) ?? "cards")).toEqual(["cards", "Here are two totes", "Here are two totes"]);
    expect(await deliveryOf(id)).toMatchObject({ status: "sent", method: "send" });
  });

  it("disconnecting unsubscribes the app from the Page", async () => {
    const { owner, channel } = await setup();
    expect((await api(`/api/v1/channels/${channel.id}`, { token: owner.token, method: "DELETE" })).status).toBe(204);
    expect(fake.to(`${GRAPH}/${PAGE_ID}/subscribed_apps`).filter((s) => s.method === "DELETE")).toHaveLength(1);
  });
});

describe("Instagram channel", () => {
  it("connects to the Instagram account linked to the Page; a Page without one is refused", async () => {
    const { channel } = await setup("instagram");
    expect(channel).toMatchObject({ type: "instagram", name: "@somchai.shop", verify_token: expect.any(String) });
    const owner = await registerOwner();
    const bot = await createBot(owner.token);
    fakeGraph({ instagram: false });
    const refused = await api("/api/v1/channels", { token: owner.token, body: { type: "instagram", chatbot_id: bot.id, config: { page_access_token: TOKEN, app_secret: APP_SECRET } } });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: "CHANNEL_CREDENTIALS_REJECTED", details: { provider_error: expect.stringContaining("no Instagram professional account") } });
  });

  it("a round trip on Instagram: object instagram, the IG account's entry, the profile's name, the reply through the Page; Messenger-shaped bodies are not taken", async () => {
    const { owner, channel } = await setup("instagram");
    const igsid = "6100000000000001";
    // a Messenger body signed with the same app secret is not this connection's
    await post(channel, [textMessage(igsid, "wrong object")], { object: "page", entryId: IG_ID });
    const ig = { sender: { id: igsid }, recipient: { id: IG_ID }, timestamp: Date.now(), message: { mid: `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx${"A".repeat(60)}${Date.now()}`, text: "Is the tote in stock?" } };
    expect((await post(channel, [ig], { object: "instagram", entryId: IG_ID })).status).toBe(200);
    const conv = await conversationOn("instagram", owner.token);
    expect(await env.DB.prepare(`SELECT name FROM visitors WHERE id = ?1`).bind(conv.visitor.id).first()).toEqual({ name: "Ploy Insta" });
    const answer = await eventually(async () => {
      const s = sends((b) => b.recipient.id === igsid);
      if (!s.length) throw new Error("no answer yet");
      return s[0]!;
    }, 15_000);
    expect(answer.messaging_type).toBe("RESPONSE");
    const texts = ((await api(`/api/v1/conversations/${conv.id}`, { token: owner.token })).json.messages ?? []).filter((m: { role: string }) => m.role === "visitor").map((m: { text: string }) => m.text);
    expect(texts).toEqual(["Is the tote in stock?"]);

    // Instagram has no button template: buttons go as a one-element generic template
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    const id = await storedBotMessage(conv, channel.id, "Shall I hold one?", { buttons: [{ label: "Yes please", action: "postback", value: "hold:tote" }] });
    await deliver({ type: "channel.send", message_id: id });
    expect(sends((b) => b.recipient.id === igsid && !textOf(b)).map((b) => b.message)).toEqual([
      { attachment: { type: "template", payload: { template_type: "generic", elements: [{ title: "Shall I hold one?", buttons: [{ type: "postback", title: "Yes please", payload: "hold:tote" }] }] } } },
    ]);
    // the window's reason names Instagram
    await setLastInbound(conv, 30);
    const late = await storedBotMessage(conv, channel.id, "Reminder");
    await deliver({ type: "channel.send", message_id: late });
    expect((await deliveryOf(late))!.error).toContain("outside Instagram's 24-hour window");
  });
});

describe("Meta rendering and windows", () => {
  it("at most 10 generic elements and 13 quick replies, long text split at 2000 characters, files first", () => {
    const cards = Array.from({ length: 12 }, (_, i) => ({ title: `Item ${i}` }));
    const out = renderMeta("messenger", "x".repeat(2500), { cards, quick_replies: Array.from({ length: 15 }, (_, i) => `q${i}`) }, [{ url: "https://app.example.com/f/1", content_type: "application/pdf" }]);
    expect(out[0]).toEqual({ attachment: { type: "file", payload: { url: "https://app.example.com/f/1", is_reusable: false } } });
    expect(((out[1]!.attachment as { payload: { elements: unknown[] } }).payload.elements)).toHaveLength(10);
    expect(out.slice(2).map((m) => (m.text as string).length)).toEqual([2000, 500]);
    expect(out[3]!.quick_replies).toHaveLength(13);
    // Instagram: a PDF goes as its link
    expect(renderMeta("instagram", "", undefined, [{ url: "https://app.example.com/f/1", content_type: "application/pdf" }])).toEqual([{ text: "https://app.example.com/f/1" }]);
  });

  it("chooses the messaging type from the last inbound message and the author", () => {
    const now = Date.parse("2026-06-10T12:00:00Z");
    const ago = (h: number) => new Date(now - h * 3_600_000).toISOString();
    expect(messagingTypeFor("messenger", "bot", ago(2), now)).toEqual({ messaging_type: "RESPONSE" });
    expect(messagingTypeFor("messenger", "agent", ago(48), now)).toEqual({ messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" });
    expect(() => messagingTypeFor("messenger", "system", ago(48), now)).toThrow(/24-hour window/);
    expect(() => messagingTypeFor("instagram", "agent", ago(24 * 7 + 1), now)).toThrow(/more than 7 days/);
    expect(() => messagingTypeFor("messenger", "agent", null, now)).toThrow(/has not written/);
  });
});
