/**
 * Heavy libraries the request path must not load. `scripts/build-lazy.mjs`
 * bundles each `worker/lazy/<name>.ts` into `worker/lazy-dist/<name>.mjs`;
 * wrangler uploads those as separate modules (`find_additional_modules`,
 * the ESModule rule in wrangler.toml), so these imports stay real runtime
 * imports instead of being inlined into the Worker's main module. Under
 * vitest the same paths resolve to the sources (vitest.config.ts alias).
 * Each module is fetched and evaluated once per isolate, on first use, and
 * its loader keeps the module's promise: later calls (every flush, every bot
 * turn) do not go through the module registry again. A failed load is
 * forgotten, so the next call tries again.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | null = null;
  return () =>
    (loaded ??= load().catch((err: unknown) => {
      loaded = null;
      throw err;
    }));
}

export const loadIngestLibs = once(() => import("./lazy-dist/ingest-libs.mjs"));
export const loadAiLibs = once(() => import("./lazy-dist/ai-libs.mjs"));
export const loadClassifierWeights = once(() => import("./lazy-dist/classifier-weights.mjs"));
export const loadPaymentLibs = once(() => import("./lazy-dist/payment-libs.mjs"));
export const loadRelatedWords = once(() => import("./lazy-dist/related-words.mjs"));
export const loadThaiEnglish = once(() => import("./lazy-dist/thai-english.mjs"));
export const loadSlipLibs = once(() => import("./lazy-dist/slip-libs.mjs"));
export const loadShopBot = once(() => import("./lazy-dist/shop-bot.mjs"));
export const loadIntegrations = once(() => import("./lazy-dist/integrations.mjs"));
export const loadAnalytics = once(() => import("./lazy-dist/analytics.mjs"));
export const loadRoutingHub = once(() => import("./lazy-dist/routing-hub.mjs"));
export const loadTeams = once(() => import("./lazy-dist/routing-teams.mjs"));
export const loadMfaLibs = once(() => import("./lazy-dist/mfa-libs.mjs"));
export const loadUaLibs = once(() => import("./lazy-dist/ua-libs.mjs"));
export const loadCsvLibs = once(() => import("./lazy-dist/csv-libs.mjs"));
export const loadFlows = once(() => import("./lazy-dist/flows.mjs"));
export const loadFlowRuntime = once(() => import("./lazy-dist/flow-runtime.mjs"));
export const loadLeads = once(() => import("./lazy-dist/leads.mjs"));
export const loadProductImages = once(() => import("./lazy-dist/product-images.mjs"));
export const loadPlanPayments = once(() => import("./lazy-dist/plan-payments.mjs"));
export const loadPublicSuffixes = once(() => import("./lazy-dist/public-suffixes.mjs"));
export const loadAutomation = once(() => import("./lazy-dist/automation.mjs"));
export const loadNotify = once(() => import("./lazy-dist/notify.mjs"));
