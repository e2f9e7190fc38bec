import { createRouter } from "../lib/router";
import { checkHealth } from "../observability/health";

export const health = createRouter().get("/", async (c) => {
  // No environment name or configuration here: it would tell a prober whether dev-only routes exist.
  const report = await checkHealth(c.env);
  return c.json(report, report.status === "ok" ? 200 : 503);
});
