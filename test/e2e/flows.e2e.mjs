#!/usr/bin/env node
// A flow built in the dashboard editor runs in the visitor's widget and hands
// over to a team: the demo owner builds "buttons → collect email → hand off to
// Sales" in the flow editor and publishes it; a visitor on /demo taps the
// button, gives a bad then a good email; the conversation lands in the Sales
// team's queue (the owner is not in the inbox yet), and once the owner opens the
// inbox (online) it is assigned to them, with the email on the contact.
// The flow and the team are removed at the end so the other browser tests see
// the demo chatbot as before.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/flows.e2e.mjs (demo workspace seeded)
import { BASE_URL, DEMO_OWNER, apiAs, assert, expectCount, expectText, expectVisible, newContext, openDemoChat, run, signInAsDemoOwner, unique, until } from "./lib.mjs";

const EMAIL = `buyer-${unique()}@example.com`;
const TEAM = `Sales ${unique()}`;



await run("flows", async ({ browser, step, watch }) => {
  const login = await (
    await fetch(`${BASE_URL}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(DEMO_OWNER) })
  ).json();
  const token = login.access_token;
  const ownerId = login.user.id;
  const team = await apiAs(token, "/api/v1/teams", { method: "POST", body: { name: TEAM, member_ids: [ownerId], assignment: "balanced", capacity: 5 } });
  assert(team.status === 201, `team: ${team.status} ${JSON.stringify(team.json)}`);
  let flowId = null;
  try {
    const ownerCtx = await newContext(browser);
    watch(ownerCtx);
    const owner = await ownerCtx.newPage();
    const tid = (t) => owner.getByTestId(t);

    step("the demo owner creates a blank flow for the demo chatbot");
    await signInAsDemoOwner(owner);
    await owner.goto(`${BASE_URL}/flows`);
    await expectVisible(tid("flow-new"));
    await tid("input-flow_name").fill("Sales lead");
    await tid("flow-create").click();
    await owner.waitForURL(/\/flows\/flow_/, { timeout: 15_000 });
    flowId = new URL(owner.url()).pathname.split("/").pop();

    step("builds buttons → collect email → hand off to Sales in the editor");
    const add = async (type, id) => {
      await tid("input-new_node_type").selectOption(type);
      await tid("input-new_node_id").fill(id);
      await tid("flow-add").click();
      await expectVisible(tid(`flow-node-${id}`));
    };
    await add("message", "welcome");
    await add("collect", "ask_email");
    await add("handoff", "to_sales");
    await tid("input-welcome_text").fill("Hi! How can we help?");
    await tid("input-welcome_choices").fill("Talk to sales | ask_email\nJust browsing | start");
    await tid("input-ask_email_prompt").fill("What's your email?");
    await tid("input-ask_email_input").selectOption("email");
    await tid("input-ask_email_save_as").fill("contact.email");
    await tid("input-ask_email_retry_text").fill("That doesn't look like an email address.");
    await tid("input-ask_email_next").selectOption("to_sales");
    await tid("input-to_sales_team").selectOption(team.json.id);
    await tid("input-to_sales_text").fill("Connecting you with Sales.");
    await tid("input-start_text").fill("Enjoy browsing!");
    await tid("input-flow_start").selectOption("welcome");
    await expectCount(tid("flow-problems"), 0);

    step("tries the draft in the simulator (the same engine, in the page)");
    await tid("flow-sim-start").click();
    const sim = tid("flow-simulator");
    await expectVisible(sim.getByTestId("sim-bot").filter({ hasText: "How can we help?" }));
    await sim.locator("button", { hasText: "Talk to sales" }).click();
    await expectVisible(sim.getByTestId("sim-bot").filter({ hasText: "What's your email?" }));
    await tid("flow-sim-input").fill("sim@example.com");
    await tid("flow-sim-input").press("Enter");
    await expectVisible(sim.getByTestId("sim-note").filter({ hasText: TEAM }));

    step("publishes it");
    await tid("flow-publish").click();
    await expectText(tid("flow-status"), /v1/, { timeout: 15_000 });
    await expectVisible(tid("flow-versions").locator("li", { hasText: "v1" }));

    step("the owner watches the Sales team's queue (not in the inbox: not online for routing)");
    await owner.goto(`${BASE_URL}/teams`);
    const card = tid("team-card").filter({ hasText: TEAM });
    await expectVisible(card);

    step("a visitor on /demo gets the flow's buttons and taps Talk to sales");
    const { page: visitor, panel, input } = await openDemoChat(browser, watch);
    await input.fill("Hello");
    await input.press("Enter");
    await expectVisible(panel.locator('.m[data-role="bot"]', { hasText: "How can we help?" }).last(), { timeout: 20_000 });
    await panel.locator("button.rb", { hasText: "Talk to sales" }).last().click();
    await expectVisible(panel.locator('.m[data-role="bot"]', { hasText: "What's your email?" }).first(), { timeout: 15_000 });

    step("a bad email is asked again; a good one hands over to Sales");
    await input.fill("not an email");
    await input.press("Enter");
    await expectVisible(panel.locator('.m[data-role="bot"]', { hasText: "doesn't look like an email" }).first(), { timeout: 15_000 });
    await input.fill(EMAIL);
    await input.press("Enter");
    await expectVisible(panel.locator('.m[data-role="bot"]', { hasText: "Connecting you with Sales." }).first(), { timeout: 15_000 });

    step("the conversation waits in the Sales team's queue");
    const queued = await until(async () => {
      const q = await apiAs(token, "/api/v1/teams/queue");
      return q.json?.data?.find((t) => t.team_id === team.json.id)?.queue?.[0] ?? null;
    }, "the Sales queue");
    const conversationId = queued.conversation_id;
    await expectVisible(card.getByTestId("team-queue").locator("li"), { timeout: 15_000 });
    const before = await apiAs(token, `/api/v1/conversations/${conversationId}`);
    assert(before.json.queue_position === 1 && before.json.assignee === null, `not queued: ${JSON.stringify({ q: before.json.queue_position, a: before.json.assignee })}`);

    step("the Sales agent opens the inbox (online) and gets the conversation, with the email on the contact");
    await owner.goto(`${BASE_URL}/inbox`);
    await expectVisible(tid("hub-state").and(owner.locator('[data-state="open"]')), { timeout: 15_000 });
    const assigned = await until(async () => {
      const d = await apiAs(token, `/api/v1/conversations/${conversationId}`);
      return d.json?.assignee?.id === ownerId ? d.json : null;
    }, "the assignment");
    assert(assigned.queue_position === null, `still queued at ${assigned.queue_position}`);
    assert(assigned.visitor?.email === EMAIL, `contact email is ${assigned.visitor?.email}`);
    await expectVisible(panel.locator(".note", { hasText: /chatting with/i }).first(), { timeout: 15_000 });
  } finally {
    if (flowId) await apiAs(token, `/api/v1/flows/${flowId}`, { method: "DELETE" });
    await apiAs(token, `/api/v1/teams/${team.json.id}`, { method: "DELETE" });
  }
});
