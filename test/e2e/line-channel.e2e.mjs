#!/usr/bin/env node
// A LINE conversation in the inbox: a signed inbound LINE webhook (signed here,
// as LINE would) creates a conversation that appears live in the demo owner's
// inbox with the LINE badge; the owner takes it over and replies from the
// composer, and the LINE API fake receives the push with that text.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/line-channel.e2e.mjs (demo workspace seeded, local development)
import { connectLine, login, postEvents, sent, textEvent } from "../../scripts/channels/line-sim.mjs";
import { BASE_URL, DEFAULT_TIMEOUT, assert, expectCount, expectVisible, newContext, run, signInAsDemoOwner, DEMO_OWNER } from "./lib.mjs";

const QUESTION = `Do you deliver to Chiang Mai? (${Date.now().toString(36)})`;
const REPLY = "Yes, we deliver to Chiang Mai in 2 days.";

await run("line-channel", async ({ browser, step, watch }) => {
  const token = await login(BASE_URL, DEMO_OWNER);
  const channel = await connectLine(BASE_URL, token);

  const ctx = await newContext(browser);
  watch(ctx);
  const agent = await ctx.newPage();
  const tid = (t) => agent.getByTestId(t);

  step("the demo owner signs in and opens the inbox");
  await signInAsDemoOwner(agent);
  await agent.goto(`${BASE_URL}/inbox`);
  await agent.waitForLoadState("networkidle").catch(() => {});
  const rows = tid("conversation-row");
  const before = await rows.count();

  step("a signed LINE webhook creates a conversation that appears live with the LINE badge");
  const userId = `U${Date.now().toString(16)}e2e`;
  await postEvents(channel, [textEvent(userId, QUESTION)]);
  await expectCount(rows, before + 1, { atLeast: true, timeout: 20_000 });
  const row = rows.filter({ has: agent.locator('[data-testid="channel-badge"][data-channel="line"]') }).first();
  await expectVisible(row, { timeout: DEFAULT_TIMEOUT });
  await row.click();
  await expectVisible(tid("message").filter({ hasText: QUESTION }).first(), { timeout: 15_000 });

  step("the owner takes over and replies; the LINE API receives the push");
  await tid("takeover-button").click();
  await tid("composer-input").fill(REPLY);
  await tid("composer-send").click();
  const deadline = Date.now() + 30_000;
  let push = null;
  while (!push && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    push = (await sent(BASE_URL)).find((s) => s.body.to === userId && (s.body.messages ?? []).some((m) => m.text === REPLY));
  }
  assert(push, "the LINE API fake never received the agent's reply");
  assert(push.path === "/v2/bot/message/push", `expected a push, got ${push.path}`);

  step("the channel filter narrows the list to LINE conversations, and away from them");
  const lineRows = rows.filter({ has: agent.locator('[data-testid="channel-badge"][data-channel="line"]') });
  await tid("tab-all").click();
  await tid("channel-filter").selectOption("line");
  await expectVisible(lineRows.first(), { timeout: 15_000 });
  const deadlineList = Date.now() + 15_000;
  while (Date.now() < deadlineList && (await rows.count()) !== (await lineRows.count())) await new Promise((r) => setTimeout(r, 250));
  assert((await rows.count()) === (await lineRows.count()), "the LINE filter still lists conversations from other channels");
  await tid("channel-filter").selectOption("web");
  const deadlineWeb = Date.now() + 15_000;
  while (Date.now() < deadlineWeb && (await lineRows.count()) > 0) await new Promise((r) => setTimeout(r, 250));
  assert((await lineRows.count()) === 0, "the website filter still lists LINE conversations");
});
