/**
 * Heavy libraries the request path must not load. `scripts/build-lazy.mjs`
 * bundles each `worker/lazy/<name>.ts` into `worker/lazy-dist/<name>.mjs`;
 * wrangler uploads those as separate modules (`find_additional_modules`,
 * the ESModule rule in wrangler.toml), so these imports stay real runtime
 * imports instead of being inlined into the Worker's main module. Under
 * vitest the same paths resolve to the sources (vitest.config.ts alias).
 * Each module is fetched and evaluated once per isolate, on first use.
 */
export const loadIngestLibs = () => import("./lazy-dist/ingest-libs.mjs");
export const loadAiLibs = () => import("./lazy-dist/ai-libs.mjs");
export const loadClassifierWeights = () => import("./lazy-dist/classifier-weights.mjs");
export const loadPaymentLibs = () => import("./lazy-dist/payment-libs.mjs");
export const loadRelatedWords = () => import("./lazy-dist/related-words.mjs");
export const loadThaiEnglish = () => import("./lazy-dist/thai-english.mjs");
export const loadSlipLibs = () => import("./lazy-dist/slip-libs.mjs");
export const loadShopBot = () => import("./lazy-dist/shop-bot.mjs");
export const loadIntegrations = () => import("./lazy-dist/integrations.mjs");
export const loadAnalytics = () => import("./lazy-dist/analytics.mjs");
export const loadRoutingHub = () => import("./lazy-dist/routing-hub.mjs");
export const loadTeams = () => import("./lazy-dist/routing-teams.mjs");
export const loadMfaLibs = () => import("./lazy-dist/mfa-libs.mjs");
export const loadUaLibs = () => import("./lazy-dist/ua-libs.mjs");
export const loadCsvLibs = () => import("./lazy-dist/csv-libs.mjs");
export const loadFlows = () => import("./lazy-dist/flows.mjs");
export const loadFlowRuntime = () => import("./lazy-dist/flow-runtime.mjs");
export const loadLeads = () => import("./lazy-dist/leads.mjs");
export const loadProductImages = () => import("./lazy-dist/product-images.mjs");
export const loadPlanPayments = () => import("./lazy-dist/plan-payments.mjs");
export const loadPublicSuffixes = () => import("./lazy-dist/public-suffixes.mjs");
export const loadAutomation = () => import("./lazy-dist/automation.mjs");
export const loadNotify = () => import("./lazy-dist/notify.mjs");
