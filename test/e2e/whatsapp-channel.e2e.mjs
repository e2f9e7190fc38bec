#!/usr/bin/env node
// A WhatsApp channel from the dashboard to the inbox: the demo owner connects
// WhatsApp in the chatbot's Channels settings (the local Graph API fake accepts
// the ids and token and offers two approved templates); the verify token is
// shown once and answers Meta's subscription handshake; a message signed with
// X-Hub-Signature-256 opens a conversation with the WhatsApp badge; the
// composer says when the customer's 24-hour window closes; the owner takes
// over and replies and the message shows "Sent" once the fake received it.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/whatsapp-channel.e2e.mjs (demo workspace seeded, local development)
import { randomBytes } from "node:crypto";
import { call, login } from "../../scripts/channels/line-sim.mjs";
import { postWebhook, sent, textMessage } from "../../scripts/channels/whatsapp-sim.mjs";
import { BASE_URL, DEMO_OWNER, assert, expectVisible, newContext, run, screenshot, signInAsDemoOwner } from "./lib.mjs";

const QUESTION = `Do you ship to Chiang Mai? (${Date.now().toString(36)})`;
const REPLY = "Yes, we ship to Chiang Mai in 2–3 days.";

await run("whatsapp-channel", async ({ browser, step, watch }) => {
  const token = await login(BASE_URL, DEMO_OWNER);
  const bot = (await call(BASE_URL, "/api/v1/chatbots", { token })).data[0];
  const appSecret = randomBytes(16).toString("hex");

  const ctx = await newContext(browser);
  watch(ctx);
  const page = await ctx.newPage();
  const tid = (t) => page.getByTestId(t);

  step("the owner connects WhatsApp; the verify token is shown once beside the webhook URL; the approved templates are synced");
  await signInAsDemoOwner(page);
  await page.goto(`${BASE_URL}/chatbots/${bot.id}?tab=channels`);
  await expectVisible(tid("channels-tab"));
  await tid("input-channel_type").selectOption("whatsapp");
  await tid("input-phone_number_id").fill("100000000000001");
  await tid("input-waba_id").fill("200000000000001");
  await tid("input-access_token").fill(`E2E${randomBytes(20).toString("hex")}`);
  await tid("input-app_secret").fill(appSecret);
  await tid("channel-connect-button").click();
  const card = page.locator('[data-testid="channel-card"][data-channel="whatsapp"]').filter({ has: page.getByTestId("channel-verify-token") });
  await expectVisible(card, { timeout: 20_000 });
  await expectVisible(card.getByTestId("whatsapp-templates").filter({ hasText: "2" }));
  const webhookUrl = String(await card.getByTestId("channel-webhook-url").textContent()).trim();
  const verifyToken = String(await card.getByTestId("channel-verify-token-value").textContent()).trim();
  assert(/\/api\/v1\/channels\/ch_[A-Za-z0-9]+\/webhook$/.test(webhookUrl), `unexpected webhook URL ${webhookUrl}`);
  await screenshot(page, "whatsapp-connected");
  const challenge = await fetch(`${webhookUrl}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(verifyToken)}&hub.challenge=4242`);
  assert(challenge.ok && (await challenge.text()) === "4242", "the handshake did not answer the challenge with the shown verify token");

  step("a signed WhatsApp message opens a conversation with the WhatsApp badge; the composer shows when the window closes");
  const customer = `668${Date.now().toString().slice(-8)}`;
  await postWebhook({ webhook_url: webhookUrl, appSecret }, textMessage(customer, QUESTION, "Somchai WhatsApp"));
  await page.goto(`${BASE_URL}/inbox`);
  const row = tid("conversation-row").filter({ hasText: "Somchai WhatsApp" }).filter({ has: page.locator('[data-testid="channel-badge"][data-channel="whatsapp"]') }).first();
  await expectVisible(row, { timeout: 20_000 });
  await row.click();
  await expectVisible(tid("message").filter({ hasText: QUESTION }).first(), { timeout: 15_000 });
  await tid("takeover-button").click();
  await expectVisible(page.locator('[data-testid="reply-window"][data-state="open"]'), { timeout: 15_000 });

  step("the owner replies; the fake Graph API receives it and the message shows Sent");
  await tid("composer-input").fill(REPLY);
  await tid("composer-send").click();
  const mine = tid("message").filter({ hasText: REPLY }).last();
  await expectVisible(mine.locator('[data-testid="message-delivery"][data-status="sent"]'), { timeout: 30_000 });
  const got = (await sent(BASE_URL)).find((s) => s.body.to === customer && s.body.type === "text" && s.body.text.body === REPLY);
  assert(got, "the Graph API fake never received the agent's reply");
  await screenshot(page, "whatsapp-inbox");
});
