#!/usr/bin/env node
// A Telegram channel from the dashboard to the inbox: the demo owner connects a
// Telegram bot in the chatbot's Channels settings (the local Bot API fake
// accepts the token and receives setWebhook), an update posted with the
// webhook's secret token opens a conversation with the Telegram badge, the
// verify step then shows every check passed; the owner takes over and replies
// and the message shows "Sent" once the fake received it; a reply to a user who
// blocked the bot shows "Not delivered" with Telegram's error.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/telegram-channel.e2e.mjs (demo workspace seeded, local development)
import { call, login } from "../../scripts/channels/line-sim.mjs";
import { postUpdate, sent, textUpdate } from "../../scripts/channels/telegram-sim.mjs";
import { BASE_URL, DEMO_OWNER, assert, expectVisible, newContext, run, signInAsDemoOwner } from "./lib.mjs";

const QUESTION = `Can I pay by PromptPay? (${Date.now().toString(36)})`;
const REPLY = "Yes, PromptPay works for every order.";

await run("telegram-channel", async ({ browser, step, watch }) => {
  const token = await login(BASE_URL, DEMO_OWNER);
  const bot = (await call(BASE_URL, "/api/v1/chatbots", { token })).data[0];
  const botId = String(700000 + Math.floor(Math.random() * 99999));
  const botToken = `${botId}:E2E${Date.now().toString(36)}abcdefghijklmnopqrstu`;

  const ctx = await newContext(browser);
  watch(ctx);
  const page = await ctx.newPage();
  const tid = (t) => page.getByTestId(t);

  step("the owner connects a Telegram bot in the chatbot's Channels settings");
  await signInAsDemoOwner(page);
  await page.goto(`${BASE_URL}/chatbots/${bot.id}?tab=channels`);
  await expectVisible(tid("channels-tab"));
  await tid("input-channel_type").selectOption("telegram");
  await tid("input-bot_token").fill(botToken);
  await tid("channel-connect-button").click();
  const card = page.locator('[data-testid="channel-card"][data-channel="telegram"]').filter({ hasText: `@minichat_local_${botId}_bot` });
  await expectVisible(card, { timeout: 20_000 });
  const webhookUrl = await card.getByTestId("channel-webhook-url").textContent();
  assert(/\/api\/v1\/channels\/ch_[A-Za-z0-9]+\/webhook$/.test(String(webhookUrl).trim()), `unexpected webhook URL ${webhookUrl}`);
  const set = (await sent(BASE_URL)).find((s) => s.path === `/bot${botId}/setWebhook`);
  assert(set && set.body.url === String(webhookUrl).trim(), "Telegram's setWebhook did not receive this channel's URL");
  const channel = { webhook_url: set.body.url, secret: set.body.secret_token };

  step("a Telegram update opens a conversation; the verify step shows every check passed");
  const chatId = Number(`9${Date.now().toString().slice(-8)}`);
  await postUpdate(channel, textUpdate(chatId, QUESTION));
  await card.getByTestId("channel-verify").click();
  await expectVisible(card.locator('[data-check="events"][data-ok="true"]'), { timeout: 20_000 });
  await expectVisible(card.locator('[data-check="webhook"][data-ok="true"]'));
  await expectVisible(card.locator('[data-check="credentials"][data-ok="true"]'));

  step("the conversation is in the inbox with the Telegram badge; the owner takes over and replies; the message shows Sent");
  await page.goto(`${BASE_URL}/inbox`);
  const row = tid("conversation-row").filter({ has: page.locator('[data-testid="channel-badge"][data-channel="telegram"]') }).first();
  await expectVisible(row, { timeout: 20_000 });
  await row.click();
  await expectVisible(tid("message").filter({ hasText: QUESTION }).first(), { timeout: 15_000 });
  await tid("takeover-button").click();
  await tid("composer-input").fill(REPLY);
  await tid("composer-send").click();
  const mine = tid("message").filter({ hasText: REPLY }).last();
  await expectVisible(mine.locator('[data-testid="message-delivery"][data-status="sent"]'), { timeout: 30_000 });
  const got = (await sent(BASE_URL)).find((s) => s.path === `/bot${botId}/sendMessage` && s.body.chat_id === String(chatId) && s.body.text === REPLY);
  assert(got, "the Telegram API fake never received the agent's reply");

  step("a reply to a user who blocked the bot shows Not delivered with Telegram's error");
  const blocked = Number(`403${Date.now().toString().slice(-7)}`);
  await postUpdate(channel, textUpdate(blocked, `Hello from a user who will block the bot (${Date.now().toString(36)})`, { first_name: "Blocking", last_name: "Person" }));
  await page.goto(`${BASE_URL}/inbox`);
  const second = tid("conversation-row").filter({ hasText: "Blocking Person" }).filter({ has: page.locator('[data-channel="telegram"]') }).first();
  await expectVisible(second, { timeout: 20_000 });
  await second.click();
  await expectVisible(tid("message").filter({ hasText: "block the bot" }).first(), { timeout: 15_000 });
  await tid("takeover-button").click();
  await tid("composer-input").fill("Are you still there?");
  await tid("composer-send").click();
  const failed = tid("message").filter({ hasText: "Are you still there?" }).last().locator('[data-testid="message-delivery"][data-status="failed"]');
  await expectVisible(failed, { timeout: 30_000 });
  const text = await failed.textContent();
  assert(/blocked by the user/.test(text ?? ""), `the failure does not show Telegram's error: ${text}`);
});
