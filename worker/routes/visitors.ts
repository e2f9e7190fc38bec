import { z } from "zod";
import { recordAudit } from "../audit/record";
import { requireAuth, requirePermission } from "../auth/middleware";
import { setVisitorBan } from "../conversations/visitors";
import { DEFAULT_IP_BAN_HOURS, MAX_IP_BAN_HOURS, banVisitorNetwork, deleteNetworkBan, liftVisitorNetworkBans, listNetworkBans } from "../conversations/ip-bans";
import { validate } from "../inbox/validate";
import { createRouter } from "../lib/router";

/**
 * Blocking visitors: a banned visitor's sockets close (4003) and every visitor
 * route refuses them; `ban_ip` also bans the network they came from (hashed,
 * until `ip_ban_hours`), so they cannot come back as a new visitor.
 */
export const visitors = createRouter();

const BanBody = z.object({
  reason: z.string().trim().min(1).max(500),
  ban_ip: z.boolean().optional(),
  ip_ban_hours: z.number().int().min(1).max(MAX_IP_BAN_HOURS).optional(),
});

// Declared before "/:id/…" so "ip-bans" is never taken for a visitor id.
visitors.get("/ip-bans", requireAuth, requirePermission("conversations:respond"), async (c) => {
  return c.json({ data: await listNetworkBans({ env: c.env, auth: c.get("auth") }) });
});

visitors.delete("/ip-bans/:ban_id", requireAuth, requirePermission("conversations:respond"), async (c) => {
  await deleteNetworkBan({ env: c.env, auth: c.get("auth") }, c.req.param("ban_id"));
  return c.body(null, 204);
});

visitors.post("/:id/ban", requireAuth, requirePermission("conversations:respond"), async (c) => {
  const input = validate(BanBody, await c.req.json().catch(() => null));
  const ctx = { env: c.env, auth: c.get("auth") };
  const ipBan = input.ban_ip ? await banVisitorNetwork(ctx, c.req.param("id"), input.reason, input.ip_ban_hours ?? DEFAULT_IP_BAN_HOURS) : null;
  const result = await setVisitorBan(ctx, c.req.param("id"), true, input.reason);
  await recordAudit(c, c.get("auth"), {
    action: "visitor.banned",
    resource_type: "visitor",
    resource_id: result.visitor_id,
    changes: { after: { banned: true, reason: input.reason, ip_ban: ipBan ? { expires_at: ipBan.expires_at } : null } },
  });
  return c.json({ ...result, ip_ban: ipBan });
});

visitors.post("/:id/unban", requireAuth, requirePermission("conversations:respond"), async (c) => {
  const ctx = { env: c.env, auth: c.get("auth") };
  const result = await setVisitorBan(ctx, c.req.param("id"), false, null);
  const lifted = await liftVisitorNetworkBans(ctx, c.req.param("id"));
  await recordAudit(c, c.get("auth"), { action: "visitor.unbanned", resource_type: "visitor", resource_id: result.visitor_id, changes: { after: { banned: false, ip_bans_lifted: lifted } } });
  return c.json({ ...result, ip_bans_lifted: lifted });
});
