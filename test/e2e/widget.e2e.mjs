#!/usr/bin/env node
// Browser test of the embeddable widget on the /demo host page:
// the launcher appears inside a shadow root, opening the chat shows the
// greeting, a visitor question gets a streamed bot answer, a reload keeps the
// history, Escape closes the panel, and the widget's styles do not leak into
// the host page. Then the same snippet on another site (a second origin added
// to the chatbot's allowed origins) talks to the API across origins.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/widget.e2e.mjs
// (the demo workspace must be seeded: POST /api/v1/dev/seed)
import { createServer } from "node:http";
import { BASE_URL, assert, launchBrowser, screenshot } from "./lib.mjs";

const QUESTION = "How long does shipping take?";
const browser = await launchBrowser();

let step = "start";
const log = (s) => {
  step = s;
  console.log(`  · ${s}`);
};

/** Computed styles of host-page elements the widget must not affect. */
async function hostStyles(page) {
  return page.evaluate(() => {
    const pick = (sel) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      const cs = getComputedStyle(el);
      return ["font-family", "font-size", "color", "background-color", "margin", "padding", "line-height", "border-radius"].map((p) => `${p}:${cs.getPropertyValue(p)}`).join(";");
    };
    return {
      body: pick("body"),
      h1: pick("#hero-title"),
      button: pick("#shop-now"),
      text: pick("#help-text"),
      documentStyles: document.querySelectorAll("style,link[rel=stylesheet]").length,
      adopted: document.adoptedStyleSheets.length,
    };
  });
}

/** Serves a page on its own origin that embeds the demo chatbot, and allows that origin on the chatbot. */
async function thirdPartySite(browser) {
  const key = (await (await fetch(`${BASE_URL}/demo`)).text()).match(/data-chatbot-key="(pk_[^"]+)"/)?.[1];
  assert(key, "no chatbot key on /demo");
  const html = `<!doctype html><html><head><title>Elsewhere</title><style>button{background:#f00!important;font-size:40px}div{display:block}</style></head>
<body><h1>Another shop</h1><script async src="${BASE_URL}/widget/loader.js" data-chatbot-key="${key}"></script></body></html>`;
  const server = createServer((req, res) => {
    res.writeHead(req.url === "/" ? 200 : 404, { "content-type": "text/html" });
    res.end(req.url === "/" ? html : "");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const site = `http://127.0.0.1:${server.address().port}`;
  try {
    const login = await (
      await fetch(`${BASE_URL}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "demo@minichat.local", password: "Demo-Chat-2026!" }),
      })
    ).json();
    const auth = { authorization: `Bearer ${login.access_token}`, "content-type": "application/json" };
    const bots = await (await fetch(`${BASE_URL}/api/v1/chatbots`, { headers: auth })).json();
    const bot = bots.data.find((b) => b.public_key === key);
    const patched = await fetch(`${BASE_URL}/api/v1/chatbots/${bot.id}`, {
      method: "PATCH",
      headers: auth,
      body: JSON.stringify({ allowed_origins: [...bot.allowed_origins, site] }),
    });
    assert(patched.ok, `could not allow ${site}: ${patched.status}`);

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const p = await ctx.newPage();
    const errors = [];
    p.on("console", (m) => m.type() === "error" && !/favicon|404/.test(m.text()) && errors.push(m.text()));
    await p.goto(site);
    const button = p.locator("minichat-widget button[aria-expanded]");
    await button.click();
    const panel = p.locator("minichat-widget [role=dialog]");
    await panel.locator('.m[data-role="bot"] .bub', { hasText: "Demo Shop assistant" }).waitFor({ timeout: 15_000 });
    const bg = await button.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert(bg !== "rgb(255, 0, 0)", "the host site's !important button style reached the launcher");
    const bots0 = await panel.locator('.m[data-role="bot"][data-delivery="done"]').count();
    await panel.locator("textarea").fill("Do you ship to Chiang Mai?");
    await panel.locator("textarea").press("Enter");
    const deadline = Date.now() + 30_000;
    while ((await panel.locator('.m[data-role="bot"][data-delivery="done"]').count()) <= bots0 && Date.now() < deadline) await p.waitForTimeout(200);
    assert((await panel.locator('.m[data-role="bot"][data-delivery="done"]').count()) > bots0, "no bot answer on the third-party site");
    assert(errors.length === 0, `console errors on the third-party site: ${errors.join(" | ")}`);
    await ctx.close();
  } finally {
    server.close();
  }
}

const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
const consoleErrors = [];
page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
page.on("pageerror", (e) => consoleErrors.push(String(e)));

try {
  log("host page styles without the widget (loader blocked)");
  const bare = await context.newPage();
  await bare.route("**/widget/**", (r) => r.abort());
  await bare.goto(`${BASE_URL}/demo`);
  const before = await hostStyles(bare);
  await bare.close();
  assert(before.h1, "the /demo page has no hero title (is the demo workspace seeded?)");

  log("open /demo: the launcher appears inside a shadow root");
  const frames = [];
  page.on("websocket", (ws) => ws.on("framereceived", (f) => typeof f.payload === "string" && frames.push(f.payload)));
  await page.goto(`${BASE_URL}/demo`);
  const launcher = page.locator("minichat-widget button[aria-expanded]");
  await launcher.waitFor({ state: "visible", timeout: 15_000 });
  const shadow = await page.evaluate(() => {
    const host = document.querySelector("minichat-widget");
    return { hasShadow: !!host?.shadowRoot, lightChildren: host?.children.length ?? -1 };
  });
  assert(shadow.hasShadow, "the widget is not inside a shadow root");
  assert(shadow.lightChildren === 0, "the widget put elements into the host page's light DOM");

  log("open the chat: the greeting is shown first");
  await launcher.click();
  const panel = page.locator("minichat-widget [role=dialog]");
  await panel.waitFor({ state: "visible", timeout: 15_000 });
  assert((await launcher.getAttribute("aria-expanded")) === "true", "launcher aria-expanded is not true when open");
  const log1 = panel.locator("[role=log]");
  await log1.waitFor({ state: "attached", timeout: 15_000 });
  assert((await log1.getAttribute("aria-live")) === "polite", "message list is not aria-live=polite");
  const greeting = panel.locator('.m[data-role="bot"]').first();
  await greeting.waitFor({ timeout: 10_000 });
  assert(/Demo Shop assistant/.test(await greeting.innerText()), "the chatbot's greeting is not shown");

  log("the host page's styles are unchanged with the widget open");
  const after = await hostStyles(page);
  for (const k of ["body", "h1", "button", "text", "documentStyles", "adopted"]) {
    assert(JSON.stringify(before[k]) === JSON.stringify(after[k]), `host style changed for ${k}: ${before[k]} → ${after[k]}`);
  }
  const launcherBg = await launcher.evaluate((el) => getComputedStyle(el).backgroundColor);
  const hostButtonBg = await page.locator("#shop-now").evaluate((el) => getComputedStyle(el).backgroundColor);
  assert(launcherBg !== hostButtonBg, "the host page's button styles leaked into the widget");

  log("a visitor question appears at once and gets a streamed bot answer");
  const input = panel.locator("textarea[aria-label]");
  const botDone = panel.locator('.m[data-role="bot"][data-delivery="done"]');
  const botsBefore = await botDone.count();
  await input.fill(QUESTION);
  await input.press("Enter");
  const mine = panel.locator('.m[data-role="visitor"]', { hasText: QUESTION });
  await mine.waitFor({ timeout: 3_000 });
  await panel.locator('.m[data-role="visitor"][data-delivery="sent"], .m[data-role="visitor"][data-delivery="read"]').first().waitFor({ timeout: 15_000 });
  const deadline = Date.now() + 30_000;
  while ((await botDone.count()) <= botsBefore && Date.now() < deadline) await page.waitForTimeout(200);
  const answer = botDone.last();
  await answer.waitFor({ timeout: 1_000 });
  const answerText = (await answer.locator(".bub").innerText()).trim();
  assert(answerText.length > 0, "the bot answer is empty");
  const deltas = frames.filter((f) => f.includes('"message:delta"')).length;
  assert(deltas > 0, "no message:delta frames were received (answer not streamed)");
  console.log(`    bot answered with ${deltas} streamed deltas: ${JSON.stringify(answerText.slice(0, 80))}`);

  log("reload keeps the history");
  await page.reload();
  await launcher.waitFor({ state: "visible", timeout: 15_000 });
  await launcher.click();
  await panel.locator('.m[data-role="visitor"]', { hasText: QUESTION }).waitFor({ timeout: 15_000 });
  await panel.locator('.m[data-role="bot"]', { hasText: answerText.slice(0, 20) }).first().waitFor({ timeout: 15_000 });
  const visitorCopies = await panel.locator('.m[data-role="visitor"]', { hasText: QUESTION }).count();
  assert(visitorCopies === 1, `the question appears ${visitorCopies} times after reload`);

  log("Escape closes the panel and returns focus to the launcher");
  await panel.locator("textarea").focus();
  await page.keyboard.press("Escape");
  await panel.waitFor({ state: "hidden", timeout: 5_000 });
  const focused = await page.evaluate(() => document.querySelector("minichat-widget")?.shadowRoot?.activeElement?.getAttribute("aria-expanded"));
  assert(focused === "false", "focus did not return to the launcher");

  const relevantErrors = consoleErrors.filter((e) => !/favicon/i.test(e));
  assert(relevantErrors.length === 0, `console errors: ${relevantErrors.join(" | ")}`);

  log("the same snippet on another site works across origins");
  await thirdPartySite(browser);
  console.log("PASS widget.e2e");
} catch (err) {
  const shot = await screenshot(page, "widget-failure").catch(() => "(none)");
  console.error(`FAIL widget.e2e at "${step}": ${err.message}\n  screenshot: ${shot}`);
  if (consoleErrors.length) console.error(`  console: ${consoleErrors.join(" | ")}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
