#!/usr/bin/env node
// The live hand-over journey across two browsers: a visitor on /demo asks an
// FAQ question and gets a streamed bot answer; the demo owner, signed in to
// the dashboard inbox, sees the conversation arrive live, takes it over and
// replies; the visitor sees the agent's name and reply; the agent returns the
// conversation to the bot and resolves it; the visitor rates it. The inbox
// list updates live throughout (no reloads).
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/live-chat.e2e.mjs (demo workspace seeded)
import { BASE_URL, assert, expectCount, expectText, expectVisible, newContext, openDemoChat, run, signInAsDemoOwner } from "./lib.mjs";

const QUESTION = `What is your return policy? (${Date.now().toString(36)})`;
const REPLY = "Hi, this is the shop team. I can help with your return.";

await run("live-chat", async ({ browser, step, watch }) => {
  // ── the agent signs in first and keeps the inbox open
  const agentCtx = await newContext(browser);
  watch(agentCtx);
  const agent = await agentCtx.newPage();
  const tid = (t) => agent.getByTestId(t);

  step("the demo owner signs in and opens the inbox");
  await signInAsDemoOwner(agent);
  await agent.goto(`${BASE_URL}/inbox`);
  await agent.waitForLoadState("networkidle").catch(() => {});
  const rows = tid("conversation-row");
  const rowsBefore = await rows.count();

  // ── the visitor, in a separate browser context, on the demo shop
  step("the visitor asks an FAQ question and gets a streamed bot answer");
  const { page: visitor, panel, input } = await openDemoChat(browser, watch);
  const botDone = panel.locator('.m[data-role="bot"][data-delivery="done"]');
  const before = await botDone.count();
  await input.fill(QUESTION);
  await input.press("Enter");
  await expectCount(botDone, before + 1, { atLeast: true, timeout: 30_000 });
  const answerText = (await botDone.last().locator(".bub").innerText()).trim();
  assert(answerText.length > 0, "the bot answer is empty");

  step("the conversation appears live in the agent's inbox");
  // The newest conversation comes in at the top of the list, without a reload.
  await expectCount(rows, rowsBefore + 1, { atLeast: true, timeout: 20_000 });
  const row = rows.first();
  await row.click();
  await expectVisible(tid("message").filter({ hasText: QUESTION }).first(), { timeout: 15_000 });

  step("the agent takes over; the visitor is told who they are chatting with");
  await tid("takeover-button").click();
  await expectVisible(panel.locator(".note", { hasText: /chatting with/i }).first(), { timeout: 15_000 });
  const joined = await panel.locator(".note", { hasText: /chatting with/i }).first().innerText();
  assert(/Demo Owner/.test(joined), `the visitor was not told the agent's name: ${joined}`);
  await expectText(panel.locator(".who strong"), "Demo Owner");
  await expectText(row.getByTestId("status-badge"), /agent|handling/i, { timeout: 15_000 });

  step("the agent replies and the visitor sees it");
  await tid("composer-input").fill(REPLY);
  await tid("composer-send").click();
  await expectVisible(panel.locator('.m[data-role="agent"]', { hasText: REPLY }), { timeout: 15_000 });

  step("the agent returns the conversation to the bot");
  await tid("return-to-ai-button").click();
  await expectVisible(panel.locator(".note", { hasText: /again/i }).first(), { timeout: 15_000 });
  await expectText(row.getByTestId("status-badge"), /active/i, { timeout: 15_000 });

  step("the agent resolves it and the visitor rates the conversation");
  await tid("resolve-button").click();
  const confirm = agent.getByTestId("resolve-confirm");
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  const rating = panel.locator(".rate");
  await expectVisible(rating, { timeout: 15_000 });
  await rating.locator("label").nth(3).click();
  await rating.locator("textarea").fill("Quick and friendly, thanks!");
  await rating.locator("button[type=submit]").click();
  await expectVisible(panel.locator(".rate[role=status]"), { timeout: 15_000 });
  await expectText(row.getByTestId("status-badge"), /resolved/i, { timeout: 15_000 });
});
