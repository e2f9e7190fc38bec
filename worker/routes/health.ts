import { createRouter } from "../lib/router";

export const health = createRouter().get("/", async (c) => {
  const row = await c.env.DB.prepare("select 1 as ok").first<{ ok: number }>();
  // No environment name here: it would tell a prober whether dev-only routes exist.
  return c.json({ status: "ok", db: row?.ok === 1 });
});
