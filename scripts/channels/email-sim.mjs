// Plays a customer writing to a shop's support mailbox against a local
// MiniChat: connects an email channel (its inbound address is where the shop
// would forward its mailbox), hands a raw email to wrangler dev's local email
// endpoint (POST /cdn-cgi/handler/email?from=…&to=…, which runs the Worker's
// email() handler), and reads the replies from the dev mailbox.
import { randomBytes } from "node:crypto";
import { call } from "./line-sim.mjs";

/** An email channel on the workspace's first chatbot (replies go to the dev mailbox locally). */
export async function connectEmail(base, token, chatbotId) {
  const botId = chatbotId ?? (await call(base, "/api/v1/chatbots", { token })).data[0].id;
  return call(base, "/api/v1/channels", { token, body: { type: "email", chatbot_id: botId, name: "Email (simulated)", config: { support_address: "support@demo-shop.localhost", from_name: "Demo Shop" } } });
}

/** A plain-text email from `from` to `to`, as a mail server would hand it over. */
export function rawEmail({ from, name = "Simulated Customer", to, subject = "A question", text, inReplyTo }) {
  return [
    `From: "${name}" <${from}>`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <sim.${Date.now().toString(36)}.${randomBytes(4).toString("hex")}@customer.localhost>`,
    `Date: ${new Date().toUTCString()}`,
    ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`, `References: ${inReplyTo}`] : []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    text,
    "",
  ].join("\r\n");
}

/** Delivers one raw email to the local Worker's email() handler. */
export async function postEmail(base, { from, to, raw }) {
  const url = `${base}/cdn-cgi/handler/email?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const res = await fetch(url, { method: "POST", body: raw });
  const answer = await res.text();
  if (!res.ok) throw new Error(`the email handler answered ${res.status}: ${answer}`);
  return answer;
}

/** The local dev mailbox (newest first), optionally for one address. */
export async function sent(base, to) {
  return (await call(base, `/api/v1/dev/mail${to ? `?to=${encodeURIComponent(to)}` : ""}`)).data;
}
