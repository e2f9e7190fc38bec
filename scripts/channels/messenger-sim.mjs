// Plays a Messenger or Instagram user against a local MiniChat: connects a
// channel with a made-up Page token and an app secret the simulator keeps (the
// local Graph API fake accepts any), signs webhook bodies the way Meta does
// (X-Hub-Signature-256 = sha256=<hex HMAC-SHA256 of the raw body with the app
// secret>) and reads what the fake Send API received.
import { createHmac, randomBytes } from "node:crypto";
import { call, connectChannel } from "./line-sim.mjs";

/** The fake's Page and Instagram account ids (worker/routes/dev-messenger.ts). */
const ACCOUNT = { messenger: "100000000000001", instagram: "17841400000000001" };

/** A Messenger/Instagram channel on the workspace's first chatbot; answers the handshake as Meta would before using the URL. */
export async function connectMeta(base, token, type, chatbotId) {
  const botId = chatbotId ?? (await call(base, "/api/v1/chatbots", { token })).data[0].id;
  const appSecret = randomBytes(16).toString("hex");
  const ch = await connectChannel(base, token, { type, chatbot_id: botId, config: { page_access_token: `EAALOCAL${randomBytes(16).toString("hex")}`, app_secret: appSecret } });
  const challenge = String(Date.now());
  const res = await fetch(`${ch.webhook_url}?hub.mode=subscribe&hub.verify_token=${ch.verify_token}&hub.challenge=${challenge}`);
  if ((await res.text()) !== challenge) throw new Error(`the webhook did not answer Meta's handshake (${res.status})`);
  return { ...ch, secret: appSecret };
}

export function textMessaging(type, userId, text) {
  return { sender: { id: String(userId) }, recipient: { id: ACCOUNT[type] }, timestamp: Date.now(), message: { mid: `m_SIM${Date.now().toString(36)}${randomBytes(6).toString("hex")}`, text } };
}

/** Posts messaging events to the channel's webhook URL, signed with the app secret. */
export async function postMessaging(channel, messaging) {
  const body = JSON.stringify({ object: channel.type === "instagram" ? "instagram" : "page", entry: [{ id: ACCOUNT[channel.type], time: Date.now(), messaging }] });
  const signature = `sha256=${createHmac("sha256", channel.secret).update(body).digest("hex")}`;
  const res = await fetch(channel.webhook_url, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": signature }, body });
  if (!res.ok) throw new Error(`webhook answered ${res.status} ${await res.text()}`);
  return res.json();
}

/** What the Graph API fake received (newest first). */
export async function sent(base) {
  return (await call(base, "/api/v1/dev/messenger/sent")).data;
}

/** One line per Send API message: its text, template or attachment. */
export function describeSend(type, s) {
  const m = s.body.message ?? {};
  const tag = s.body.tag ? ` [${s.body.tag}]` : "";
  const quick = m.quick_replies?.length ? `\n  quick replies: ${m.quick_replies.map((q) => `[${q.title}]`).join(" ")}` : "";
  const p = m.attachment?.payload;
  const what = m.text ?? (p?.template_type === "button" ? `${p.text}\n  buttons: ${p.buttons.map((b) => `[${b.title}]`).join(" ")}` : p?.elements ? `cards: ${p.elements.map((e) => e.title).join(" | ")}` : (p?.url ?? JSON.stringify(m).slice(0, 200)));
  return `${type === "instagram" ? "Instagram" : "Messenger"}${tag} ← ${what}${quick}`;
}
