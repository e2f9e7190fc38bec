#!/usr/bin/env node
// Tries a messaging channel locally without the provider:
//
//   npm run channel:simulate line "hello" [-- --url http://127.0.0.1:8787 --user Ualice]
//
// Against a running `npm start` (local development, demo workspace seeded):
// connects a LINE channel to the demo chatbot (once; remembered in
// .wrangler/channel-sim.json), posts the message as a signed LINE webhook,
// then prints what MiniChat sent back to LINE (the built-in LINE API fake at
// /api/v1/dev/line). The conversation shows in the inbox with the LINE badge;
// replies typed there are printed by the next run (or GET /api/v1/dev/line/sent).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { call, connectLine, login, postEvents, sent, textEvent } from "./channels/line-sim.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const base = opt("url", process.env.MINICHAT_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const user = opt("user", "Usimulated0001");
const [type, ...words] = args;
const text = words.join(" ");
if (type !== "line" || !text) {
  console.error('usage: npm run channel:simulate line "your message" [-- --url http://127.0.0.1:8787 --user Uxxxx]\n(LINE is the channel with an adapter today)');
  process.exit(2);
}

const stateFile = path.resolve(import.meta.dirname, "../.wrangler/channel-sim.json");
const token = await login(base);
let channel = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8"))[base] : null;
if (channel) {
  try {
    await call(base, `/api/v1/channels/${channel.id}`, { token });
  } catch {
    channel = null;
  }
}
if (!channel) {
  channel = await connectLine(base, token);
  mkdirSync(path.dirname(stateFile), { recursive: true });
  const all = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : {};
  writeFileSync(stateFile, JSON.stringify({ ...all, [base]: channel }, null, 2));
  console.log(`connected a LINE channel ${channel.id}; webhook URL ${channel.webhook_url}`);
}

const before = new Set((await sent(base)).map((s) => s.id));
await postEvents(channel, [textEvent(user, text)]);
console.log(`${user} → "${text}"`);
const deadline = Date.now() + 20_000;
let printed = 0;
while (Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 1000));
  const fresh = (await sent(base)).filter((s) => !before.has(s.id)).reverse();
  for (const s of fresh.slice(printed)) {
    for (const m of s.body.messages ?? []) console.log(`LINE ${s.path.endsWith("reply") ? "reply" : "push"} ← ${m.type === "text" ? m.text : `${m.type}: ${m.altText ?? JSON.stringify(m).slice(0, 200)}`}`);
  }
  printed = fresh.length;
  if (printed && Date.now() > deadline - 15_000) break;
}
if (!printed) console.log("(nothing sent back yet — is the bot off, or the conversation taken over? replies from the inbox show on the next run)");
