// Plays a WhatsApp customer against a local MiniChat: connects a WhatsApp
// channel (the local Graph API fake accepts any ids and token), posts the
// customer's messages the way Meta does (a `whatsapp_business_account`
// webhook signed with X-Hub-Signature-256 using the app secret given at
// connect) and reads what MiniChat sent back from the fake.
import { createHmac, randomBytes } from "node:crypto";
import { call, connectChannel } from "./line-sim.mjs";

const PHONE_NUMBER_ID = "100000000000001";

/** A WhatsApp channel on the workspace's first chatbot, with the app secret this script signs with. */
export async function connectWhatsApp(base, token, chatbotId) {
  const botId = chatbotId ?? (await call(base, "/api/v1/chatbots", { token })).data[0].id;
  const appSecret = randomBytes(16).toString("hex");
  const config = { phone_number_id: PHONE_NUMBER_ID, waba_id: "200000000000001", access_token: `LOCAL${randomBytes(20).toString("hex")}`, app_secret: appSecret };
  const ch = await connectChannel(base, token, { type: "whatsapp", chatbot_id: botId, config });
  return { ...ch, appSecret };
}

let counter = 0;
export function textMessage(from, text, name = "Simulated Customer") {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "200000000000001",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "66800000000", phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name }, wa_id: from }],
              messages: [{ from, id: `wamid.SIM${Date.now()}${++counter}`, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: text } }],
            },
          },
        ],
      },
    ],
  };
}

/** Posts one webhook body, signed as Meta signs it. */
export async function postWebhook(channel, payload) {
  const raw = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", channel.appSecret).update(raw).digest("hex")}`;
  const res = await fetch(channel.webhook_url, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": signature }, body: raw });
  if (!res.ok) throw new Error(`webhook answered ${res.status} ${await res.text()}`);
  return res.json();
}

/** What the Graph API fake received (newest first). */
export async function sent(base) {
  return (await call(base, "/api/v1/dev/whatsapp/sent")).data;
}

/** One line per message sent: text, interactive (with its buttons or list rows) or template. */
export function describeSend(s) {
  const b = s.body;
  if (b.type === "text") return `WhatsApp text ← ${b.text.body}`;
  if (b.type === "template") return `WhatsApp template ← ${b.template.name} (${(b.template.components?.[0]?.parameters ?? []).map((p) => p.text).join(", ")})`;
  if (b.type === "interactive") {
    const i = b.interactive;
    const choices = i.type === "list" ? i.action.sections.flatMap((x) => x.rows).map((r) => `[${r.title}]`) : (i.action.buttons ?? []).map((x) => `[${x.reply.title}]`);
    return `WhatsApp ${i.type} ← ${i.body.text}${choices.length ? `\n  choices: ${choices.join(" ")}` : ""}`;
  }
  return `WhatsApp ${b.type} ← ${JSON.stringify(b[b.type]).slice(0, 200)}`;
}
