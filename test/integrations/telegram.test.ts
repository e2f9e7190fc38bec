import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { telegramCall } from "../../worker/channels/telegram/api";
import { renderTelegram } from "../../worker/channels/telegram/render";
import { retryDelay } from "../../worker/outbound/consumer";
import { RetryLater } from "../../worker/outbound/messages";
import { api, registerOwner } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { deliver, eventually, fake, replyPastTheRetryBudget, useFakeNetwork, type Seen } from "./fakes";

useFakeNetwork();

const TOKEN = "123456789:AAHfakeTelegramBotTokenForTests_0123";
const TG = `https://api.telegram.org/bot${TOKEN}`;
// the smallest valid PNG
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));

/** Telegram's side: the Bot API methods MiniChat calls, answered the way Telegram answers them. */
let bots = 0;
function fakeTelegram(opts: { send?: (r: Seen) => Response | undefined; getMe?: () => Response } = {}) {
  let webhook = "";
  // each test's connection is its own bot (one bot, one connection)
  const botId = 123456789 + ++bots;
  fake.handler = (r) => {
    if (!r.url.startsWith("https://api.telegram.org/")) return new Response("not found", { status: 404 });
    if (r.url === `https://api.telegram.org/file/bot${TOKEN}/photos/file_7.jpg`) return new Response(PNG, { headers: { "content-type": "application/octet-stream" } });
    if (!r.url.startsWith(`${TG}/`)) return Response.json({ ok: false, error_code: 401, description: "Unauthorized" }, { status: 401 });
    const method = r.url.slice(TG.length + 1);
    const body = r.body ? JSON.parse(r.body) : {};
    if (method === "getMe") return opts.getMe?.() ?? Response.json({ ok: true, result: { id: botId, is_bot: true, first_name: "Shop", username: "shop_bot" } });
    if (method === "setWebhook") {
      webhook = body.url;
      return Response.json({ ok: true, result: true, description: "Webhook was set" });
    }
    if (method === "getWebhookInfo") return Response.json({ ok: true, result: { url: webhook, pending_update_count: 0 } });
    if (method === "getFile") return Response.json({ ok: true, result: { file_id: body.file_id, file_path: "photos/file_7.jpg" } });
    if (method === "answerCallbackQuery") return Response.json({ ok: true, result: true });
    if (method.startsWith("send")) return opts.send?.(r) ?? Response.json({ ok: true, result: { message_id: fake.seen.length } });
    return Response.json({ ok: false, error_code: 404, description: "Not Found" }, { status: 404 });
  };
}

const sends = (filter?: (b: Record<string, unknown>) => boolean) =>
  fake
    .to(`${TG}/send`)
    .map((s) => ({ method: s.url.slice(TG.length + 1), body: JSON.parse(s.body) as Record<string, unknown> }))
    .filter((s) => !filter || filter(s.body));

let n = 0;
const nextId = () => Math.floor(Date.now() / 1000) * 1000 + ++n;
const textUpdate = (chatId: number, text: string, updateId = nextId()) => ({
  update_id: updateId,
  message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "Malee" }, from: { id: chatId, is_bot: false, first_name: "Malee", last_name: "S." }, text },
});

async function post(channel: { webhook_url: string }, update: unknown, secret: string | null) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret !== null) headers["x-telegram-bot-api-secret-token"] = secret;
  return api(new URL(channel.webhook_url).pathname, { body: JSON.stringify(update), headers });
}

async function setup() {
  const owner = await registerOwner();
  const bot = await createBot(owner.token);
  fakeTelegram();
  const ch = await api("/api/v1/channels", { token: owner.token, body: { type: "telegram", chatbot_id: bot.id, config: { bot_token: TOKEN } } });
  expect(ch.status).toBe(201);
  const set = fake.to(`${TG}/setWebhook`);
  expect(set).toHaveLength(1);
  const secret = JSON.parse(set[0]!.body).secret_token as string;
  return { owner, bot, channel: ch.json, secret };
}

async function telegramConversation(token: string) {
  return eventually(async () => {
    const r = await api("/api/v1/conversations?channel=telegram", { token });
    if (!r.json.data?.length) throw new Error("no Telegram conversation yet");
    return r.json.data[0];
  });
}

describe("Telegram channel", () => {
  it("connects: checks the token, sets the webhook with a secret token, never returns the token", async () => {
    const { owner, channel, secret } = await setup();
    expect(channel).toMatchObject({ type: "telegram", name: "@shop_bot", webhook_url: `${env.APP_URL}/api/v1/channels/${channel.id}/webhook`, last_event_at: null });
    const set = JSON.parse(fake.to(`${TG}/setWebhook`)[0]!.body);
    expect(set.url).toBe(channel.webhook_url);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    const list = await api("/api/v1/channels", { token: owner.token });
    expect(JSON.stringify(list.json)).not.toContain(TOKEN);
    expect(JSON.stringify(list.json)).not.toContain(secret);
    const row = await env.DB.prepare(`SELECT secrets_enc FROM channels WHERE id = ?1`).bind(channel.id).first<{ secrets_enc: string }>();
    expect(row!.secrets_enc).not.toContain(TOKEN.split(":")[1]);

    const verify = await api(`/api/v1/channels/${channel.id}/verify`, { token: owner.token, method: "POST" });
    expect(verify.status).toBe(200);
    expect(verify.json.checks).toEqual([
      { key: "credentials", ok: true, detail: "@shop_bot" },
      { key: "webhook", ok: true, detail: "0 pending" },
      { key: "events", ok: false, detail: expect.stringContaining("Waiting") },
    ]);
    expect((await api(`/api/v1/channels/${channel.id}/verify`, { token: (await registerOwner()).token, method: "POST" })).status).toBe(404);
  });

  it("refuses a token Telegram does not accept (nothing stored) and a malformed one", async () => {
    const owner = await registerOwner();
    const bot = await createBot(owner.token);
    fakeTelegram({ getMe: () => Response.json({ ok: false, error_code: 401, description: "Unauthorized" }, { status: 401 }) });
    const refused = await api("/api/v1/channels", { token: owner.token, body: { type: "telegram", chatbot_id: bot.id, config: { bot_token: TOKEN } } });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: "CHANNEL_CREDENTIALS_REJECTED", details: { provider_error: "Telegram getMe answered 401: Unauthorized" } });
    expect(JSON.stringify(refused.json)).not.toContain(TOKEN);
    expect((await api("/api/v1/channels", { token: owner.token })).json.data).toHaveLength(0);
    const malformed = await api("/api/v1/channels", { token: owner.token, body: { type: "telegram", chatbot_id: bot.id, config: { bot_token: "nope" } } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("VALIDATION_ERROR");
  });

  it("refuses a wrong or missing secret token with 401 and stores nothing", async () => {
    const { owner, channel } = await setup();
    expect((await post(channel, textUpdate(501, "hi"), "wrong-secret")).status).toBe(401);
    expect((await post(channel, textUpdate(501, "hi"), null)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    const seen = await env.DB.prepare(`SELECT COUNT(*) AS n FROM channel_events_seen WHERE channel_id = ?1`).bind(channel.id).first<{ n: number }>();
    expect(seen!.n).toBe(0);
    expect((await api("/api/v1/conversations?channel=telegram", { token: owner.token })).json.data).toHaveLength(0);
  });

  it("a message round trip: update → the widget's conversation path → bot answer → sendMessage to the chat", async () => {
    const { owner, channel, secret } = await setup();
    expect((await post(channel, textUpdate(777001, "What are your opening hours?"), secret)).status).toBe(200);
    const conv = await telegramConversation(owner.token);
    expect(conv).toMatchObject({ channel: "telegram" });
    const row = await env.DB.prepare(`SELECT channel_id, channel_user_id FROM conversations WHERE id = ?1`).bind(conv.id).first();
    expect(row).toEqual({ channel_id: channel.id, channel_user_id: "777001" });
    const visitor = await env.DB.prepare(`SELECT name FROM visitors WHERE id = ?1`).bind(conv.visitor.id).first();
    expect(visitor).toEqual({ name: "Malee S." });
    const answer = await eventually(async () => {
      const s = sends((b) => b.chat_id === "777001");
      if (!s.length) throw new Error("no answer yet");
      return s[0]!;
    }, 15_000);
    expect(answer.method).toBe("sendMessage");
    expect(typeof answer.body.text).toBe("string");
    expect((answer.body.text as string).length).toBeGreaterThan(0);
    expect(answer.body.parse_mode).toBeUndefined();
    const verify = await api(`/api/v1/channels/${channel.id}/verify`, { token: owner.token, method: "POST" });
    expect(verify.json).toMatchObject({ ok: true, last_event_at: expect.any(String) });
  });

  it("ignores a redelivered update (same update_id)", async () => {
    const { owner, channel, secret } = await setup();
    const u = textUpdate(777002, "hello once");
    await post(channel, u, secret);
    await post(channel, u, secret);
    const conv = await telegramConversation(owner.token);
    const visitorTexts = async () => ((await api(`/api/v1/conversations/${conv.id}`, { token: owner.token })).json.messages ?? []).filter((m: { role: string }) => m.role === "visitor");
    await eventually(async () => {
      if (!(await visitorTexts()).length) throw new Error("not mirrored yet");
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await visitorTexts()).map((m: { text: string }) => m.text)).toEqual(["hello once"]);
  });

  it("takeover from the inbox → the agent's reply reaches the chat once, and its delivery state shows", async () => {
    const { owner, channel, secret } = await setup();
    await post(channel, textUpdate(777003, "I want to talk to a person"), secret);
    const conv = await telegramConversation(owner.token);
    expect((await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" })).status).toBe(200);
    const sent = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Hi, this is Olivia from the shop", client_id: "agent-1" } });
    expect(sent.status).toBeLessThan(300);
    const mine = await eventually(async () => {
      const s = sends((b) => b.text === "Hi, this is Olivia from the shop");
      if (!s.length) throw new Error("not sent yet");
      return s;
    }, 15_000);
    expect(mine).toEqual([{ method: "sendMessage", body: { chat_id: "777003", text: "Hi, this is Olivia from the shop" } }]);
    const state = await eventually(async () => {
      const r = await api(`/api/v1/channels/deliveries/${conv.id}`, { token: owner.token });
      const d = r.json.data.find((x: { message_id: string }) => x.message_id === sent.json.message_id);
      if (d?.status !== "sent") throw new Error("not sent yet");
      return d;
    });
    expect(state).toMatchObject({ status: "sent", method: "send", error: null });
  });

  it("a pressed inline button comes back as its text, and the button's spinner is stopped", async () => {
    const { owner, channel, secret } = await setup();
    const id = nextId();
    await post(channel, { update_id: id, callback_query: { id: "cbq-1", from: { id: 777004, first_name: "Niran" }, data: "Talk to a person", message: { message_id: 1, chat: { id: 777004, type: "private" } } } }, secret);
    const conv = await telegramConversation(owner.token);
    await eventually(async () => {
      const msgs = (await api(`/api/v1/conversations/${conv.id}`, { token: owner.token })).json.messages ?? [];
      if (!msgs.some((m: { role: string; text: string }) => m.role === "visitor" && m.text === "Talk to a person")) throw new Error("not yet");
    });
    expect(fake.to(`${TG}/answerCallbackQuery`).map((s) => JSON.parse(s.body))).toEqual([{ callback_query_id: "cbq-1" }]);
  });

  it("takes a photo into R2 as the visitor's attachment (largest size, caption as text)", async () => {
    const { owner, channel, secret } = await setup();
    const id = nextId();
    const photo = [
      { file_id: "small-id", file_unique_id: "s1", width: 90, height: 90 },
      { file_id: "large-id", file_unique_id: "l1", width: 1280, height: 1280 },
    ];
    await post(channel, { update_id: id, message: { message_id: id, date: 1, chat: { id: 777005, type: "private" }, from: { id: 777005, first_name: "Ploy" }, photo, caption: "is this in stock?" } }, secret);
    const conv = await telegramConversation(owner.token);
    const att = await eventually(async () => {
      const a = await env.DB.prepare(`SELECT r2_key, content_type FROM attachments WHERE conversation_id = ?1`).bind(conv.id).first<{ r2_key: string; content_type: string }>();
      if (!a) throw new Error("no attachment yet");
      return a;
    });
    expect(JSON.parse(fake.to(`${TG}/getFile`)[0]!.body)).toEqual({ file_id: "large-id" });
    expect(att.content_type).toBe("image/png"); // Telegram serves octet-stream: the type comes from the bytes
    const obj = await env.FILES.get(att.r2_key);
    expect(new Uint8Array(await obj!.arrayBuffer())).toEqual(PNG);
    await eventually(async () => {
      const msgs = (await api(`/api/v1/conversations/${conv.id}`, { token: owner.token })).json.messages ?? [];
      if (!msgs.some((m: { role: string; text: string }) => m.role === "visitor" && m.text === "is this in stock?")) throw new Error("caption not in yet");
    });
  });

  it("rich replies: inline keyboard, and the plain-text fallback when Telegram refuses the keyboard", async () => {
    const { owner, channel, secret } = await setup();
    await post(channel, textUpdate(777006, "hello"), secret);
    const conv = await telegramConversation(owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    const rich = {
      buttons: [
        { label: "Open the shop", action: "open_url", value: "https://shop.example.com" },
        { label: "Talk to a person", action: "talk_to_human", value: "" },
      ],
      quick_replies: ["Prices", "Delivery", "Returns"],
    };
    const ids: string[] = [];
    const ws = conv.workspace_id ?? (await env.DB.prepare(`SELECT workspace_id FROM conversations WHERE id = ?1`).bind(conv.id).first<{ workspace_id: string }>())!.workspace_id;
    for (const [i, text] of ["Pick one", "Pick again"].entries()) {
      const id = `msg_rich_${Date.now()}_${i}`;
      ids.push(id);
      await env.DB.batch([
        env.DB.prepare(`INSERT INTO messages (id, workspace_id, conversation_id, seq, role, text, rich, created_at) VALUES (?1, ?2, ?3, ?4, 'bot', ?5, ?6, ?7)`).bind(id, ws, conv.id, 10_000 + i, text, JSON.stringify(rich), new Date().toISOString()),
        env.DB.prepare(`INSERT INTO channel_deliveries (message_id, workspace_id, conversation_id, channel_id, status, attempts, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5)`).bind(id, ws, conv.id, channel.id, new Date().toISOString()),
      ]);
    }
    await deliver({ type: "channel.send", message_id: ids[0] });
    const [keyboard] = sends((b) => b.text === "Pick one");
    expect(keyboard!.body.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: "Open the shop", url: "https://shop.example.com" }],
        [{ text: "Talk to a person", callback_data: "Talk to a person" }],
        [
          { text: "Prices", callback_data: "Prices" },
          { text: "Delivery", callback_data: "Delivery" },
        ],
        [{ text: "Returns", callback_data: "Returns" }],
      ],
    });

    fakeTelegram({ send: (r) => (JSON.parse(r.body).reply_markup ? Response.json({ ok: false, error_code: 400, description: "Bad Request: BUTTON_URL_INVALID" }, { status: 400 }) : undefined) });
    const r = await deliver({ type: "channel.send", message_id: ids[1] });
    expect(r.explicitAcks).toHaveLength(1);
    const plain = sends((b) => typeof b.text === "string" && b.text.startsWith("Pick again") && !b.reply_markup);
    expect(plain).toHaveLength(1);
    expect(plain[0]!.body.text).toBe("Pick again\nOpen the shop: https://shop.example.com\n→ Talk to a person\n[Prices] [Delivery] [Returns]");
    expect(await env.DB.prepare(`SELECT status, method FROM channel_deliveries WHERE message_id = ?1`).bind(ids[1]).first()).toEqual({ status: "sent", method: "plain" });
  });

  it("provider 500 → retried → delivered once; down past the budget → DLQ and failed with Telegram's error", async () => {
    const { owner, channel, secret } = await setup();
    let status = 500;
    const failing = (r: Seen) => {
      const text = (JSON.parse(r.body).text as string | undefined) ?? "";
      if (status === 200 || !/^(Retry|Nobody)/.test(text)) return undefined;
      return Response.json({ ok: false, error_code: status, description: status === 500 ? "Internal Server Error" : "Bad Gateway" }, { status });
    };
    fakeTelegram({ send: failing });
    await post(channel, textUpdate(777007, "hello"), secret);
    const conv = await telegramConversation(owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    const sent = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Retry me", client_id: "agent-r" } });
    const id = sent.json.message_id as string;
    await eventually(async () => {
      const d = await env.DB.prepare(`SELECT status, error FROM channel_deliveries WHERE message_id = ?1`).bind(id).first<{ status: string; error: string }>();
      if (d?.status !== "retrying") throw new Error(`status ${d?.status}`);
      expect(d.error).toBe("Telegram sendMessage answered 500: Internal Server Error");
    }, 15_000);
    status = 200;
    const ok = await deliver({ type: "channel.send", message_id: id }, { attempts: 2 });
    expect(ok.explicitAcks).toHaveLength(1);
    await deliver({ type: "channel.send", message_id: id }, { attempts: 3 }); // a late retry racing the success
    // one refused (500), one delivered, the late retry sent nothing
    expect(sends((b) => b.text === "Retry me")).toHaveLength(2);
    expect(await env.DB.prepare(`SELECT status, method FROM channel_deliveries WHERE message_id = ?1`).bind(id).first()).toEqual({ status: "sent", method: "send" });

    status = 502;
    expect(await replyPastTheRetryBudget(owner, conv.id)).toMatchObject({ status: "failed", error: "Telegram sendMessage answered 502: Bad Gateway" });
  });

  it("a 429 waits as long as Telegram asks", async () => {
    fakeTelegram({ send: () => Response.json({ ok: false, error_code: 429, description: "Too Many Requests: retry after 17", parameters: { retry_after: 17 } }, { status: 429 }) });
    const err = await telegramCall(env, TOKEN, "sendMessage", { chat_id: "1", text: "Slow down" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryLater);
    expect(retryDelay(err, 2)).toBe(17);
    expect(String((err as Error).message)).not.toContain(TOKEN);
  });

  it("disconnecting removes the bot's webhook at Telegram", async () => {
    const { owner, channel } = await setup();
    expect((await api(`/api/v1/channels/${channel.id}`, { token: owner.token, method: "DELETE" })).status).toBe(204);
    expect(fake.to(`${TG}/deleteWebhook`)).toHaveLength(1);
  });
});

describe("Telegram rendering", () => {
  it("files first, product cards as lines with their buttons, long callback values fall back to the label", () => {
    const calls = renderTelegram("42", "Here you go", {
      cards: [{ title: "Green tea", price: { amount: 12000, currency: "THB" }, buttons: [{ label: "Add", action: "add_to_cart", value: "x".repeat(80) }] }],
    }, [{ url: "https://app.example.com/f/1", content_type: "image/png" }, { url: "https://app.example.com/f/2", content_type: "application/pdf" }]);
    expect(calls).toEqual([
      { method: "sendPhoto", body: { chat_id: "42", photo: "https://app.example.com/f/1" } },
      { method: "sendDocument", body: { chat_id: "42", document: "https://app.example.com/f/2" } },
      { method: "sendMessage", body: { chat_id: "42", text: "Here you go\n• Green tea — 120.00 THB", reply_markup: { inline_keyboard: [[{ text: "Add · Green tea", callback_data: "Add" }]] } } },
    ]);
  });
});
