import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { hubSignature } from "../../worker/channels/meta/signature";
import { replyWindow } from "../../worker/channels/reply-window";
import { renderWhatsApp } from "../../worker/channels/whatsapp/render";
import { parseWhatsAppEvents } from "../../worker/channels/whatsapp/webhook";
import { api, registerOwner } from "../helpers";
import { connect } from "../live/helpers";
import { createBot } from "../chatbots/fixtures";
import { deliver, eventually, fake, replyPastTheRetryBudget, useFakeNetwork, type Seen } from "./fakes";

useFakeNetwork();

let PNID = "106540352242922";
// one number, one connection: each test connects a phone number of its own
let numbers = 0;
beforeEach(() => {
  PNID = `1065403522${String(++numbers).padStart(5, "0")}`;
});
const WABA = "102290129340398";
const TOKEN = "EAAGfakeWhatsAppSystemUserAccessToken0123456789";
const APP_SECRET = "0123456789abcdef0123456789abcdef";
const G = "https://graph.facebook.com/v21.0";
const MEDIA_URL = "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=media-7";
// the smallest valid PNG
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));

const TEMPLATES = [
  { name: "order_update", language: "en_US", status: "APPROVED", category: "UTILITY", components: [{ type: "HEADER", format: "TEXT", text: "Order" }, { type: "BODY", text: "Hi {{1}}, your order {{2}} is on its way." }] },
  { name: "hello_again", language: "th", status: "APPROVED", category: "MARKETING", components: [{ type: "BODY", text: "สวัสดีค่ะ มีอะไรให้ช่วยไหมคะ" }] },
];

let wamids = 0;
/** Meta's side: the Graph API calls MiniChat makes, answered the way the Cloud API answers them. */
function fakeGraph(opts: { send?: (r: Seen) => Response | undefined; templates?: typeof TEMPLATES } = {}) {
  fake.handler = (r) => {
    if (r.url === MEDIA_URL) return r.headers.authorization === `Bearer ${TOKEN}` ? new Response(PNG, { headers: { "content-type": "image/png" } }) : new Response("", { status: 401 });
    if (!r.url.startsWith(`${G}/`)) return new Response("not found", { status: 404 });
    if (r.headers.authorization !== `Bearer ${TOKEN}`) return Response.json({ error: { message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException", code: 190 } }, { status: 401 });
    const path = r.url.slice(G.length);
    if (path.startsWith(`/${PNID}?`)) return Response.json({ id: PNID, verified_name: "Siam Tea Shop", display_phone_number: "+66 81 234 5678" });
    if (path.startsWith(`/${WABA}/message_templates?`)) return Response.json({ data: opts.templates ?? TEMPLATES, paging: { cursors: { before: "a", after: "b" } } });
    if (path === `/${WABA}/subscribed_apps`) return Response.json({ data: [{ whatsapp_business_api_data: { name: "MiniChat", id: "7" } }] });
    if (path === "/media-7") return Response.json({ url: MEDIA_URL, mime_type: "image/png", sha256: "x", file_size: PNG.length, id: "media-7", messaging_product: "whatsapp" });
    if (path === `/${PNID}/messages` && r.method === "POST") {
      const body = JSON.parse(r.body) as { to: string };
      return opts.send?.(r) ?? Response.json({ messaging_product: "whatsapp", contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.T${++wamids}` }] });
    }
    return Response.json({ error: { message: "Unsupported get request", code: 100 } }, { status: 400 });
  };
}

type Sent = { to: string; type: string; messaging_product: string; text?: { body: string }; interactive?: any; template?: any; image?: any };
const sends = (filter?: (b: Sent) => boolean) =>
  fake
    .to(`${G}/${PNID}/messages`)
    .map((s) => JSON.parse(s.body) as Sent)
    .filter((b) => !filter || filter(b));

let n = 0;
const wamid = () => `wamid.IN${Date.now()}${++n}`;
const change = (value: Record<string, unknown>) => ({
  object: "whatsapp_business_account",
  entry: [{ id: WABA, changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "66812345678", phone_number_id: PNID }, ...value } }] }],
});
const inbound = (from: string, message: Record<string, unknown>, id = wamid()) =>
  change({ contacts: [{ profile: { name: "Malee S." }, wa_id: from }], messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), ...message }] });
const textIn = (from: string, text: string, id?: string) => inbound(from, { type: "text", text: { body: text } }, id);

async function post(channel: { webhook_url: string }, payload: unknown, sign: "good" | "bad" | "none" = "good") {
  const raw = JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (sign === "good") headers["x-hub-signature-256"] = await hubSignature(APP_SECRET, raw);
  if (sign === "bad") headers["x-hub-signature-256"] = await hubSignature("not-the-app-secret", raw);
  return api(new URL(channel.webhook_url).pathname, { body: raw, headers });
}

async function setup() {
  const owner = await registerOwner();
  const bot = await createBot(owner.token);
  fakeGraph();
  const ch = await api("/api/v1/channels", { token: owner.token, body: { type: "whatsapp", chatbot_id: bot.id, config: { phone_number_id: PNID, waba_id: WABA, access_token: TOKEN, app_secret: APP_SECRET } } });
  expect(ch.status).toBe(201);
  return { owner, bot, channel: ch.json };
}

async function whatsappConversation(token: string) {
  return eventually(async () => {
    const r = await api("/api/v1/conversations?channel=whatsapp", { token });
    if (!r.json.data?.length) throw new Error("no WhatsApp conversation yet");
    return r.json.data[0];
  });
}

const delivery = (messageId: string) => env.DB.prepare(`SELECT status, method, error FROM channel_deliveries WHERE message_id = ?1`).bind(messageId).first<{ status: string; method: string | null; error: string | null }>();
const visitorTexts = async (token: string, convId: string) =>
  (((await api(`/api/v1/conversations/${convId}`, { token })).json.messages ?? []) as { role: string; text: string }[]).filter((m) => m.role === "visitor").map((m) => m.text);

/** Moves the customer's last message back in time (the window is judged from it). */
const lastWroteHoursAgo = (convId: string, hours: number) =>
  env.DB.prepare(`UPDATE channel_contacts SET last_inbound_at = ?2 WHERE conversation_id = ?1`).bind(convId, new Date(Date.now() - hours * 3_600_000).toISOString()).run();

describe("WhatsApp channel", () => {
  it("connects: checks the token with the phone number, syncs approved templates, shows the verify token once, never returns secrets", async () => {
    const { owner, channel } = await setup();
    expect(channel).toMatchObject({ type: "whatsapp", name: "Siam Tea Shop · +66 81 234 5678", webhook_url: `${env.APP_URL}/api/v1/channels/${channel.id}/webhook` });
    expect(channel.verify_token).toMatch(/^[0-9a-f]{48}$/);
    const again = await api(`/api/v1/channels/${channel.id}`, { token: owner.token });
    expect(again.json.verify_token).toBeUndefined();
    const list = JSON.stringify((await api("/api/v1/channels", { token: owner.token })).json);
    for (const secret of [TOKEN, APP_SECRET, channel.verify_token]) expect(list).not.toContain(secret);
    const templates = await api(`/api/v1/channels/${channel.id}/templates`, { token: owner.token });
    expect(templates.json.data).toEqual([
      { name: "hello_again", language: "th", category: "MARKETING", body: "สวัสดีค่ะ มีอะไรให้ช่วยไหมคะ", param_count: 0, synced_at: expect.any(String) },
      { name: "order_update", language: "en_US", category: "UTILITY", body: "Hi {{1}}, your order {{2}} is on its way.", param_count: 2, synced_at: expect.any(String) },
    ]);
    expect(fake.to(`${G}/${WABA}/message_templates`)[0]!.url).toContain("status=APPROVED");

    const verify = await api(`/api/v1/channels/${channel.id}/verify`, { token: owner.token, method: "POST" });
    expect(verify.json.checks).toEqual([
      { key: "credentials", ok: true, detail: "Siam Tea Shop · +66 81 234 5678" },
      { key: "webhook", ok: true, detail: "MiniChat" },
      { key: "events", ok: false, detail: expect.stringContaining("Waiting") },
    ]);

    // a template approved later shows after "sync templates"; a rejected one never does
    fakeGraph({ templates: [...TEMPLATES, { name: "summer_sale", language: "en_US", status: "APPROVED", category: "MARKETING", components: [{ type: "BODY", text: "Sale!" }] }, { name: "nope", language: "en_US", status: "REJECTED", category: "MARKETING", components: [] }] });
    const synced = await api(`/api/v1/channels/${channel.id}/templates/sync`, { token: owner.token, method: "POST" });
    expect(synced.status).toBe(200);
    expect(synced.json.data.map((t: { name: string }) => t.name)).toEqual(["hello_again", "order_update", "summer_sale"]);
    expect((await api(`/api/v1/channels/${channel.id}/templates`, { token: (await registerOwner()).token })).status).toBe(404);
  });

  it("refuses credentials the Graph API does not accept (nothing stored) and malformed ids", async () => {
    const owner = await registerOwner();
    const bot = await createBot(owner.token);
    fakeGraph();
    const refused = await api("/api/v1/channels", { token: owner.token, body: { type: "whatsapp", chatbot_id: bot.id, config: { phone_number_id: PNID, waba_id: WABA, access_token: `${TOKEN}x`, app_secret: APP_SECRET } } });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: "CHANNEL_CREDENTIALS_REJECTED", details: { provider_error: expect.stringContaining("answered 401 (190)") } });
    expect(JSON.stringify(refused.json)).not.toContain(TOKEN);
    expect((await api("/api/v1/channels", { token: owner.token })).json.data).toHaveLength(0);
    const malformed = await api("/api/v1/channels", { token: owner.token, body: { type: "whatsapp", chatbot_id: bot.id, config: { phone_number_id: "+66 81 234", waba_id: WABA, access_token: TOKEN, app_secret: APP_SECRET } } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("VALIDATION_ERROR");
  });

  it("answers Meta's subscription handshake with this connection's verify token only", async () => {
    const { channel } = await setup();
    const path = new URL(channel.webhook_url).pathname;
    const ok = await api(`${path}?hub.mode=subscribe&hub.verify_token=${channel.verify_token}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe("1158201444");
    expect((await api(`${path}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
  });

  it("refuses a bad or missing X-Hub-Signature-256 with 401 and stores nothing", async () => {
    const { owner, channel } = await setup();
    expect((await post(channel, textIn("66810000001", "hi"), "bad")).status).toBe(401);
    expect((await post(channel, textIn("66810000001", "hi"), "none")).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    const seen = await env.DB.prepare(`SELECT COUNT(*) AS n FROM channel_events_seen WHERE channel_id = ?1`).bind(channel.id).first<{ n: number }>();
    expect(seen!.n).toBe(0);
    expect((await api("/api/v1/conversations?channel=whatsapp", { token: owner.token })).json.data).toHaveLength(0);
  });

  it("a round trip: message → the widget's conversation path → bot answer → POST /{phone-number-id}/messages to the customer", async () => {
    const { owner, channel } = await setup();
    expect((await post(channel, textIn("66810000002", "What are your opening hours?"))).status).toBe(200);
    const conv = await whatsappConversation(owner.token);
    expect(conv).toMatchObject({ channel: "whatsapp", visitor: { name: "Malee S." } });
    expect(await env.DB.prepare(`SELECT channel_id, channel_user_id FROM conversations WHERE id = ?1`).bind(conv.id).first()).toEqual({ channel_id: channel.id, channel_user_id: "66810000002" });
    const answer = await eventually(async () => {
      const s = sends((b) => b.to === "66810000002");
      if (!s.length) throw new Error("no answer yet");
      return s[0]!;
    }, 15_000);
    expect(answer).toMatchObject({ messaging_product: "whatsapp", recipient_type: "individual", to: "66810000002" });
    const body = answer.type === "text" ? answer.text!.body : answer.interactive.body.text;
    expect(body.length).toBeGreaterThan(0);
    const window = await api(`/api/v1/conversations/${conv.id}/reply-window`, { token: owner.token });
    expect(window.json).toMatchObject({ channel: "whatsapp", state: "open", templates_required: false, closes_at: expect.any(String) });
    expect(Date.parse(window.json.closes_at) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
  });

  it("ignores a redelivered message (same wamid); reply-button and list picks come in as the id they stand for", async () => {
    const { owner, channel } = await setup();
    const first = textIn("66810000003", "hello once");
    await post(channel, first);
    await post(channel, first);
    const conv = await whatsappConversation(owner.token);
    await post(channel, inbound("66810000003", { type: "interactive", interactive: { type: "button_reply", button_reply: { id: "Delivery", title: "Delivery" } } }));
    await post(channel, inbound("66810000003", { type: "interactive", interactive: { type: "list_reply", list_reply: { id: "prod_green_tea", title: "Green tea", description: "120 THB" } } }));
    await eventually(async () => {
      if ((await visitorTexts(owner.token, conv.id)).length < 3) throw new Error("not mirrored yet");
    }, 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await visitorTexts(owner.token, conv.id)).toEqual(["hello once", "Delivery", "prod_green_tea"]);
  });

  it("takeover → the agent's reply reaches WhatsApp once; status webhooks move it to delivered and read (never back)", async () => {
    const { owner, channel } = await setup();
    await post(channel, textIn("66810000004", "I want to talk to a person"));
    const conv = await whatsappConversation(owner.token);
    expect((await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" })).status).toBe(200);
    const sent = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Hi, this is Olivia from the shop", client_id: "agent-1" } });
    expect(sent.status).toBe(201);
    await eventually(async () => {
      if ((await delivery(sent.json.message_id))?.status !== "sent") throw new Error("not sent yet");
    }, 15_000);
    expect(sends((b) => b.text?.body === "Hi, this is Olivia from the shop")).toEqual([
      { messaging_product: "whatsapp", recipient_type: "individual", to: "66810000004", type: "text", text: { body: "Hi, this is Olivia from the shop", preview_url: false } },
    ]);
    const { provider_message_id: id } = (await env.DB.prepare(`SELECT provider_message_id FROM channel_provider_messages WHERE message_id = ?1`).bind(sent.json.message_id).first<{ provider_message_id: string }>())!;
    const status = (s: string, extra: Record<string, unknown> = {}) => change({ statuses: [{ id, status: s, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: "66810000004", ...extra }] });
    await post(channel, status("delivered"));
    await eventually(async () => expect((await delivery(sent.json.message_id))?.status).toBe("delivered"));
    await post(channel, status("read"));
    await eventually(async () => expect((await delivery(sent.json.message_id))?.status).toBe("read"));
    await post(channel, status("sent")); // late, out of order
    await new Promise((r) => setTimeout(r, 500));
    const shown = await api(`/api/v1/channels/deliveries/${conv.id}`, { token: owner.token });
    expect(shown.json.data.find((d: { message_id: string }) => d.message_id === sent.json.message_id)).toMatchObject({ status: "read", method: "send", error: null });
    // no contact was made up for a status's recipient, and statuses are not messages
    expect((await api("/api/v1/conversations?channel=whatsapp", { token: owner.token })).json.data).toHaveLength(1);
  });

  it("a delivery report that lands while the send is still finishing is not overwritten by Sent", async () => {
    const { owner, channel } = await setup();
    await post(channel, textIn("66810000014", "I want to talk to a person"));
    const conv = await whatsappConversation(owner.token);
    expect((await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" })).status).toBe(200);
    const graph = fake.handler;
    fake.handler = async (r) => {
      const res = await graph(r);
      // WhatsApp's "delivered" webhook is applied before MiniChat writes its own "sent"
      if (r.url === `${G}/${PNID}/messages` && JSON.parse(r.body).text?.body === "Racing the report") {
        await env.DB.prepare(`UPDATE channel_deliveries SET status = 'delivered' WHERE status = 'sending' AND channel_id = ?1`).bind(channel.id).run();
      }
      return res;
    };
    const sent = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Racing the report", client_id: "agent-race" } });
    expect(sent.status).toBe(201);
    await eventually(async () => expect(await delivery(sent.json.message_id)).toMatchObject({ status: "delivered", method: "send", error: null }), 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect((await delivery(sent.json.message_id))?.status).toBe("delivered");
  });

  it("a failed status shows WhatsApp's error on the message", async () => {
    const { owner, channel } = await setup();
    await post(channel, textIn("66810000005", "hello"));
    const conv = await whatsappConversation(owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    const sent = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Are you there?", client_id: "agent-f" } });
    await eventually(async () => expect((await delivery(sent.json.message_id))?.status).toBe("sent"), 15_000);
    const { provider_message_id: id } = (await env.DB.prepare(`SELECT provider_message_id FROM channel_provider_messages WHERE message_id = ?1`).bind(sent.json.message_id).first<{ provider_message_id: string }>())!;
    await post(channel, change({ statuses: [{ id, status: "failed", timestamp: "1", recipient_id: "66810000005", errors: [{ code: 131026, title: "Message undeliverable", error_data: { details: "The recipient is not a WhatsApp user" } }] }] }));
    await eventually(async () =>
      expect(await delivery(sent.json.message_id)).toMatchObject({ status: "failed", error: "WhatsApp could not deliver (131026): Message undeliverable — The recipient is not a WhatsApp user" }),
    );
  });

  it("outside the 24-hour window: free-form replies are refused with the reason, the window says closed; an approved template goes through", async () => {
    const { owner, channel } = await setup();
    await post(channel, textIn("66810000006", "Where is my order?"));
    const conv = await whatsappConversation(owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    await eventually(async () => {
      if (!(await env.DB.prepare(`SELECT last_inbound_at FROM channel_contacts WHERE conversation_id = ?1`).bind(conv.id).first<{ last_inbound_at: string | null }>())?.last_inbound_at) throw new Error("not in yet");
    });
    await lastWroteHoursAgo(conv.id, 25);
    const window = await api(`/api/v1/conversations/${conv.id}/reply-window`, { token: owner.token });
    expect(window.json).toMatchObject({ channel: "whatsapp", state: "closed", closes_at: null, templates_required: true });
    expect(window.json.templates.map((t: { name: string }) => t.name)).toEqual(["hello_again", "order_update"]);
    const before = sends().length;

    // refused up front, with the window the composer shows; nothing is stored or queued
    const late = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Sorry for the wait!", client_id: "agent-late" } });
    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({
      code: "REPLY_WINDOW_CLOSED",
      message: expect.stringMatching(/^Outside WhatsApp's 24-hour customer-service window: only an approved template can be sent/),
      details: { channel: "whatsapp", state: "closed", closes_at: null, templates_required: true, reason: "templates_required", last_inbound_at: expect.any(String) },
    });
    // the same refusal on the agent's socket, as a protocol error frame
    const sock = await connect(`/api/v1/conversations/${conv.id}/ws`, { token: owner.token });
    await sock.frames!.next("hello");
    sock.frames!.send({ type: "message:send", client_id: "agent-late-ws", text: "Sorry for the wait!" });
    expect(await sock.frames!.next("error")).toMatchObject({ code: "REPLY_WINDOW_CLOSED", client_id: "agent-late-ws", message: expect.stringContaining("approved template") });
    sock.frames!.close();
    // another workspace's conversation stays not found
    expect((await api(`/api/v1/conversations/${conv.id}/messages`, { token: (await registerOwner()).token, body: { text: "x", client_id: "x" } })).status).toBe(404);
    await new Promise((r) => setTimeout(r, 500));
    const detail = await api(`/api/v1/conversations/${conv.id}`, { token: owner.token });
    expect((detail.json.messages as { text: string }[]).filter((m) => m.text === "Sorry for the wait!")).toHaveLength(0);
    expect(sends().length).toBe(before);

    const wrong = await api(`/api/v1/conversations/${conv.id}/channel-template`, { token: owner.token, body: { name: "order_update", language: "en_US", parameters: ["Malee"], client_id: "tpl-0" } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe("TEMPLATE_PARAMETERS");
    expect((await api(`/api/v1/conversations/${conv.id}/channel-template`, { token: owner.token, body: { name: "unknown", language: "en_US", parameters: [], client_id: "tpl-x" } })).status).toBe(404);
    const tpl = await api(`/api/v1/conversations/${conv.id}/channel-template`, { token: owner.token, body: { name: "order_update", language: "en_US", parameters: ["Malee", "#1042"], client_id: "tpl-1" } });
    expect(tpl.status).toBe(201);
    expect(tpl.json.text).toBe("Hi Malee, your order #1042 is on its way.");
    await eventually(async () => expect(await delivery(tpl.json.message_id)).toMatchObject({ status: "sent", method: "template" }), 15_000);
    expect(sends((b) => b.type === "template")).toEqual([
      {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: "66810000006",
        type: "template",
        template: { name: "order_update", language: { code: "en_US" }, components: [{ type: "body", parameters: [{ type: "text", text: "Malee" }, { type: "text", text: "#1042" }] }] },
      },
    ]);
    // the same client id again is the same message, sent once
    const repeat = await api(`/api/v1/conversations/${conv.id}/channel-template`, { token: owner.token, body: { name: "order_update", language: "en_US", parameters: ["Malee", "#1042"], client_id: "tpl-1" } });
    expect(repeat.json.message_id).toBe(tpl.json.message_id);
    const thread = (await api(`/api/v1/conversations/${conv.id}`, { token: owner.token })).json.messages as { role: string; text: string }[];
    expect(thread.filter((m) => m.role === "agent").map((m) => m.text)).toEqual(["Hi Malee, your order #1042 is on its way."]);
    // another workspace cannot use the conversation
    expect((await api(`/api/v1/conversations/${conv.id}/reply-window`, { token: (await registerOwner()).token })).status).toBe(404);
  });

  it("takes an image into R2 as the visitor's attachment (media id → media URL → bytes), caption as text", async () => {
    const { owner, channel } = await setup();
    await post(channel, inbound("66810000007", { type: "image", image: { id: "media-7", mime_type: "image/png", sha256: "x", caption: "is this in stock?" } }));
    const conv = await whatsappConversation(owner.token);
    const att = await eventually(async () => {
      const a = await env.DB.prepare(`SELECT r2_key, content_type, name FROM attachments WHERE conversation_id = ?1`).bind(conv.id).first<{ r2_key: string; content_type: string; name: string }>();
      if (!a) throw new Error("no attachment yet");
      return a;
    });
    expect(att).toMatchObject({ content_type: "image/png", name: "whatsapp-image-media-7.png" });
    expect(new Uint8Array(await (await env.FILES.get(att.r2_key))!.arrayBuffer())).toEqual(PNG);
    await eventually(async () => expect(await visitorTexts(owner.token, conv.id)).toContain("is this in stock?"));
  });

  it("provider 500 → retried → delivered once; down past the budget → DLQ and failed with WhatsApp's error", async () => {
    const { owner, channel } = await setup();
    let status = 500;
    fakeGraph({
      send: (r) => {
        const text = (JSON.parse(r.body) as Sent).text?.body ?? "";
        if (status === 200 || !/^(Retry|Nobody)/.test(text)) return undefined;
        return Response.json({ error: { message: status === 500 ? "An unknown error occurred" : "Service temporarily unavailable", type: "OAuthException", code: status === 500 ? 1 : 2 } }, { status });
      },
    });
    await post(channel, textIn("66810000008", "hello"));
    const conv = await whatsappConversation(owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    const sent = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Retry me", client_id: "agent-r" } });
    const id = sent.json.message_id as string;
    await eventually(async () => expect(await delivery(id)).toMatchObject({ status: "retrying", error: "WhatsApp send text answered 500 (1): An unknown error occurred" }), 15_000);
    status = 200;
    expect((await deliver({ type: "channel.send", message_id: id }, { attempts: 2 })).explicitAcks).toHaveLength(1);
    await deliver({ type: "channel.send", message_id: id }, { attempts: 3 }); // a late retry racing the success
    expect(sends((b) => b.text?.body === "Retry me")).toHaveLength(2); // one refused, one delivered
    expect(await delivery(id)).toMatchObject({ status: "sent", method: "send" });

    status = 503;
    expect(await replyPastTheRetryBudget(owner, conv.id)).toMatchObject({ status: "failed", error: "WhatsApp send text answered 503 (2): Service temporarily unavailable" });
  });

  it("rich replies: reply buttons, and the plain-text fallback when WhatsApp refuses the interactive message", async () => {
    const { owner, channel } = await setup();
    await post(channel, textIn("66810000009", "hello"));
    const conv = await whatsappConversation(owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
    const ws = (await env.DB.prepare(`SELECT workspace_id FROM conversations WHERE id = ?1`).bind(conv.id).first<{ workspace_id: string }>())!.workspace_id;
    const rich = { buttons: [{ label: "Talk to a person", action: "talk_to_human", value: "" }], quick_replies: ["Prices", "Delivery"] };
    const ids: string[] = [];
    for (const [i, text] of ["Pick one", "Pick again"].entries()) {
      const id = `msg_rich_wa_${Date.now()}_${i}`;
      ids.push(id);
      await env.DB.batch([
        env.DB.prepare(`INSERT INTO messages (id, workspace_id, conversation_id, seq, role, text, rich, created_at) VALUES (?1, ?2, ?3, ?4, 'bot', ?5, ?6, ?7)`).bind(id, ws, conv.id, 10_000 + i, text, JSON.stringify(rich), new Date().toISOString()),
        env.DB.prepare(`INSERT INTO channel_deliveries (message_id, workspace_id, conversation_id, channel_id, status, attempts, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5)`).bind(id, ws, conv.id, channel.id, new Date().toISOString()),
      ]);
    }
    await deliver({ type: "channel.send", message_id: ids[0] });
    expect(sends((b) => b.interactive?.body?.text === "Pick one")[0]!.interactive).toEqual({
      type: "button",
      body: { text: "Pick one" },
      action: {
        buttons: [
          { type: "reply", reply: { id: "Talk to a person", title: "Talk to a person" } },
          { type: "reply", reply: { id: "Prices", title: "Prices" } },
          { type: "reply", reply: { id: "Delivery", title: "Delivery" } },
        ],
      },
    });
    fakeGraph({ send: (r) => ((JSON.parse(r.body) as Sent).type === "interactive" ? Response.json({ error: { message: "(#131009) Parameter value is not valid", code: 131009 } }, { status: 400 }) : undefined) });
    expect((await deliver({ type: "channel.send", message_id: ids[1] })).explicitAcks).toHaveLength(1);
    expect(sends((b) => b.type === "text" && b.text!.body.startsWith("Pick again")).map((b) => b.text!.body)).toEqual(["Pick again\n→ Talk to a person\n[Prices] [Delivery]"]);
    expect(await delivery(ids[1]!)).toMatchObject({ status: "sent", method: "plain" });
  });
});

describe("WhatsApp webhook bodies", () => {
  it("takes documents, voice notes and template quick replies; ignores other numbers of the same app and unknown statuses", () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: WABA,
          changes: [
            {
              field: "messages",
              value: {
                metadata: { phone_number_id: PNID },
                contacts: [{ wa_id: "6681", profile: { name: "Ploy" } }],
                messages: [
                  { from: "6681", id: "wamid.D", timestamp: "1700000000", type: "document", document: { id: "m-doc", filename: "invoice.pdf", mime_type: "application/pdf", caption: "my invoice" } },
                  { from: "6681", id: "wamid.A", timestamp: "1700000001", type: "audio", audio: { id: "m-voice", mime_type: "audio/ogg; codecs=opus", voice: true } },
                  { from: "6681", id: "wamid.B", timestamp: "1700000002", type: "button", button: { text: "Track my order", payload: "TRACK" } },
                  { from: "6681", id: "wamid.R", timestamp: "1700000003", type: "reaction", reaction: { emoji: "👍" } },
                ],
                statuses: [{ id: "wamid.X", status: "deleted", recipient_id: "6681" }],
              },
            },
            { field: "messages", value: { metadata: { phone_number_id: "999999999" }, messages: [{ from: "6682", id: "wamid.O", type: "text", text: { body: "other number" } }] } },
          ],
        },
      ],
    };
    const events = parseWhatsAppEvents(JSON.stringify(body), PNID);
    expect(events.map(({ eventId, kind, userId, text, media, profile }) => ({ eventId, kind, userId, text, media, profile }))).toEqual([
      { eventId: "wamid.D", kind: "message", userId: "6681", text: "my invoice", media: { providerId: "m-doc", kind: "file", name: "invoice.pdf" }, profile: { displayName: "Ploy" } },
      { eventId: "wamid.A", kind: "message", userId: "6681", text: undefined, media: { providerId: "m-voice", kind: "audio", name: "whatsapp-audio-m-voice.ogg" }, profile: { displayName: "Ploy" } },
      { eventId: "wamid.B", kind: "message", userId: "6681", text: "TRACK", media: undefined, profile: { displayName: "Ploy" } },
    ]);
    expect(events[0]!.at).toBe("2023-11-14T22:13:20.000Z");
    expect(parseWhatsAppEvents(JSON.stringify({ ...body, object: "page" }), PNID)).toEqual([]);
    expect(parseWhatsAppEvents("not json", PNID)).toEqual([]);
  });
});

describe("the reply window per channel type", () => {
  it("WhatsApp closes to templates after 24 h; Messenger/Instagram allow human agents up to 7 days; other channels have no window", () => {
    const now = Date.parse("2026-06-10T12:00:00Z");
    const ago = (h: number) => new Date(now - h * 3_600_000).toISOString();
    expect(replyWindow("whatsapp", ago(2), now)).toEqual({ state: "open", closes_at: "2026-06-11T10:00:00.000Z", templates_required: false });
    expect(replyWindow("whatsapp", ago(25), now)).toEqual({ state: "closed", closes_at: null, templates_required: true });
    expect(replyWindow("whatsapp", null, now)).toEqual({ state: "closed", closes_at: null, templates_required: true });
    expect(replyWindow("messenger", ago(25), now)).toEqual({ state: "human_agent", closes_at: "2026-06-16T11:00:00.000Z", templates_required: false });
    expect(replyWindow("instagram", ago(24 * 8), now)).toEqual({ state: "closed", closes_at: null, templates_required: false });
    for (const type of ["web", "line", "telegram", "email", null]) expect(replyWindow(type, ago(24 * 30), now)).toEqual({ state: "open", closes_at: null, templates_required: false });
  });
});

describe("WhatsApp rendering", () => {
  it("more than three choices become a list (≤ 10 rows); product cards become an image header with reply buttons; links are written out", () => {
    const list = renderWhatsApp("Which one?", { quick_replies: ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"], buttons: [{ label: "Open the shop", action: "open_url", value: "https://shop.example.com" }, { label: "Eleventh", action: "postback", value: "k" }] });
    expect(list).toHaveLength(1);
    expect(list[0]!.interactive).toMatchObject({ type: "list", body: { text: "Which one?\nOpen the shop: https://shop.example.com" }, action: { button: "Options" } });
    expect((list[0]!.interactive as { action: { sections: { rows: unknown[] }[] } }).action.sections[0]!.rows).toHaveLength(10);

    const cards = renderWhatsApp("Here you go", {
      cards: [
        { title: "Green tea", price: { amount: 12000, currency: "THB" }, image_url: "https://cdn.example.com/tea.jpg", buttons: [{ label: "Add to cart", action: "add_to_cart", value: "var_1" }] },
        { title: "Teapot", subtitle: "Clay, 500 ml", image_url: "https://cdn.example.com/pot.jpg" },
      ],
    }, [{ url: "https://app.example.com/f/1", content_type: "application/pdf" }]);
    expect(cards).toEqual([
      { type: "document", document: { link: "https://app.example.com/f/1" } },
      { type: "interactive", interactive: { type: "button", header: { type: "image", image: { link: "https://cdn.example.com/tea.jpg" } }, body: { text: "Green tea\n120.00 THB" }, action: { buttons: [{ type: "reply", reply: { id: "var_1", title: "Add to cart" } }] } } },
      { type: "image", image: { link: "https://cdn.example.com/pot.jpg", caption: "Teapot\nClay, 500 ml" } },
      { type: "text", text: { body: "Here you go", preview_url: false } },
    ]);

    expect(renderWhatsApp("See our shop", { buttons: [{ label: "Open the shop", action: "open_url", value: "https://shop.example.com" }] })).toEqual([
      { type: "interactive", interactive: { type: "cta_url", body: { text: "See our shop" }, action: { name: "cta_url", parameters: { display_text: "Open the shop", url: "https://shop.example.com" } } } },
    ]);
  });
});
