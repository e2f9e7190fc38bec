// Shared helpers for the browser tests (plain node ESM + playwright-core).
// Each *.e2e.mjs file is a standalone script: `BASE_URL=… node test/e2e/x.e2e.mjs`.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

export const BASE_URL = (process.env.BASE_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const RESULTS_DIR = path.resolve(import.meta.dirname, "../../test-results");
export const DEFAULT_TIMEOUT = Number(process.env.E2E_TIMEOUT ?? 30_000);

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-gpu",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launchBrowser(options = {}) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, ...options });
}

/** A fresh browser context (own cookies/storage) with clipboard access to BASE_URL. */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, baseURL: BASE_URL, ...options });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE_URL });
  context.setDefaultTimeout(DEFAULT_TIMEOUT);
  context.setDefaultNavigationTimeout(Math.max(DEFAULT_TIMEOUT, 30_000));
  await context.route(isStaticFile, askAgainWhenUnanswered);
  return context;
}

/**
 * Files the dev server's asset layer serves without running the Worker
 * (wrangler.toml's `run_worker_first` lists what goes to the Worker first).
 */
const WORKER_FIRST = /^\/(api|docs|demo|w)(\/|$)/;
const isStaticFile = (url) => url.origin === BASE_URL && !WORKER_FIRST.test(url.pathname);
const STATIC_ANSWER_MS = 10_000;

/**
 * `wrangler dev` (the version that runs on Node 20) sometimes never answers a
 * request: its proxy hands the request to a pooled connection that the
 * runtime is closing at that moment (both sides close idle keep-alive
 * connections after 5 s; the fix landed in wrangler releases that need Node 22).
 * In the browser tests this showed as a stylesheet or a page chunk pending for
 * minutes. A static file's GET that gets no answer in 10 s is asked again (at
 * most twice more), and said so. It runs none of the app's code, so this hides
 * nothing of the app; API calls, pages and the Worker's own routes are never retried.
 */
async function askAgainWhenUnanswered(route) {
  const request = route.request();
  // a page itself must come from the server: a fulfilled document counts as public, and Chromium then blocks its sockets to 127.0.0.1
  if (request.method() !== "GET" || request.isNavigationRequest()) return route.continue();
  for (let attempt = 1; ; attempt++) {
    try {
      return await route.fulfill({ response: await route.fetch({ headers: await request.allHeaders(), timeout: STATIC_ANSWER_MS, maxRedirects: 0 }) });
    } catch (err) {
      if (attempt >= 3 || !/timeout/i.test(String(err?.message))) return route.abort().catch(() => {});
      console.log(`    ! the dev server did not answer GET ${new URL(request.url()).pathname} in ${STATIC_ANSWER_MS / 1000} s; asking again (${attempt + 1} of 3)`);
    }
  }
}

/** A unique suffix for emails and names so runs never collide. */
/** The demo workspace's owner, as the seed creates it. */
export const DEMO_OWNER = { email: "demo@minichat.local", password: "Demo-Chat-2026!" };

/** Signs the demo owner in through the login form and waits until the dashboard is past it. */
export async function signInAsDemoOwner(page) {
  await page.goto(`${BASE_URL}/login`, { timeout: 60_000 });
  await page.getByTestId("input-email").fill(DEMO_OWNER.email);
  await page.getByTestId("input-password").fill(DEMO_OWNER.password);
  await page.getByTestId("login-submit").click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 15_000 });
}

/** A visitor on the demo shop, in a browser context of their own, with the chat open: the page, the chat panel and its message box. */
export async function openDemoChat(browser, watch) {
  const context = await newContext(browser);
  watch?.(context);
  const page = await context.newPage();
  const panel = page.locator("minichat-widget [role=dialog]");
  await page.goto(`${BASE_URL}/demo`);
  await page.locator("minichat-widget button[aria-expanded]").click();
  await expectVisible(panel);
  return { context, page, panel, input: panel.locator("textarea[aria-label]") };
}

export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A JSON call to the API as a signed-in member (status and parsed body; never throws on 4xx). */
export async function apiAs(token, path, init = {}) {
  const res = await fetch(`${BASE_URL}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** Polls `fn` until it returns something truthy (that value), or fails naming `what`. */
export async function until(fn, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = "AssertionError";
  }
}

export function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}

async function poll(fn, { timeout = DEFAULT_TIMEOUT, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn().catch((err) => ({ ok: false, detail: err.message }));
    if (last.ok) return last;
    if (Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, interval));
  }
}

const describe = (locator) => locator.toString().replace(/^Locator@/, "");

/** Waits until the locator is visible. */
export async function expectVisible(locator, { timeout = DEFAULT_TIMEOUT } = {}) {
  try {
    await locator.first().waitFor({ state: "visible", timeout });
  } catch {
    throw new AssertionError(`expected ${describe(locator)} to be visible within ${timeout} ms`);
  }
}

/** Waits until no element matches the locator (or none is visible). */
export async function expectHidden(locator, { timeout = DEFAULT_TIMEOUT } = {}) {
  const r = await poll(async () => ({ ok: (await locator.count()) === 0 || !(await locator.first().isVisible()) }), { timeout });
  if (!r.ok) throw new AssertionError(`expected ${describe(locator)} to be absent`);
}

/** Waits until the locator's text contains `expected` (string or RegExp). */
export async function expectText(locator, expected, { timeout = DEFAULT_TIMEOUT } = {}) {
  const r = await poll(
    async () => {
      const text = (await locator.first().textContent({ timeout: 500 })) ?? "";
      const ok = expected instanceof RegExp ? expected.test(text) : text.includes(expected);
      return { ok, detail: text };
    },
    { timeout },
  );
  if (!r.ok) throw new AssertionError(`expected ${describe(locator)} to contain ${expected}, got ${JSON.stringify(r.detail)}`);
}

/** Waits until the locator matches exactly `n` elements (or at least n with { atLeast: true }). */
export async function expectCount(locator, n, { timeout = DEFAULT_TIMEOUT, atLeast = false } = {}) {
  const r = await poll(async () => {
    const c = await locator.count();
    return { ok: atLeast ? c >= n : c === n, detail: c };
  }, { timeout });
  if (!r.ok) throw new AssertionError(`expected ${atLeast ? "at least " : ""}${n} of ${describe(locator)}, found ${r.detail}`);
}

/** Waits until the page URL path matches. */
export async function expectPath(page, expected, { timeout = DEFAULT_TIMEOUT } = {}) {
  const r = await poll(async () => {
    const p = new URL(page.url()).pathname;
    return { ok: expected instanceof RegExp ? expected.test(p) : p === expected, detail: p };
  }, { timeout });
  if (!r.ok) throw new AssertionError(`expected the path ${expected}, got ${r.detail}`);
}

/** Waits for a computed style property of the first match to equal `value`. */
export async function expectStyle(locator, property, value, { timeout = DEFAULT_TIMEOUT } = {}) {
  const r = await poll(async () => {
    const actual = await locator.first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
    return { ok: actual === value, detail: actual };
  }, { timeout });
  if (!r.ok) throw new AssertionError(`expected ${property} of ${describe(locator)} to be ${value}, got ${r.detail}`);
}

export async function screenshot(page, name) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Runs one browser test: `run(name, async ({ browser, step }) => { … })`.
 * Logs each step; on failure saves a screenshot of every open page into
 * test-results/ and exits 1. Console errors of the pages are printed.
 */
export async function run(name, body) {
  const browser = await launchBrowser();
  const started = Date.now();
  let current = "start";
  const consoleErrors = [];
  // requests still without an answer, to tell a slow server from a slow page when a step times out
  const pending = new Map();
  const watch = (context) => {
    context.on("page", (page) => {
      page.on("pageerror", (e) => consoleErrors.push(`[pageerror] ${e.message}`));
      page.on("console", (m) => m.type() === "error" && consoleErrors.push(`[console] ${m.text()}`));
    });
    context.on("request", (r) => pending.set(r, Date.now()));
    context.on("requestfinished", (r) => pending.delete(r));
    context.on("requestfailed", (r) => pending.delete(r));
  };
  const step = (title) => {
    current = title;
    console.log(`  · ${title}`);
  };
  let failed = false;
  try {
    await body({ browser, step, watch });
    console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    failed = true;
    console.error(`  ✗ ${name}: failed at "${current}"\n    ${err?.stack ?? err}`);
    let i = 0;
    for (const context of browser.contexts()) {
      for (const page of context.pages()) {
        try {
          const file = await screenshot(page, `${name}-failure-${++i}`);
          console.error(`    screenshot: ${path.relative(process.cwd(), file)} (${page.url()})`);
        } catch {
          /* page already closed */
        }
      }
    }
    if (consoleErrors.length) console.error(`    browser console:\n      ${consoleErrors.slice(-10).join("\n      ")}`);
    const waiting = [...pending].map(([r, since]) => `${r.method()} ${r.url()} (${((Date.now() - since) / 1000).toFixed(1)} s without an answer)`);
    if (waiting.length) console.error(`    requests still waiting:\n      ${waiting.slice(-10).join("\n      ")}`);
  } finally {
    await browser.close().catch(() => {});
  }
  process.exit(failed ? 1 : 0);
}
