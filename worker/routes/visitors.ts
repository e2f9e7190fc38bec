import { z } from "zod";
import { recordAudit } from "../audit/record";
import { requireAuth, requirePermission } from "../auth/middleware";
import { setVisitorBan } from "../conversations/visitors";
import { validate } from "../inbox/validate";
import { createRouter } from "../lib/router";

/** Blocking visitors: a banned visitor's sockets close (4003) and new sessions are refused. */
export const visitors = createRouter();

const BanBody = z.object({ reason: z.string().trim().min(1).max(500) });

visitors.post("/:id/ban", requireAuth, requirePermission("conversations:respond"), async (c) => {
  const input = validate(BanBody, await c.req.json().catch(() => null));
  const result = await setVisitorBan({ env: c.env, auth: c.get("auth") }, c.req.param("id"), true, input.reason);
  await recordAudit(c, c.get("auth"), { action: "visitor.banned", resource_type: "visitor", resource_id: result.visitor_id, changes: { after: { banned: true, reason: input.reason } } });
  return c.json(result);
});

visitors.post("/:id/unban", requireAuth, requirePermission("conversations:respond"), async (c) => {
  const result = await setVisitorBan({ env: c.env, auth: c.get("auth") }, c.req.param("id"), false, null);
  await recordAudit(c, c.get("auth"), { action: "visitor.unbanned", resource_type: "visitor", resource_id: result.visitor_id, changes: { after: { banned: false } } });
  return c.json(result);
});
