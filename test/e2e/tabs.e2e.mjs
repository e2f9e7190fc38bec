#!/usr/bin/env node
// Several dashboard tabs of one browser: they restore the session from the one
// refresh cookie at the same moment (each tab's boot refreshes), again on a
// simultaneous reload, and every tab stays signed in; no refresh is refused.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/tabs.e2e.mjs (demo workspace seeded)
import { BASE_URL, assert, newContext, run, signInAsDemoOwner } from "./lib.mjs";


await run("tabs", async ({ browser, step, watch }) => {
  const ctx = await newContext(browser);
  watch(ctx);
  const refreshes = [];
  ctx.on("response", (res) => {
    if (res.url().endsWith("/api/v1/auth/refresh")) refreshes.push(res.status());
  });

  step("the demo owner signs in in one tab");
  const first = await ctx.newPage();
  await signInAsDemoOwner(first);
  await first.waitForLoadState("networkidle").catch(() => {});
  refreshes.length = 0; // the sign-in page's own boot check ran before there was a session

  step("three more tabs open at once and all restore the session");
  const tabs = [first, await ctx.newPage(), await ctx.newPage(), await ctx.newPage()];
  await Promise.all(tabs.slice(1).map((p) => p.goto(`${BASE_URL}/inbox`)));
  const signedIn = async (p) => {
    await p.waitForLoadState("networkidle").catch(() => {});
    return !new URL(p.url()).pathname.startsWith("/login");
  };
  for (const [i, p] of tabs.entries()) assert(await signedIn(p), `tab ${i + 1} was sent to the sign-in page`);

  step("all four tabs reload at the same moment and stay signed in");
  await Promise.all(tabs.map((p) => p.reload()));
  for (const [i, p] of tabs.entries()) assert(await signedIn(p), `tab ${i + 1} was signed out by the simultaneous reload`);
  assert(refreshes.length >= 6, `expected the tabs to refresh, saw ${refreshes.length} refreshes`);
  assert(refreshes.every((s) => s === 200), `a refresh was refused: ${refreshes.join(", ")}`);

  step("a new tab afterwards is still signed in (the session was not revoked)");
  const late = await ctx.newPage();
  await late.goto(`${BASE_URL}/inbox`);
  assert(await signedIn(late), "the session family was revoked");
});
