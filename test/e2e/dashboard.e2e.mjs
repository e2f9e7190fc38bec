#!/usr/bin/env node
// The first-run journey through the dashboard: a newcomer registers a
// workspace, lands on the empty dashboard, creates a chatbot while watching the
// live widget preview, copies the embed code, invites a teammate as agent, finds the invitation in the dev
// mailbox, the teammate accepts it and sees only what an agent may see; the
// owner creates an API key (shown once) and reads the audit log.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/dashboard.e2e.mjs
import {
  BASE_URL,
  assert,
  expectCount,
  expectHidden,
  expectPath,
  expectStyle,
  expectText,
  expectVisible,
  newContext,
  run,
  screenshot,
  unique,
} from "./lib.mjs";

const id = unique();
const owner = { workspace: `Acme ${id}`, name: "Sarah Owner", email: `sarah+${id}@example.com`, password: "Sunrise#2026" };
const agent = { name: "Mike Agent", email: `mike+${id}@example.com`, password: "Moonlight#2026" };

await run("dashboard", async ({ browser, step, watch }) => {
  const ctx = await newContext(browser);
  watch(ctx);
  const page = await ctx.newPage();
  const tid = (t) => page.getByTestId(t);

  step("a visitor to / is sent to the sign-in page");
  const first = await page.goto(`${BASE_URL}/`);
  const csp = first.headers()["content-security-policy"] ?? "";
  assert(csp.includes("script-src 'self'") && csp.includes("frame-ancestors 'none'"), `the dashboard is served without its CSP (got ${JSON.stringify(csp)})`);
  assert(first.headers()["x-frame-options"] === "DENY", "the dashboard can be framed");
  await expectPath(page, "/login");
  await expectVisible(tid("login-page"));

  step("register a new workspace");
  await tid("link-register").click();
  await expectVisible(tid("register-page"));
  await tid("input-workspace_name").fill(owner.workspace);
  await tid("input-name").fill(owner.name);
  await tid("input-email").fill(owner.email);
  await tid("input-password").fill(owner.password);
  await tid("register-submit").click();

  step("land on the empty dashboard as owner");
  await expectPath(page, "/", { timeout: 45_000 });
  await expectVisible(tid("home-empty"));
  await expectText(tid("current-role"), /owner/i);
  await expectText(tid("workspace-name"), owner.workspace);

  step("create the first chatbot: name, greeting, personality");
  await tid("create-first-chatbot").click();
  await expectPath(page, "/chatbots/new");
  await tid("input-name").fill("Support Bot");
  await tid("input-greeting_message").fill("Hello from Acme! What can we do for you?");
  await tid("input-personality").selectOption("friendly");
  await expectText(tid("preview-name"), "Support Bot");
  await expectText(tid("preview-greeting"), "Hello from Acme!");

  step("business hours with a time zone");
  await tid("tab-hours").click();
  await tid("input-business_hours.enabled").check();
  await tid("input-business_hours.timezone").fill("Asia/Bangkok");

  step("widget look: colour, position, button text are previewed live");
  await tid("tab-widget").click();
  await tid("input-widget_settings.theme.primary_color").fill("#E11D48");
  await tid("input-widget_settings.button_text").fill("Ask Acme");
  await tid("input-widget_settings.position").selectOption("bottom-left");
  await expectText(tid("preview-button-text"), "Ask Acme");
  await expectStyle(tid("preview-launcher"), "background-color", "rgb(225, 29, 72)");
  const stage = await tid("widget-preview").boundingBox();
  const launcher = await tid("preview-launcher").boundingBox();
  assert(launcher.x - stage.x < stage.width / 2, "the launcher is not on the left after choosing bottom-left");

  step("an invalid colour is refused with a message next to the field");
  await tid("input-widget_settings.theme.secondary_color").fill("blue");
  await tid("save-chatbot").click();
  await expectVisible(tid("error-widget_settings.theme.secondary_color"));
  await tid("input-widget_settings.theme.secondary_color").fill("#1E40AF");

  step("save: the embed code is shown");
  await tid("save-chatbot").click();
  await expectPath(page, /^\/chatbots\/cb_/);
  await expectText(tid("embed-code"), 'data-chatbot-key="pk_');
  await expectText(tid("chatbot-version"), "version 1");

  step("copy the embed code and read it back from the clipboard");
  await tid("embed-code-copy").click();
  await expectVisible(tid("embed-code-copied"));
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert(clip.includes('data-chatbot-key="pk_'), `the clipboard holds ${JSON.stringify(clip)}`);
  assert(clip.includes("/widget/loader.js"), "the embed code does not load the widget loader");

  step("an edit bumps the version and shows in the versions list");
  await tid("tab-general").click();
  await tid("input-greeting_message").fill("Hi! Ask us anything about Acme.");
  await tid("save-chatbot").click();
  await expectText(tid("chatbot-version"), "version 2");
  await tid("tab-versions").click();
  await expectCount(page.locator("[data-testid^=version-]"), 2, { atLeast: true });

  step("restoring version 1 brings the first greeting back as version 3");
  page.once("dialog", (d) => void d.accept());
  await tid("restore-1").click();
  await expectText(tid("chatbot-version"), "version 3");
  await tid("tab-general").click();
  assert((await tid("input-greeting_message").inputValue()).startsWith("Hello from Acme!"), "the restored greeting is not shown");
  await tid("tab-widget").click();
  await expectVisible(tid("preview-panel"));
  const shot = await screenshot(page, "chatbot-editor");
  console.log(`    screenshot: ${shot}`);

  step("the chatbot is listed");
  await tid("nav-chatbots").click();
  await expectText(tid("chatbots-table"), "Support Bot");

  step("invite a teammate as agent");
  await tid("nav-team").click();
  await expectVisible(tid("invite-form"));
  await tid("input-invite_email").fill(agent.email);
  await tid("input-invite_role").selectOption("agent");
  await tid("invite-submit").click();
  await expectVisible(tid(`invitation-${agent.email}`));

  step("the invitation mail arrives in the dev mailbox");
  await tid("nav-mailbox").click();
  await tid("mail-filter").fill(agent.email);
  await expectCount(tid("mail-item"), 1, { atLeast: true, timeout: 15_000 });
  await tid("mail-item").first().click();
  const link = tid("mail-link").filter({ hasText: "/accept-invite#token=" });
  await expectVisible(link);
  const acceptUrl = await link.first().getAttribute("href");
  assert(acceptUrl && acceptUrl.startsWith(BASE_URL), `unexpected accept link ${acceptUrl}`);

  step("the teammate opens the link in their own browser and sets a password");
  const agentCtx = await newContext(browser);
  watch(agentCtx);
  const ap = await agentCtx.newPage();
  const atid = (t) => ap.getByTestId(t);
  await ap.goto(acceptUrl);
  await expectVisible(atid("accept-invite-page"));
  await expectText(atid("invite-role"), /agent/i);
  await atid("input-name").fill(agent.name);
  await atid("input-password").fill(agent.password);
  await atid("accept-submit").click();

  step("the agent sees only what the role permits");
  await expectPath(ap, "/", { timeout: 45_000 });
  await expectText(atid("current-role"), /agent/i);
  await expectVisible(atid("nav-inbox"));
  await expectVisible(atid("nav-chatbots"));
  await expectHidden(atid("nav-api-keys"));
  await expectHidden(atid("nav-audit-log"));
  await atid("nav-team").click();
  await expectVisible(atid("members-table"));
  await expectText(atid("members-table"), owner.email);
  await expectHidden(atid("invite-form"));
  await expectHidden(atid("team-manage"));
  await expectHidden(ap.locator("[data-testid^=member-remove-]"));
  await atid("nav-chatbots").click();
  await expectText(atid("chatbots-table"), "Support Bot");
  await expectHidden(atid("new-chatbot"));

  step("a reload keeps the agent signed in (refresh cookie), signing out ends the session");
  await ap.reload();
  await expectText(atid("current-role"), /agent/i);
  await atid("sign-out").click();
  await expectPath(ap, "/login");
  await ap.goto(`${BASE_URL}/team`);
  await expectPath(ap, "/login");
  await atid("input-email").fill(agent.email);
  await atid("input-password").fill(agent.password);
  await atid("login-submit").click();
  await expectPath(ap, "/team", { timeout: 45_000 });
  await expectVisible(atid("members-table"));

  step("the owner sees the new member in the team list");
  await tid("nav-team").click();
  await expectText(tid("members-table"), agent.email);

  step("create an API key with scopes: the key is shown once");
  await tid("nav-api-keys").click();
  await tid("input-api_key_name").fill("CRM sync");
  await tid("scope-chatbots:read").check();
  await tid("api-key-create").click();
  await expectText(tid("api-key-secret"), /mc_/);
  await expectText(tid("api-keys-table"), "CRM sync");

  step("the audit log shows what happened");
  await tid("nav-audit-log").click();
  await expectCount(tid("audit-row"), 2, { atLeast: true });
  await expectText(tid("audit-table"), "chatbot.created");
});
