#!/usr/bin/env node
// Tries a messaging channel locally without the provider:
//
//   npm run channel:simulate line "hello" [-- --url http://127.0.0.1:8787 --user Ualice]
//   npm run channel:simulate telegram "hello" [-- --url http://127.0.0.1:8787 --user 4242]
//   npm run channel:simulate messenger|instagram "hello" [-- --url http://127.0.0.1:8787 --user 2900000000000001]
//   npm run channel:simulate whatsapp "hello" [-- --url http://127.0.0.1:8787 --user 66812345678]
//   npm run channel:simulate email "hello" [-- --url http://127.0.0.1:8787 --user somchai@customer.localhost]
//
// Against a running `npm start` (local development, demo workspace seeded):
// connects a channel of that type to the demo chatbot (once; remembered in
// .wrangler/channel-sim.json), posts the message the way the provider would
// (LINE: a signed webhook; Telegram: an update with the webhook's secret
// token; email: a raw message to wrangler dev's local email endpoint), then prints what MiniChat sent back to the built-in API fake
// (/api/v1/dev/line, /api/v1/dev/telegram). The conversation shows in the
// inbox with the channel's badge; replies typed there are printed by the next
// run (or GET /api/v1/dev/<type>/sent).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as line from "./channels/line-sim.mjs";
import * as telegram from "./channels/telegram-sim.mjs";
import * as meta from "./channels/messenger-sim.mjs";
import * as whatsapp from "./channels/whatsapp-sim.mjs";
import * as email from "./channels/email-sim.mjs";

const { call, login } = line;

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const base = opt("url", process.env.MINICHAT_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const userOpt = opt("user", null);
const [type, ...words] = args;
const text = words.join(" ");

/** What each channel needs: connect, one inbound message, the fake's log and how to print an entry. */
const ADAPTERS = {
  line: {
    key: base,
    user: userOpt ?? "Usimulated0001",
    connect: (token) => line.connectLine(base, token),
    post: (channel, user) => line.postEvents(channel, [line.textEvent(user, text)]),
    sent: () => line.sent(base),
    describe: (s) => (s.body.messages ?? []).map((m) => `LINE ${s.path.endsWith("reply") ? "reply" : "push"} ← ${m.type === "text" ? m.text : `${m.type}: ${m.altText ?? JSON.stringify(m).slice(0, 200)}`}`),
    mine: () => true,
  },
  telegram: {
    key: `${base}#telegram`,
    user: Number(userOpt ?? 4242001),
    connect: (token) => telegram.connectTelegram(base, token),
    post: (channel, user) => telegram.postUpdate(channel, telegram.textUpdate(user, text)),
    sent: () => telegram.sent(base),
    describe: (s) => [telegram.describeSend(s)],
    mine: (s, channel) => s.path.startsWith(`/bot${channel.bot}/send`),
  },
  ...Object.fromEntries(
    ["messenger", "instagram"].map((t, i) => [
      t,
      {
        key: `${base}#${t}`,
        user: userOpt ?? ["2900000000000001", "6100000000000001"][i],
        connect: (token) => meta.connectMeta(base, token, t),
        post: (channel, user) => meta.postMessaging(channel, [meta.textMessaging(t, user, text)]),
        sent: () => meta.sent(base),
        describe: (s) => [meta.describeSend(t, s)],
        mine: (s) => s.path.endsWith("/messages") && s.body.recipient?.id === (userOpt ?? ["2900000000000001", "6100000000000001"][i]),
      },
    ]),
  ),
  whatsapp: {
    key: `${base}#whatsapp`,
    user: userOpt ?? "66800000001",
    connect: (token) => whatsapp.connectWhatsApp(base, token),
    post: (channel, user) => whatsapp.postWebhook(channel, whatsapp.textMessage(user, text)),
    sent: () => whatsapp.sent(base),
    describe: (s) => [whatsapp.describeSend(s)],
    mine: (s, _channel, user) => s.body.to === user,
  },
  email: {
    key: `${base}#email`,
    user: userOpt ?? "somchai@customer.localhost",
    connect: (token) => email.connectEmail(base, token),
    post: (channel, user) => email.postEmail(base, { from: user, to: channel.email.inbound_address, raw: email.rawEmail({ from: user, to: channel.email.inbound_address, text }) }),
    sent: () => email.sent(base),
    describe: (s) => [`email to ${s.to} ← ${s.subject}\n${s.text}`],
    mine: (s, _channel, user) => s.to === user,
  },
};

const adapter = ADAPTERS[type];
if (!adapter || !text) {
  console.error('usage: npm run channel:simulate line|telegram|messenger|instagram|whatsapp|email "your message" [-- --url http://127.0.0.1:8787 --user <id>]');
  process.exit(2);
}

const stateFile = path.resolve(import.meta.dirname, "../.wrangler/channel-sim.json");
const token = await login(base);
let channel = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8"))[adapter.key] : null;
if (channel) {
  try {
    await call(base, `/api/v1/channels/${channel.id}`, { token });
  } catch {
    channel = null;
  }
}
if (!channel) {
  channel = await adapter.connect(token);
  mkdirSync(path.dirname(stateFile), { recursive: true });
  const all = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : {};
  writeFileSync(stateFile, JSON.stringify({ ...all, [adapter.key]: channel }, null, 2));
  console.log(`connected a ${type} channel ${channel.id}${channel.name ? ` (${channel.name})` : ""}; ${channel.email ? `inbound address ${channel.email.inbound_address}` : `webhook URL ${channel.webhook_url}`}`);
}

const before = new Set((await adapter.sent()).map((s) => s.id));
await adapter.post(channel, adapter.user);
console.log(`${adapter.user} → "${text}"`);
const deadline = Date.now() + 20_000;
let printed = 0;
while (Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 1000));
  const fresh = (await adapter.sent()).filter((s) => !before.has(s.id) && adapter.mine(s, channel, adapter.user)).reverse();
  for (const s of fresh.slice(printed)) for (const l of adapter.describe(s)) console.log(l);
  printed = fresh.length;
  if (printed && Date.now() > deadline - 15_000) break;
}
if (!printed) console.log("(nothing sent back yet — is the bot off, or the conversation taken over? replies from the inbox show on the next run)");
