#!/usr/bin/env node
// A Messenger channel from the dashboard to the inbox: the demo owner connects
// a Facebook Page (Page token + app secret; the local Graph API fake accepts
// them) in the chatbot's Channels settings and sees the webhook URL and the
// verify token once; Meta's handshake is answered with that token; a signed
// message opens a conversation with the Messenger badge; the owner takes over
// and replies and the message shows "Sent" once the fake Send API received it;
// a reply to a person Meta cannot reach shows "Not delivered" with Meta's error.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/messenger-channel.e2e.mjs (demo workspace seeded, local development)
import { randomBytes } from "node:crypto";
import { call, login } from "../../scripts/channels/line-sim.mjs";
import { postMessaging, sent, textMessaging } from "../../scripts/channels/messenger-sim.mjs";
import { BASE_URL, DEMO_OWNER, assert, expectVisible, newContext, run, signInAsDemoOwner } from "./lib.mjs";

const QUESTION = `Do you ship to Chiang Mai? (${Date.now().toString(36)})`;
const REPLY = "Yes, we ship to Chiang Mai in two days.";

await run("messenger-channel", async ({ browser, step, watch }) => {
  const token = await login(BASE_URL, DEMO_OWNER);
  const bot = (await call(BASE_URL, "/api/v1/chatbots", { token })).data[0];
  const appSecret = randomBytes(16).toString("hex");

  const ctx = await newContext(browser);
  watch(ctx);
  const page = await ctx.newPage();
  const tid = (t) => page.getByTestId(t);

  step("the owner connects Messenger in the chatbot's Channels settings and sees the verify token once");
  await signInAsDemoOwner(page);
  await page.goto(`${BASE_URL}/chatbots/${bot.id}?tab=channels`);
  await expectVisible(tid("channels-tab"));
  await tid("input-channel_type").selectOption("messenger");
  await tid("input-page_access_token").fill(`EAAE2E${randomBytes(16).toString("hex")}`);
  await tid("input-app_secret").fill(appSecret);
  await tid("channel-connect-button").click();
  const card = page.locator('[data-testid="channel-card"][data-channel="messenger"]').filter({ has: page.getByTestId("channel-verify-token") });
  await expectVisible(card, { timeout: 20_000 });
  const webhookUrl = String(await card.getByTestId("channel-webhook-url").textContent()).trim();
  const verifyToken = String(await card.getByTestId("channel-verify-token-value").textContent()).trim();
  assert(/\/api\/v1\/channels\/ch_[A-Za-z0-9]+\/webhook$/.test(webhookUrl), `unexpected webhook URL ${webhookUrl}`);
  assert(/^[0-9a-f]{48}$/.test(verifyToken), `unexpected verify token ${verifyToken}`);

  step("Meta's handshake is answered with the verify token; a wrong token is refused");
  const ok = await fetch(`${webhookUrl}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=424242`);
  assert(ok.status === 200 && (await ok.text()) === "424242", "the handshake was not answered");
  const wrong = await fetch(`${webhookUrl}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
  assert(wrong.status === 403, `a wrong verify token answered ${wrong.status}`);

  step("a signed message opens a conversation; the verify step shows every check passed");
  const channel = { type: "messenger", webhook_url: webhookUrl, secret: appSecret };
  const psid = `29${Date.now().toString().slice(-13)}`;
  await postMessaging(channel, [textMessaging("messenger", psid, QUESTION)]);
  await card.getByTestId("channel-verify").click();
  await expectVisible(card.locator('[data-check="events"][data-ok="true"]'), { timeout: 20_000 });
  await expectVisible(card.locator('[data-check="webhook"][data-ok="true"]'));
  await expectVisible(card.locator('[data-check="credentials"][data-ok="true"]'));
  // reloading shows the channel without its verify token (shown once)
  await page.reload();
  await expectVisible(tid("channels-tab"));
  assert((await page.getByTestId("channel-verify-token").count()) === 0, "the verify token is shown again after a reload");

  step("the conversation is in the inbox with the Messenger badge; the owner takes over and replies; the message shows Sent");
  await page.goto(`${BASE_URL}/inbox`);
  const row = tid("conversation-row").filter({ has: page.locator('[data-testid="channel-badge"][data-channel="messenger"]') }).first();
  await expectVisible(row, { timeout: 20_000 });
  await row.click();
  await expectVisible(tid("message").filter({ hasText: QUESTION }).first(), { timeout: 15_000 });
  await tid("takeover-button").click();
  await tid("composer-input").fill(REPLY);
  await tid("composer-send").click();
  const mine = tid("message").filter({ hasText: REPLY }).last();
  await expectVisible(mine.locator('[data-testid="message-delivery"][data-status="sent"]'), { timeout: 30_000 });
  const got = (await sent(BASE_URL)).find((s) => s.path.endsWith("/messages") && s.body.recipient?.id === psid && s.body.message?.text === REPLY);
  assert(got && got.body.messaging_type === "RESPONSE", "the Send API fake never received the agent's reply inside the 24-hour window");

  step("a reply to a person Meta cannot reach shows Not delivered with Meta's error");
  const gone = `551${Date.now().toString().slice(-12)}`;
  const ids = async () => (await call(BASE_URL, "/api/v1/conversations?channel=messenger", { token })).data.map((c) => c.id);
  const before = new Set(await ids());
  await postMessaging(channel, [textMessaging("messenger", gone, `Hello before I disappear (${Date.now().toString(36)})`)]);
  let fresh;
  for (let i = 0; i < 40 && !fresh; i++) {
    fresh = (await ids()).find((id) => !before.has(id));
    if (!fresh) await new Promise((r) => setTimeout(r, 500));
  }
  assert(fresh, "the second Messenger message opened no conversation");
  await page.goto(`${BASE_URL}/inbox?c=${fresh}`);
  await expectVisible(tid("message").filter({ hasText: "before I disappear" }).first(), { timeout: 15_000 });
  await tid("takeover-button").click();
  await tid("composer-input").fill("Are you still there?");
  await tid("composer-send").click();
  const failed = tid("message").filter({ hasText: "Are you still there?" }).last().locator('[data-testid="message-delivery"][data-status="failed"]');
  await expectVisible(failed, { timeout: 30_000 });
  const text = await failed.textContent();
  assert(/isn't available right now/.test(text ?? ""), `the failure does not show Meta's error: ${text}`);
});
