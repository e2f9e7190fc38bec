#!/usr/bin/env node
// An automation rule built on the Automation page acts on a live conversation:
// the demo owner creates "when the visitor sends a message, if it mentions vip,
// tag vip"; a visitor on /demo writes "I am a VIP customer"; the conversation
// gets the tag, the inbox's customer panel shows the rule's line, and the
// rule's test against that conversation says it matches. The rule is removed
// at the end so the other browser tests see the demo workspace as before.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/automation.e2e.mjs (demo workspace seeded)
import { BASE_URL, DEMO_OWNER, apiAs, assert, expectVisible, newContext, openDemoChat, run, signInAsDemoOwner, unique, until } from "./lib.mjs";

const RULE = `VIP ${unique()}`;



await run("automation", async ({ browser, step, watch }) => {
  const login = await (
    await fetch(`${BASE_URL}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(DEMO_OWNER) })
  ).json();
  const token = login.access_token;
  let ruleId = null;
  try {
    const ownerCtx = await newContext(browser);
    watch(ownerCtx);
    const owner = await ownerCtx.newPage();
    const tid = (t) => owner.getByTestId(t);

    step("the demo owner builds a rule on the Automation page");
    await signInAsDemoOwner(owner);
    await owner.goto(`${BASE_URL}/automation`);
    await tid("rule-new").click();
    await tid("input-rule_name").fill(RULE);
    await tid("input-rule_trigger").selectOption("message_received");
    await tid("rule-add-condition").click();
    await tid("input-cond_0_type").selectOption("text_contains");
    await tid("input-cond_0_words").fill("vip, premium");
    await tid("input-act_0_type").selectOption("add_tag");
    await tid("input-act_0_tags").fill("vip");
    await tid("rule-submit").click();
    const row = tid("rule-row").filter({ hasText: RULE });
    await expectVisible(row);
    const rules = await apiAs(token, "/api/v1/automation/rules");
    ruleId = rules.json.data.find((r) => r.name === RULE)?.id;
    assert(ruleId, "the rule was not saved");
    const saved = rules.json.data.find((r) => r.id === ruleId);
    assert(JSON.stringify(saved.conditions) === JSON.stringify([{ type: "text_contains", words: ["vip", "premium"] }]), `conditions ${JSON.stringify(saved.conditions)}`);

    step("a visitor on /demo mentions being a VIP");
    // a conversation object looks up whether its workspace has listeners at most every 30 s: give a check made before the rule existed time to lapse
    await new Promise((r) => setTimeout(r, 31_000));
    const { page: visitor, panel, input } = await openDemoChat(browser, watch);
    await input.fill("Hello, I am a VIP customer");
    await input.press("Enter");

    step("the rule tags the conversation");
    const conversationId = await until(async () => {
      const list = await apiAs(token, "/api/v1/conversations?limit=20");
      for (const c of list.json?.data ?? []) {
        if (!(c.tags ?? []).includes("vip")) continue;
        const d = await apiAs(token, `/api/v1/conversations/${c.id}`);
        if (d.json.events.some((e) => e.type === "rule_applied" && e.data.rule_id === ruleId)) return c.id;
      }
      return null;
    }, "the rule's tag");

    step("the inbox shows what the rule did");
    await owner.goto(`${BASE_URL}/inbox/${conversationId}`);
    await expectVisible(tid("rule-activity").getByTestId("rule-activity-line").filter({ hasText: RULE }), { timeout: 20_000 });

    step("testing the rule against the conversation says it matches, and changes nothing");
    await owner.goto(`${BASE_URL}/automation`);
    await row.getByTestId("rule-test").click();
    await tid("input-test_conversation").fill(conversationId);
    await tid("rule-test-form").locator("button[type=submit]").click();
    await expectVisible(tid("rule-test-result").filter({ hasText: /matches/ }));
    const after = await apiAs(token, `/api/v1/conversations/${conversationId}`);
    assert(after.json.events.filter((e) => e.type === "rule_applied").length === 1, "the test ran the rule");

    step("the rule is switched off from the list");
    // the box follows the saved rule (it is checked again until the change is saved and read back)
    await row.getByTestId("rule-enabled").click();
    await until(async () => (await apiAs(token, `/api/v1/automation/rules/${ruleId}`)).json.enabled === false, "the rule switched off", 10_000);
    await until(async () => !(await row.getByTestId("rule-enabled").isChecked()), "the box unchecked", 10_000);
  } finally {
    if (ruleId) await apiAs(token, `/api/v1/automation/rules/${ruleId}`, { method: "DELETE" });
  }
});
