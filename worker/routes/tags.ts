import { z } from "zod";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createRouter } from "../lib/router";
import { tagCounts } from "../inbox/tags";
import { queryObject, validate } from "../inbox/validate";

/** Tags in use across the workspace's conversations, with counts (for autocomplete). */
export const tags = createRouter();
tags.use("*", requireAuth);

tags.get("/", requirePermission("conversations:read"), async (c) => {
  const q = validate(z.object({ prefix: z.string().max(32).optional() }), queryObject(c.req.url));
  return c.json({ data: await tagCounts({ env: c.env, auth: c.get("auth") }, q.prefix) });
});
