#!/usr/bin/env node
// An email conversation in the inbox: the owner connects the support mailbox
// on the Channels tab and copies the inbound address; a customer's email,
// handed to wrangler dev's local email endpoint (as Email Routing would hand
// it to the Worker), appears live in the inbox with the Email badge and its
// subject; the owner takes over and replies from the composer, and the dev
// mailbox receives the reply in the customer's thread ("Re: <subject>").
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/email-channel.e2e.mjs (demo workspace seeded, local development)
import { call, login } from "../../scripts/channels/line-sim.mjs";
import { postEmail, rawEmail, sent } from "../../scripts/channels/email-sim.mjs";
import { BASE_URL, DEMO_OWNER, assert, expectVisible, newContext, run, screenshot, signInAsDemoOwner } from "./lib.mjs";

const stamp = Date.now().toString(36);
const SUBJECT = `Gift wrapping ${stamp}`;
const QUESTION = "Can you gift-wrap the blue kettle?";
const REPLY = "Yes, gift wrapping is free this month.";
const CUSTOMER = `nok.${stamp}@customer.localhost`;

await run("email-channel", async ({ browser, step, watch }) => {
  const token = await login(BASE_URL, DEMO_OWNER);
  const bot = (await call(BASE_URL, "/api/v1/chatbots", { token })).data[0];

  const ctx = await newContext(browser);
  watch(ctx);
  const page = await ctx.newPage();
  const tid = (t) => page.getByTestId(t);

  step("the owner connects the support mailbox; the card shows the address to forward it to and who replies come from");
  await signInAsDemoOwner(page);
  await page.goto(`${BASE_URL}/chatbots/${bot.id}?tab=channels`);
  await expectVisible(tid("channels-tab"));
  await tid("input-channel_type").selectOption("email");
  await tid("input-support_address").fill(`help.${stamp}@demo-shop.localhost`);
  await tid("input-from_name").fill("Demo Shop");
  await tid("channel-connect-button").click();
  const card = page.locator('[data-testid="channel-card"][data-channel="email"]').filter({ hasText: `help.${stamp}@demo-shop.localhost` });
  await expectVisible(card, { timeout: 20_000 });
  const inbound = String(await card.getByTestId("email-inbound-address").textContent()).trim();
  assert(/^inbox\+ch_[A-Za-z0-9]+\.[0-9a-f]{12}@/.test(inbound), `unexpected inbound address ${inbound}`);
  await expectVisible(card.getByTestId("email-from").filter({ hasText: "Demo Shop" }));
  await screenshot(page, "email-connected");

  step("a customer's email appears live in the inbox with the Email badge and its subject");
  await page.goto(`${BASE_URL}/inbox`);
  await page.waitForLoadState("networkidle").catch(() => {});
  await postEmail(BASE_URL, { from: CUSTOMER, to: inbound, raw: rawEmail({ from: CUSTOMER, name: "Nok Email", to: inbound, subject: SUBJECT, text: QUESTION }) });
  const row = tid("conversation-row").filter({ has: page.locator('[data-testid="channel-badge"][data-channel="email"]') }).first();
  await expectVisible(row, { timeout: 20_000 });
  await row.click();
  await expectVisible(tid("message").filter({ hasText: SUBJECT }).filter({ hasText: QUESTION }).first(), { timeout: 15_000 });

  step("the owner takes over and replies; the dev mailbox receives it in the customer's thread and the message shows Sent");
  await tid("takeover-button").click();
  await tid("composer-input").fill(REPLY);
  await tid("composer-send").click();
  const mine = tid("message").filter({ hasText: REPLY }).last();
  await expectVisible(mine.locator('[data-testid="message-delivery"][data-status="sent"]'), { timeout: 30_000 });
  const got = (await sent(BASE_URL, CUSTOMER)).find((m) => m.text.includes(REPLY));
  assert(got, "the dev mailbox never received the agent's reply");
  assert(got.subject === `Re: ${SUBJECT}`, `expected the reply in the thread, got subject "${got.subject}"`);
  await screenshot(page, "email-inbox");
});
