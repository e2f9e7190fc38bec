// Plays a Telegram user against a local MiniChat: connects a bot (the local
// Bot API fake accepts any well-formed token), reads the secret token MiniChat
// gave setWebhook from the fake (as Telegram would keep it), posts updates with
// it in X-Telegram-Bot-Api-Secret-Token and reads what the bot sent back.
import { randomBytes } from "node:crypto";
import { call } from "./line-sim.mjs";

/** A Telegram channel on the workspace's first chatbot, with the webhook secret the fake received. */
export async function connectTelegram(base, token, chatbotId) {
  const botId = chatbotId ?? (await call(base, "/api/v1/chatbots", { token })).data[0].id;
  const botToken = `${100000 + Math.floor(Math.random() * 899999)}:LOCAL${randomBytes(16).toString("hex")}`;
  const ch = await call(base, "/api/v1/channels", { token, body: { type: "telegram", chatbot_id: botId, config: { bot_token: botToken } } });
  const bot = botToken.split(":")[0];
  const set = (await sent(base)).find((s) => s.path === `/bot${bot}/setWebhook`);
  if (!set) throw new Error("the local Telegram fake saw no setWebhook call");
  return { ...ch, bot, secret: set.body.secret_token };
}

let counter = 0;
export function textUpdate(chatId, text, from = { first_name: "Simulated", last_name: "User" }) {
  const id = Math.floor(Date.now() / 1000) * 100 + (++counter % 100);
  return { update_id: id, message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private" }, from: { id: chatId, is_bot: false, ...from }, text } };
}

/** Posts one update to the channel's webhook URL with the secret token. */
export async function postUpdate(channel, update) {
  const res = await fetch(channel.webhook_url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": channel.secret },
    body: JSON.stringify(update),
  });
  if (!res.ok) throw new Error(`webhook answered ${res.status} ${await res.text()}`);
  return res.json();
}

/** What the Telegram Bot API fake received (newest first). */
export async function sent(base) {
  return (await call(base, "/api/v1/dev/telegram/sent")).data;
}

/** One line per message the bot sent: the text and its inline keyboard's buttons. */
export function describeSend(s) {
  const method = s.path.split("/").pop();
  if (method === "sendMessage") {
    const keys = (s.body.reply_markup?.inline_keyboard ?? []).flat().map((b) => `[${b.text}]`);
    return `Telegram ${method} ← ${s.body.text}${keys.length ? `\n  buttons: ${keys.join(" ")}` : ""}`;
  }
  return `Telegram ${method} ← ${s.body.photo ?? s.body.document ?? JSON.stringify(s.body).slice(0, 200)}`;
}
