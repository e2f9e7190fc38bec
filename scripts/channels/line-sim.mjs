// Plays a LINE user against a local MiniChat: signs webhook bodies the way
// LINE does (x-line-signature = base64 HMAC-SHA256 of the raw body with the
// channel secret) and reads what the built-in LINE API fake received.
import { createHmac, randomBytes } from "node:crypto";

export const DEMO = { email: "demo@minichat.local", password: "Demo-Chat-2026!" };

export async function call(base, path, { token, body, method } = {}) {
  const res = await fetch(`${base}${path}`, {
    method: method ?? (body ? "POST" : "GET"),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {}
  if (!res.ok) throw new Error(`${method ?? (body ? "POST" : "GET")} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return json;
}

/**
 * Connects a channel; the local fakes answer fixed account ids (a Page, a phone number), so a connection left by an
 * earlier run holds the account (409 CHANNEL_ALREADY_CONNECTED naming it): it is disconnected and connected again.
 */
export async function connectChannel(base, token, body) {
  try {
    return await call(base, "/api/v1/channels", { token, body });
  } catch (err) {
    const held = /→ 409 (.*)$/s.exec(String(err.message))?.[1];
    const id = held ? JSON.parse(held).error?.details?.channel_id : null;
    if (!id) throw err;
    await call(base, `/api/v1/channels/${id}`, { token, method: "DELETE" });
    return call(base, "/api/v1/channels", { token, body });
  }
}

export async function login(base, who = DEMO) {
  const r = await call(base, "/api/v1/auth/login", { body: who });
  return r.access_token;
}

/** A LINE channel on the workspace's first chatbot, with a fresh secret the simulator knows. */
export async function connectLine(base, token, chatbotId) {
  const botId = chatbotId ?? (await call(base, "/api/v1/chatbots", { token })).data[0].id;
  const secret = randomBytes(16).toString("hex");
  const ch = await call(base, "/api/v1/channels", { token, body: { type: "line", chatbot_id: botId, name: "LINE (simulated)", config: { channel_secret: secret, channel_access_token: `local-${randomBytes(8).toString("hex")}` } } });
  // what pasting the URL in the LINE console does (the fake LINE API keeps it for the verify step)
  await call(base, "/api/v1/dev/line/v2/bot/channel/webhook/endpoint", { method: "PUT", body: { endpoint: ch.webhook_url } });
  return { ...ch, secret };
}

export function textEvent(userId, text) {
  const id = `01SIM${Date.now().toString(36).toUpperCase()}${randomBytes(3).toString("hex")}`;
  return {
    type: "message", mode: "active", timestamp: Date.now(), webhookEventId: id, deliveryContext: { isRedelivery: false },
    source: { type: "user", userId }, replyToken: `rt${id}`, message: { id: `m${id}`, type: "text", text },
  };
}

/** Posts events to the channel's webhook URL, signed with its secret. */
export async function postEvents(channel, events) {
  const body = JSON.stringify({ destination: "Usimulator", events });
  const signature = createHmac("sha256", channel.secret).update(body).digest("base64");
  const res = await fetch(channel.webhook_url, { method: "POST", headers: { "content-type": "application/json", "x-line-signature": signature }, body });
  if (!res.ok) throw new Error(`webhook answered ${res.status} ${await res.text()}`);
  return res.json();
}

/** What the LINE API fake received (newest first). */
export async function sent(base) {
  return (await call(base, "/api/v1/dev/line/sent")).data;
}
