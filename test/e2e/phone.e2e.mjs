#!/usr/bin/env node
// The dashboard on a phone (390 × 844): a visitor asks a question on /demo; the
// demo owner, on a phone, opens the menu, goes to the inbox, opens the
// conversation from the list (the thread replaces the list), takes it over,
// replies and sees the reply, looks at the customer panel and goes back to the
// list. No page scrolls sideways. Then the owner switches the dashboard to Thai
// on the Account page: the strings are Thai, and a fresh browser signing in
// gets Thai too (the choice is kept on the account).
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/phone.e2e.mjs (demo workspace seeded)
import { BASE_URL, assert, expectHidden, expectText, expectVisible, newContext, openDemoChat, run, signInAsDemoOwner } from "./lib.mjs";

const QUESTION = `Do you deliver to Chiang Mai? (${Date.now().toString(36)})`;
const REPLY = "Yes, we deliver there in 2 days. Anything else?";
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: "en-US" };

/** How far the page scrolls sideways (0 when it fits the screen). */
const overflowX = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function fitsWidth(page, where) {
  await page.waitForLoadState("networkidle").catch(() => {});
  const extra = await overflowX(page);
  assert(extra <= 0, `${where} scrolls sideways by ${extra}px at 390px`);
}

/** The element is on screen, not cut off at either side. */
async function insideScreen(locator, what) {
  const box = await locator.boundingBox();
  assert(box && box.x >= 0 && box.x + box.width <= 390 + 0.5, `${what} is cut off: ${JSON.stringify(box)}`);
}

await run("phone", async ({ browser, step, watch }) => {
  step("a visitor asks a question on the demo shop");
  const { page: visitor, panel, input } = await openDemoChat(browser, watch);
  await input.fill(QUESTION);
  await input.press("Enter");
  await expectVisible(panel.locator('.m[data-role="bot"][data-delivery="done"]').first(), { timeout: 30_000 });

  step("the owner signs in on a phone; the navigation is a menu");
  const phoneCtx = await newContext(browser, PHONE);
  watch(phoneCtx);
  const phone = await phoneCtx.newPage();
  const tid = (t) => phone.getByTestId(t);
  await signInAsDemoOwner(phone);
  await fitsWidth(phone, "the home page");
  await expectHidden(tid("nav-inbox"));
  await tid("menu-toggle").click();
  await expectVisible(tid("nav-inbox"));
  await tid("nav-inbox").click();
  await expectHidden(tid("nav-inbox"));

  step("the inbox shows the list alone, full width");
  const inbox = tid("inbox-page");
  await expectVisible(inbox);
  assert((await inbox.getAttribute("data-pane")) === "list", "the inbox does not open on the list");
  // the newest conversation is at the top (its preview is the bot's last answer)
  const row = tid("conversation-row").first();
  await expectVisible(row, { timeout: 20_000 });
  await insideScreen(row, "the conversation row");
  await fitsWidth(phone, "the inbox list");

  step("opening a conversation shows the thread instead of the list");
  await row.click();
  await expectVisible(tid("thread"));
  await expectHidden(tid("conversation-list"));
  await expectVisible(tid("message").filter({ hasText: QUESTION }).first(), { timeout: 15_000 });
  const thread = await tid("thread").boundingBox();
  assert(thread && thread.width >= 380, `the thread is squeezed to ${thread?.width}px`);
  await insideScreen(tid("takeover-button"), "the take-over button");
  await insideScreen(tid("resolve-button"), "the resolve button");
  await insideScreen(tid("composer-send"), "the send button");
  await fitsWidth(phone, "the thread");

  step("take over and reply; the reply shows in the thread");
  await tid("takeover-button").click();
  await expectVisible(tid("return-to-ai-button"), { timeout: 15_000 });
  await tid("composer-input").fill(REPLY);
  await tid("composer-send").click();
  await expectVisible(tid("message").filter({ hasText: REPLY }).first(), { timeout: 15_000 });
  await expectVisible(panel.locator('.m[data-role="agent"]', { hasText: REPLY }), { timeout: 15_000 });
  await fitsWidth(phone, "the thread after the reply");

  step("the customer panel is its own view with a way back");
  await tid("show-customer").click();
  await expectVisible(tid("customer-panel"));
  await expectHidden(tid("thread"));
  await fitsWidth(phone, "the customer panel");
  await tid("back-to-thread").click();
  await expectVisible(tid("thread"));

  step("back to the list");
  await tid("back-to-list").click();
  await expectVisible(tid("conversation-list"));
  await expectHidden(tid("thread"));
  assert((await inbox.getAttribute("data-pane")) === "list", "back did not return to the list");

  step("no page scrolls sideways at 390px");
  for (const path of ["/chatbots", "/knowledge", "/team", "/api-keys", "/audit-log", "/account"]) {
    await phone.goto(`${BASE_URL}${path}`);
    await expectVisible(phone.locator("main.content > *").first());
    await fitsWidth(phone, path);
  }

  step("the member switches the dashboard to Thai on the Account page");
  await tid("language-select").selectOption("th");
  await expectText(phone.locator("h1"), "บัญชี");
  await tid("menu-toggle").click();
  await expectText(tid("nav-inbox"), "กล่องข้อความ");
  await expectText(tid("sign-out"), "ออกจากระบบ");

  step("the choice is kept on the account: a fresh browser signs in in Thai");
  const fresh = await newContext(browser, PHONE);
  watch(fresh);
  const other = await fresh.newPage();
  await signInAsDemoOwner(other);
  await other.goto(`${BASE_URL}/inbox`);
  await expectText(other.getByTestId("tab-open"), "เปิดอยู่", { timeout: 15_000 });
  assert((await other.evaluate(() => document.documentElement.lang)) === "th", "the page language is not th");

  step("back to the browser's language (English)");
  await other.goto(`${BASE_URL}/account`);
  await other.getByTestId("language-select").selectOption("");
  await expectText(other.locator("h1"), "Account");
});
