import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { inboundAddress, LOCAL_EMAIL_DOMAIN } from "../../worker/channels/email/address";
import { prepareEmail } from "../../worker/channels/email/connect";
import { replyAddress } from "../../worker/notify/continuation";
import { AppError } from "../../worker/lib/errors";
import { api, registerOwner } from "../helpers";
import { createBot } from "../chatbots/fixtures";
import { deliver, eventually, fake, replyPastTheRetryBudget, useFakeNetwork, type Seen } from "./fakes";

useFakeNetwork();

const RESEND = "https://api.resend.com/emails";
const KEY = "re_shop_test_key_123";
// the smallest valid PNG
const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

let n = 0;
const mid = (tag = "m") => `<${tag}${Date.now()}${++n}@customer.test>`;

interface Mail {
  from?: string;
  name?: string;
  to: string;
  subject?: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  headers?: Record<string, string>;
  envelopeFrom?: string;
  attachment?: { name: string; type: string; base64: string };
}

function rawOf(m: Mail): string {
  const from = m.from ?? "nok@customer.test";
  const head = [
    `From: ${m.name ? `"${m.name}" ` : ""}<${from}>`,
    `To: ${m.to}`,
    `Subject: ${m.subject ?? "Blue kettle"}`,
    `Message-ID: ${m.messageId ?? mid()}`,
    `Date: ${new Date().toUTCString()}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`, `References: ${m.inReplyTo}`] : []),
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    "MIME-Version: 1.0",
  ];
  if (!m.attachment) return [...head, "Content-Type: text/plain; charset=utf-8", "", m.text, ""].join("\r\n");
  const b = "b-test-boundary";
  return [
    ...head,
    `Content-Type: multipart/mixed; boundary="${b}"`,
    "",
    `--${b}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    m.text,
    `--${b}`,
    `Content-Type: ${m.attachment.type}; name="${m.attachment.name}"`,
    `Content-Disposition: attachment; filename="${m.attachment.name}"`,
    "Content-Transfer-Encoding: base64",
    "",
    m.attachment.base64,
    `--${b}--`,
    "",
  ].join("\r\n");
}

/** Hands one email to the Worker's `email()` handler, as Email Routing would; returns the rejection, if any. */
async function receive(m: Mail): Promise<string | null> {
  let rejected: string | null = null;
  const message = {
    from: m.envelopeFrom ?? m.from ?? "nok@customer.test",
    to: m.to,
    raw: new Response(rawOf(m)).body!,
    rawSize: 0,
    headers: new Headers(),
    setReject: (reason: string) => void (rejected = reason),
    forward: async () => ({ messageId: "" }),
    reply: async () => ({ messageId: "" }),
  };
  const ctx = createExecutionContext();
  await worker.email(message as unknown as ForwardableEmailMessage, env);
  await waitOnExecutionContext(ctx);
  return rejected;
}

async function setup(config: Record<string, unknown> = { support_address: "help@shop.test", from_name: "Kettle Shop", resend_api_key: KEY }) {
  const owner = await registerOwner();
  const bot = await createBot(owner.token);
  const ch = await api("/api/v1/channels", { token: owner.token, body: { type: "email", chatbot_id: bot.id, config } });
  expect(ch.status).toBe(201);
  return { owner, bot, channel: ch.json, inbox: ch.json.email.inbound_address as string };
}

async function emailConversation(token: string) {
  return eventually(async () => {
    const r = await api("/api/v1/conversations?channel=email", { token });
    if (!r.json.data?.length) throw new Error("no email conversation yet");
    return r.json.data[0];
  });
}

async function visitorTexts(token: string, conversationId: string): Promise<string[]> {
  const d = await api(`/api/v1/conversations/${conversationId}`, { token });
  return (d.json.messages ?? []).filter((m: { role: string }) => m.role === "visitor").map((m: { text: string }) => m.text);
}

const mailsTo = (to: string) => fake.to(RESEND).filter((s) => (JSON.parse(s.body) as { to: string[] }).to.includes(to));

async function firstMail(to: string, includes?: string): Promise<Seen> {
  return eventually(async () => {
    const m = mailsTo(to).filter((s) => !includes || s.body.includes(includes));
    if (!m.length) throw new Error("no email yet");
    return m[0]!;
  }, 15_000);
}

describe("email channel", () => {
  it("connects: the inbound address to forward the support mailbox to, who replies come from; the key is never returned", async () => {
    const { owner, channel, inbox } = await setup();
    expect(channel).toMatchObject({ type: "email", name: "help@shop.test", webhook_url: `${env.APP_URL}/api/v1/channels/${channel.id}/webhook` });
    expect(inbox).toBe(await inboundAddress(env, channel.id));
    expect(inbox).toMatch(new RegExp(`^inbox\\+${channel.id}\\.[0-9a-f]{12}@${LOCAL_EMAIL_DOMAIN.replace(/\./g, "\\.")}$`));
    expect(channel.email).toMatchObject({ support_address: "help@shop.test", from_name: "Kettle Shop", from: '"Kettle Shop" <help@shop.test>', reply_window: "none" });
    const list = await api("/api/v1/channels", { token: owner.token });
    expect(JSON.stringify(list.json)).not.toContain(KEY);
    expect(list.json.data[0].email.inbound_address).toBe(inbox);
    const row = await env.DB.prepare(`SELECT secrets_enc FROM channels WHERE id = ?1`).bind(channel.id).first<{ secrets_enc: string }>();
    expect(row!.secrets_enc).not.toContain(KEY);
    // the verify step: how replies leave, that mail reaches us, and (after forwarding) the first email
    const verify = async () => (await api(`/api/v1/channels/${channel.id}/verify`, { token: owner.token, method: "POST" })).json;
    expect((await verify()).checks).toEqual([
      { key: "credentials", ok: true, detail: "your Resend account" },
      { key: "webhook", ok: true, detail: `mail to @${LOCAL_EMAIL_DOMAIN} reaches MiniChat` },
      { key: "events", ok: false, detail: expect.any(String) },
    ]);
    await receive({ to: inbox, from: "forwarding-noreply@google.test", subject: "Gmail Forwarding Confirmation", text: "Confirmation code: 123456" });
    expect(await verify()).toMatchObject({ ok: true });

    // without a key of its own: the platform's sender address, the chatbot's name
    const plain = await api("/api/v1/channels", { token: owner.token, body: { type: "email", chatbot_id: channel.chatbot_id, config: { support_address: "Sales@Shop.test" } } });
    expect(plain.status).toBe(201);
    expect(plain.json.email.support_address).toBe("sales@shop.test");
    expect(plain.json.email.from).toMatch(/^"Bot .+" <no-reply@minichat\.app>$/);

    const bad = await api("/api/v1/channels", { token: owner.token, body: { type: "email", chatbot_id: channel.chatbot_id, config: { support_address: "not an address" } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: "VALIDATION_ERROR", details: { issues: [{ path: "config.support_address" }] } });
  });

  it("refuses to connect where no domain routes mail to the Worker, or no reply could be sent", async () => {
    const production = { ...env, APP_ENV: "production", EMAIL_REPLY_DOMAIN: undefined } as unknown as Env;
    const refusal = async (e: Env, config: Record<string, string>) => {
      try {
        await prepareEmail(e, config);
        return null;
      } catch (err) {
        return err instanceof AppError ? { status: err.status, code: err.code } : String(err);
      }
    };
    expect(await refusal(production, { support_address: "help@shop.test" })).toEqual({ status: 400, code: "EMAIL_RECEIVING_NOT_CONFIGURED" });
    const receiving = { ...production, EMAIL_REPLY_DOMAIN: "reply.minichat.test" } as Env;
    expect(await refusal(receiving, { support_address: "help@shop.test" })).toEqual({ status: 400, code: "EMAIL_SENDING_NOT_CONFIGURED" });
    expect(await refusal(receiving, { support_address: "help@shop.test", resend_api_key: KEY })).toBeNull();
    expect(await refusal({ ...receiving, EMAIL_PROVIDER: "cloudflare" } as Env, { support_address: "help@shop.test" })).toBeNull();
  });

  it("another workspace's channel id answers 404", async () => {
    const { channel } = await setup();
    const other = await registerOwner();
    expect((await api(`/api/v1/channels/${channel.id}`, { token: other.token })).status).toBe(404);
    expect((await api(`/api/v1/channels/${channel.id}/verify`, { token: other.token, method: "POST" })).status).toBe(404);
    expect((await api(`/api/v1/channels/${channel.id}`, { token: other.token, method: "DELETE" })).status).toBe(404);
    // nor can another workspace connect an inbox to this workspace's chatbot
    expect((await api("/api/v1/channels", { token: other.token, body: { type: "email", chatbot_id: channel.chatbot_id, config: { support_address: "x@y.test" } } })).status).toBe(404);
  });

  it("a round trip: a new email opens a conversation, the bot's answer is mailed back as a threaded reply", async () => {
    const { owner, channel, inbox } = await setup();
    const first = mid("first");
    expect(await receive({ to: inbox, name: "Nok Saelim", subject: "Blue kettle", text: "Is the blue kettle back in stock?", messageId: first })).toBeNull();
    const conv = await emailConversation(owner.token);
    expect(conv).toMatchObject({ channel: "email" });
    const row = await env.DB.prepare(`SELECT c.channel_id, c.channel_user_id, v.name, v.email FROM conversations c JOIN visitors v ON v.id = c.visitor_id WHERE c.id = ?1`).bind(conv.id).first();
    expect(row).toEqual({ channel_id: channel.id, channel_user_id: "nok@customer.test", name: "Nok Saelim", email: "nok@customer.test" });
    expect(await eventually(async () => {
      const texts = await visitorTexts(owner.token, conv.id);
      if (!texts.length) throw new Error("not mirrored yet");
      return texts;
    })).toEqual(["Blue kettle\n\nIs the blue kettle back in stock?"]);

    const mail = await firstMail("nok@customer.test");
    expect(mail.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(mail.headers["idempotency-key"]).toMatch(/^email_msg_/);
    const body = JSON.parse(mail.body);
    expect(body).toMatchObject({ from: '"Kettle Shop" <help@shop.test>', to: ["nok@customer.test"], subject: "Re: Blue kettle", reply_to: await replyAddress(env, conv.id) });
    expect(body.text.length).toBeGreaterThan(0);
    expect(body.html).toContain("<div");
    expect(body.headers).toMatchObject({ "In-Reply-To": first, References: first, "Message-ID": expect.stringMatching(new RegExp(`^<msg_[A-Za-z0-9]+@${LOCAL_EMAIL_DOMAIN.replace(/\./g, "\\.")}>$`)) });
    const state = await eventually(async () => {
      const r = await api(`/api/v1/channels/deliveries/${conv.id}`, { token: owner.token });
      if (r.json.data[0]?.status !== "sent") throw new Error("not sent yet");
      return r.json.data[0];
    });
    expect(state).toMatchObject({ status: "sent", method: "resend", error: null });

    // the customer answers our email (to the signed reply-to): the same conversation, only the new part
    const replyTo = body.reply_to as string;
    expect(await receive({ to: replyTo, subject: "Re: Blue kettle", text: "Great, I'll take two.\r\n\r\nOn Mon, Kettle Shop wrote:\r\n> We have it", inReplyTo: body.headers["Message-ID"] })).toBeNull();
    await eventually(async () => {
      if ((await visitorTexts(owner.token, conv.id)).length < 2) throw new Error("reply not in yet");
    });
    expect((await visitorTexts(owner.token, conv.id))[1]).toBe("Great, I'll take two.");

    // a reply that reaches the support mailbox instead (forwarded to the inbound address) threads by In-Reply-To
    expect(await receive({ to: inbox, subject: "Re: Blue kettle", text: "And a red one?", inReplyTo: body.headers["Message-ID"] })).toBeNull();
    await eventually(async () => {
      if ((await visitorTexts(owner.token, conv.id)).length < 3) throw new Error("threaded reply not in yet");
    });
    expect((await api("/api/v1/conversations?channel=email", { token: owner.token })).json.data).toHaveLength(1);
    expect((await api("/api/v1/conversations?channel=web", { token: owner.token })).json.data).toHaveLength(0);
  });

  it("ignores a duplicate delivery (same Message-ID)", async () => {
    const { owner, inbox } = await setup();
    const id = mid("dup");
    await receive({ to: inbox, text: "hello once", messageId: id });
    await receive({ to: inbox, text: "hello once", messageId: id });
    const conv = await emailConversation(owner.token);
    await eventually(async () => {
      if (!(await visitorTexts(owner.token, conv.id)).length) throw new Error("not mirrored yet");
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await visitorTexts(owner.token, conv.id)).toEqual(["Blue kettle\n\nhello once"]);
  });

  it("signed addresses: a wrong signature or an unknown address is rejected and stores nothing", async () => {
    const { owner, channel, inbox } = await setup();
    await receive({ to: inbox, text: "first" });
    const conv = await emailConversation(owner.token);
    await eventually(async () => {
      if (!(await visitorTexts(owner.token, conv.id)).length) throw new Error("not mirrored yet");
    });
    const good = (await replyAddress(env, conv.id))!;
    const flip = (a: string) => a.replace(/\.([0-9a-f])([0-9a-f]*)@/, (_, c: string, rest: string) => `.${c === "0" ? "1" : "0"}${rest}@`);
    expect(await receive({ to: flip(good), text: "forged reply" })).toMatch(/signature/);
    expect(await receive({ to: flip(inbox), text: "forged inbox" })).toMatch(/signature/);
    expect(await receive({ to: `inbox+${channel.id}@${LOCAL_EMAIL_DOMAIN}`, text: "no signature" })).toMatch(/Unknown recipient/);
    expect(await receive({ to: `sales@${LOCAL_EMAIL_DOMAIN}`, text: "nobody" })).toMatch(/Unknown recipient/);
    // the right address from someone else than the customer
    expect(await receive({ to: good, from: "stranger@else.test", text: "let me in" })).toMatch(/customer/);
    await new Promise((r) => setTimeout(r, 500));
    expect(await visitorTexts(owner.token, conv.id)).toEqual(["Blue kettle\n\nfirst"]);
    expect((await api("/api/v1/conversations?channel=email", { token: owner.token })).json.data).toHaveLength(1);
    // a disconnected channel's address names nothing any more
    expect((await api(`/api/v1/channels/${channel.id}`, { token: owner.token, method: "DELETE" })).status).toBe(204);
    expect(await receive({ to: inbox, text: "after disconnect" })).toMatch(/Unknown recipient/);
  });

  it("loop protection: automatic replies, bulk mail, bounces and our own mail open nothing and get no answer", async () => {
    const { owner, inbox } = await setup();
    const quiet: Omit<Mail, "to">[] = [
      { headers: { "Auto-Submitted": "auto-replied" }, text: "I am out of the office" },
      { headers: { Precedence: "bulk" }, text: "Newsletter" },
      { headers: { Precedence: "list", "List-Id": "<news.shop.test>" }, text: "List mail" },
      { from: "MAILER-DAEMON@mx.customer.test", text: "Delivery failed" },
      { envelopeFrom: "", text: "Bounce with an empty sender" },
      { from: "help@shop.test", text: "Our own support address" },
      { from: "no-reply@minichat.app", text: "Our own sender" },
      { from: `someone@${LOCAL_EMAIL_DOMAIN}`, text: "Our own domain" },
    ];
    // each from its own address, so an answer to any of them would show (earlier tests' customers may still get their replies)
    const senders = quiet.map((q, i) => q.from ?? `auto${i}@customer.test`);
    for (const [i, q] of quiet.entries()) expect(await receive({ to: inbox, ...q, from: senders[i] })).toBeNull();
    await new Promise((r) => setTimeout(r, 1000));
    expect((await api("/api/v1/conversations?channel=email", { token: owner.token })).json.data.map((c: { visitor: unknown }) => c.visitor)).toEqual([]);
    expect(senders.flatMap((a) => mailsTo(a))).toEqual([]);
    // Auto-Submitted: no is a person's mail
    await receive({ to: inbox, headers: { "Auto-Submitted": "no" }, text: "A real question" });
    await emailConversation(owner.token);
  });

  it("takes attachments into R2 as the customer's files", async () => {
    const { owner, inbox } = await setup();
    await receive({ to: inbox, text: "Photo of the broken lid", attachment: { name: "lid.png", type: "image/png", base64: PNG_B64 } });
    const conv = await emailConversation(owner.token);
    const att = await eventually(async () => {
      const a = await env.DB.prepare(`SELECT name, r2_key, content_type, uploader_type FROM attachments WHERE conversation_id = ?1`).bind(conv.id).first<{ name: string; r2_key: string; content_type: string; uploader_type: string }>();
      if (!a) throw new Error("no attachment yet");
      return a;
    });
    expect(att).toMatchObject({ name: "lid.png", content_type: "image/png", uploader_type: "visitor" });
    const obj = await env.FILES.get(att.r2_key);
    expect(new Uint8Array(await obj!.arrayBuffer())).toEqual(Uint8Array.from(atob(PNG_B64), (c) => c.charCodeAt(0)));
    const msg = await eventually(async () => {
      const d = await api(`/api/v1/conversations/${conv.id}`, { token: owner.token });
      const m = d.json.messages.find((x: { role: string }) => x.role === "visitor");
      if (!m?.attachments?.length) throw new Error("not on the message yet");
      return m;
    });
    expect(msg.text).toBe("Blue kettle\n\nPhoto of the broken lid");
  });

  it("takeover from the inbox → the agent's reply is mailed once, in the thread (the dev mailbox without a provider key)", async () => {
    const { owner, inbox } = await setup({ support_address: "help@shop.test" });
    await receive({ to: inbox, from: "mai@customer.test", subject: "Order 1042", text: "Where is my order?" });
    const conv = await emailConversation(owner.token);
    expect((await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" })).status).toBe(200);
    const sent = await api(`/api/v1/conversations/${conv.id}/messages`, { token: owner.token, body: { text: "Hi Mai, it ships today.", client_id: "agent-1" } });
    expect(sent.status).toBeLessThan(300);
    const mail = await eventually(async () => {
      const r = await api(`/api/v1/dev/mail?to=${encodeURIComponent("mai@customer.test")}`);
      const mine = r.json.data.filter((m: { text: string }) => m.text.includes("it ships today"));
      if (!mine.length) throw new Error("no mail yet");
      return mine;
    }, 15_000);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ subject: "Re: Order 1042", text: "Hi Mai, it ships today." });
    const state = await eventually(async () => {
      const r = await api(`/api/v1/channels/deliveries/${conv.id}`, { token: owner.token });
      const mine = r.json.data.find((d: { message_id: string }) => d.message_id === sent.json.message_id);
      if (mine?.status !== "sent") throw new Error("not sent yet");
      return mine;
    });
    expect(state).toMatchObject({ status: "sent", method: "dev" });
    // the inbox's system lines ("… joined the conversation") are not mailed
    const all = (await api(`/api/v1/dev/mail?to=${encodeURIComponent("mai@customer.test")}`)).json.data as { text: string }[];
    expect(all.filter((m) => /joined|took over/i.test(m.text))).toEqual([]);
    const system = await env.DB.prepare(`SELECT COUNT(*) AS n FROM channel_deliveries d JOIN messages m ON m.id = d.message_id WHERE d.conversation_id = ?1 AND m.role = 'system'`).bind(conv.id).first<{ n: number }>();
    expect(system!.n).toBe(0);
    // email has no reply window
    const w = await api(`/api/v1/conversations/${conv.id}/reply-window`, { token: owner.token });
    expect(w.json).toMatchObject({ state: "open", templates_required: false });
  });

  it("provider 500 → retried → delivered once; provider down past the budget → failed with the provider's error", async () => {
    const { owner, inbox } = await setup();
    let status = 500;
    fake.handler = () => new Response(status === 200 ? '{"id":"re_1"}' : "provider is down", { status });
    await receive({ to: inbox, from: "ton@customer.test", text: "hello" });
    const conv = await emailConversation(owner.token);
    await api(`/api/v1/conversations/${conv.id}/takeover`, { token: owner.token, method: "POST" });
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
    const attempts = mailsTo("ton@customer.test").filter((s) => s.body.includes("Retry me"));
    // the first answered 500, the retry succeeded, the late retry sent nothing; both carried the same idempotency key
    expect(attempts).toHaveLength(2);
    expect(new Set(attempts.map((s) => s.headers["idempotency-key"]))).toEqual(new Set([`email_${id}`]));
    expect(await env.DB.prepare(`SELECT status, method FROM channel_deliveries WHERE message_id = ?1`).bind(id).first()).toEqual({ status: "sent", method: "resend" });

    status = 503;
    expect(await replyPastTheRetryBudget(owner, conv.id)).toMatchObject({ status: "failed", error: expect.stringContaining("503") });
  });

  it("a provider's refusal (4xx) is a visible failure at once, not retried", async () => {
    const { owner, inbox } = await setup();
    fake.handler = () => new Response('{"message":"The shop.test domain is not verified"}', { status: 403 });
    await receive({ to: inbox, from: "pim@customer.test", text: "hello" });
    const conv = await emailConversation(owner.token);
    const failed = await eventually(async () => {
      const r = await api(`/api/v1/channels/deliveries/${conv.id}`, { token: owner.token });
      if (r.json.data[0]?.status !== "failed") throw new Error("not failed yet");
      return r.json.data[0];
    }, 15_000);
    expect(failed.error).toContain("domain is not verified");
  });
});
