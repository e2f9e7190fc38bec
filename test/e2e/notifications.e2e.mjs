#!/usr/bin/env node
// The notification bell: the demo owner has the inbox open; a visitor on /demo
// asks for a person; the bell's unread count rises live (no reload), the panel
// lists the escalation (or the assignment routing made) with a link that opens
// the conversation, and "mark all read" clears the count. Then the settings
// page: a preference change survives a reload.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/notifications.e2e.mjs (demo workspace seeded)
import { BASE_URL, assert, expectHidden, expectPath, expectVisible, newContext, openDemoChat, run, signInAsDemoOwner } from "./lib.mjs";

await run("notifications", async ({ browser, step, watch }) => {
  const agentCtx = await newContext(browser);
  watch(agentCtx);
  const agent = await agentCtx.newPage();
  const tid = (t) => agent.getByTestId(t);

  step("the demo owner signs in, opens the inbox and clears the bell");
  await signInAsDemoOwner(agent);
  await agent.goto(`${BASE_URL}/inbox`);
  await expectVisible(tid("hub-state").and(agent.locator('[data-state="open"]')), { timeout: 20_000 });
  await tid("notification-bell").click();
  await expectVisible(tid("notification-panel"));
  await markAllRead(tid);
  await expectHidden(tid("notification-count"));
  await agent.keyboard.press("Escape");

  step("a visitor asks for a person");
  const { page: visitor, panel, input } = await openDemoChat(browser, watch);
  await input.fill(`I want to talk to a person please (${Date.now().toString(36)})`);
  await input.press("Enter");

  step("the bell's count rises live");
  await expectVisible(tid("notification-count"), { timeout: 30_000 });
  const count = Number((await tid("notification-count").innerText()).trim());
  assert(count >= 1, `unread count ${count}`);

  step("the panel lists it and its link opens the conversation");
  await tid("notification-bell").click();
  const item = tid("notification-item").filter({ has: agent.locator(".notify-title") }).first();
  await expectVisible(item);
  const kind = await item.getAttribute("data-kind");
  assert(kind === "escalation" || kind === "assignment", `first notification is ${kind}`);
  await item.locator("a").click();
  await expectPath(agent, /^\/inbox\/conv_/);

  step("mark all read clears the count");
  await tid("notification-bell").click();
  await markAllRead(tid);
  await expectHidden(tid("notification-count"));

  step("a preference change on the settings page survives a reload");
  await agent.goto(`${BASE_URL}/account/notifications`);
  const cell = tid("pref-new_conversation-email");
  await expectVisible(cell);
  const was = await cell.isChecked();
  await cell.click();
  await agent.waitForTimeout(300);
  await agent.reload();
  await expectVisible(tid("pref-new_conversation-email"));
  assert((await tid("pref-new_conversation-email").isChecked()) === !was, "the preference did not persist");
  await tid("pref-new_conversation-email").click();
  await expectVisible(tid("push-card"));
  await expectVisible(tid("slack-card"));
});

// "Mark all read" is disabled when nothing is unread. Opening a conversation
// marks its own notifications read a moment later, so the button can turn
// disabled between looking at it and clicking it: either way the count must go.
async function markAllRead(tid) {
  const button = tid("notification-read-all");
  if (!(await button.isEnabled())) return;
  await button.click({ timeout: 3_000 }).catch(async (err) => {
    if (await button.isEnabled()) throw err;
  });
}
