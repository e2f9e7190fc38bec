import { z } from "zod";
import { requireAuth, requirePermission } from "../auth/middleware";
import { setVisitorBan } from "../conversations/visitors";
import { validate } from "../inbox/validate";
import { createRouter } from "../lib/router";

/** Blocking visitors: a banned visitor's sockets close (4003) and new sessions are refused. */
export const visitors = createRouter();

const BanBody = z.object({ reason: z.string().trim().min(1).max(500) });

visitors.post("/:id/ban", requireAuth, requirePermission("conversations:respond"), async (c) => {
  const input = validate(BanBody, await c.req.json().catch(() => null));
  return c.json(await setVisitorBan({ env: c.env, auth: c.get("auth") }, c.req.param("id"), true, input.reason));
});

visitors.post("/:id/unban", requireAuth, requirePermission("conversations:respond"), async (c) => {
  return c.json(await setVisitorBan({ env: c.env, auth: c.get("auth") }, c.req.param("id"), false, null));
});
