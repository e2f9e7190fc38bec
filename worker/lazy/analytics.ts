/**
 * Analytics reports, the rollup job and its rebuild: loaded on first use by
 * the analytics routes and the cron (see worker/lazy.ts), off the request path.
 */
export { agentsReport, botReport, conversationsSeries, heatmapReport, overview, satisfactionReport } from "../analytics/reports";
export { rebuildWorkspace, rollupPending } from "../analytics/rollup";
export { parseFilter } from "../analytics/filters";
export { analyticsBatchStatements, analyticsStatements } from "../analytics/sink";
export { seedAnalyticsHistory } from "../analytics/demo-history";
export { createExport, downloadExport, failExport, getExport, listExports, runExportStep } from "../analytics/exports/jobs";
