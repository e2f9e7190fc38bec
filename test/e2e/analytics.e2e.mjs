#!/usr/bin/env node
// The Analytics page on the demo workspace's seeded history (two weeks, three
// conversations a day: 21 in the last 7 days, 14 of them resolved, every
// rating 4 or 5): the KPI tiles show the figures the API reports, the daily
// chart draws, its table view lists the days, and the home page's last 7 days agree.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/analytics.e2e.mjs (demo workspace seeded)
import { BASE_URL, assert, expectText, expectVisible, newContext, run, screenshot, signInAsDemoOwner } from "./lib.mjs";


await run("analytics", async ({ browser, step, watch }) => {
  const ctx = await newContext(browser);
  watch(ctx);
  const page = await ctx.newPage();
  const tid = (t) => page.getByTestId(t);

  step("the demo owner signs in");
  await signInAsDemoOwner(page);

  step("the Analytics page opens from the navigation");
  const overview = page.waitForResponse((r) => r.url().includes("/api/v1/analytics/overview") && r.status() === 200, { timeout: 30_000 });
  await tid("nav-analytics").click();
  await expectVisible(tid("analytics-page"));
  const figures = await (await overview).json();
  assert(figures.conversations >= 21, `the seeded history should give at least 21 conversations in the last 7 days, got ${figures.conversations}`);
  assert(figures.resolved >= 14, `at least 14 seeded conversations are resolved, got ${figures.resolved}`);

  step("the KPI tiles show the API's figures");
  await expectText(tid("kpi-conversations-value"), new Intl.NumberFormat("en-US").format(figures.conversations));
  await expectText(tid("kpi-resolved-value"), new Intl.NumberFormat("en-US").format(figures.resolved));
  const csat = await tid("kpi-csat-value").textContent();
  assert(/%/.test(csat ?? ""), `the CSAT tile shows a percentage, got ${JSON.stringify(csat)}`);
  if (figures.ratings > 0 && figures.csat === 1) assert(csat === "100%", `every seeded rating is 4-5: CSAT 100%, got ${csat}`);
  const frt = await tid("kpi-frt-value").textContent();
  assert(frt && !frt.startsWith("–"), `the first response time tile shows the seeded median, got ${JSON.stringify(frt)}`);

  step("the daily chart draws, and its table lists the seeded days");
  await expectVisible(page.locator('[data-testid="analytics-series"] canvas'));
  await page.locator('[data-testid="analytics-series"] button', { hasText: "Table" }).click();
  const rows = page.locator('[data-testid="analytics-series"] tbody tr');
  const n = await rows.count();
  assert(n >= 7, `the table lists every day of the range, got ${n}`);
  const total = await rows.evaluateAll((trs) => trs.reduce((a, tr) => a + Number(tr.children[1].textContent.replace(/\D/g, "")), 0));
  assert(total === figures.conversations, `the table's days add up to the tile (${total} vs ${figures.conversations})`);
  await screenshot(page, "analytics");

  step("the home page shows the last 7 days");
  await tid("nav-home").click();
  await expectVisible(tid("home-last-week"));
});
