import { createRoute, z } from "@hono/zod-openapi";
import { recordAudit } from "../audit/record";
import { requireAuth, requirePermission } from "../auth/middleware";
import { setVisitorBan } from "../conversations/visitors";
import { DEFAULT_IP_BAN_HOURS, MAX_IP_BAN_HOURS, banVisitorNetwork, deleteNetworkBan, liftVisitorNetworkBans, listNetworkBans } from "../conversations/ip-bans";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { eraseVisitorForWorkspace, exportVisitorForWorkspace } from "../privacy/visitors";
import { AUTHENTICATED, errorResponses } from "./docs";
import { ErasureResult, IdParams, IpBan, VisitorExport, json, jsonBody } from "./inbox-schemas";

/**
 * Blocking visitors: a banned visitor's sockets close (4003) and every visitor
 * route refuses them; `ban_ip` also bans the network they came from (hashed,
 * until `ip_ban_hours`), so they cannot come back as a new visitor. And their
 * data rights: export and erasure.
 */
export const visitors = createRouter();

const BanBody = z
  .object({
    reason: z.string().trim().min(1).max(500),
    ban_ip: z.boolean().optional(),
    ip_ban_hours: z.number().int().min(1).max(MAX_IP_BAN_HOURS).optional(),
  })
  .openapi("BanVisitorInput");
const BanState = { visitor_id: z.string(), banned: z.boolean(), ban_reason: z.string().nullable(), conversations_affected: z.number().int() };
const BanParams = z.object({ ban_id: z.string().min(1).max(80).openapi({ param: { name: "ban_id", in: "path" } }) });

const base = { tags: ["Conversations"], security: AUTHENTICATED };
const respond = [requireAuth, requirePermission("conversations:respond")];

// Declared before "/{id}/…" so "ip-bans" is never taken for a visitor id.
visitors
  .openapi(
    createRoute({ ...base, method: "get", path: "/ip-bans", summary: "Banned networks (hashed addresses) still in force", middleware: respond, responses: { 200: json(z.object({ data: z.array(IpBan) }), "Network bans"), ...errorResponses(401, 403) } }),
    async (c) => c.json({ data: await listNetworkBans({ ctx: serviceCtx(c), input: undefined }) }, 200),
  )
  .openapi(
    createRoute({ ...base, method: "delete", path: "/ip-bans/{ban_id}", summary: "Lift a network ban", middleware: respond, request: { params: BanParams }, responses: { 204: { description: "Lifted" }, ...errorResponses(401, 403, 404) } }),
    async (c) => {
      await deleteNetworkBan({ ctx: serviceCtx(c), input: { id: c.req.valid("param").ban_id } });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/ban", summary: "Ban a visitor", description: "Their sockets close (4003) and every visitor route refuses them; `ban_ip` also bans their network for `ip_ban_hours`.",
      middleware: respond, request: { params: IdParams, ...jsonBody(BanBody) },
      responses: { 200: json(z.object({ ...BanState, ip_ban: IpBan.nullable() }), "The visitor's ban"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const ctx = serviceCtx(c);
      const id = c.req.valid("param").id;
      const ipBan = input.ban_ip ? await banVisitorNetwork({ ctx, input: { visitorId: id, reason: input.reason, hours: input.ip_ban_hours ?? DEFAULT_IP_BAN_HOURS } }) : null;
      const result = await setVisitorBan({ ctx, input: { visitorId: id, banned: true, reason: input.reason } });
      await recordAudit(ctx, ctx.auth, {
        action: "visitor.banned",
        resource_type: "visitor",
        resource_id: result.visitor_id,
        changes: { after: { banned: true, reason: input.reason, ip_ban: ipBan ? { expires_at: ipBan.expires_at } : null } },
      });
      return c.json({ ...result, ip_ban: ipBan }, 200);
    },
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/unban", summary: "Lift a visitor's ban (and their network bans)", middleware: respond, request: { params: IdParams },
      responses: { 200: json(z.object({ ...BanState, ip_bans_lifted: z.number().int() }), "The visitor's ban"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const ctx = serviceCtx(c);
      const id = c.req.valid("param").id;
      const result = await setVisitorBan({ ctx, input: { visitorId: id, banned: false, reason: null } });
      const lifted = await liftVisitorNetworkBans({ ctx, input: { visitorId: id } });
      await recordAudit(ctx, ctx.auth, { action: "visitor.unbanned", resource_type: "visitor", resource_id: result.visitor_id, changes: { after: { banned: false, ip_bans_lifted: lifted } } });
      return c.json({ ...result, ip_bans_lifted: lifted }, 200);
    },
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}/export", summary: "Export everything held about a visitor (one JSON file)",
      description: "Profile, conversations, messages, attachments as signed links. Audited.",
      middleware: [requireAuth, requirePermission("data:export")], request: { params: IdParams },
      responses: { 200: json(VisitorExport, "The visitor's data (Content-Disposition: attachment)"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const doc = await exportVisitorForWorkspace({ ctx: serviceCtx(c), input: { visitorId: id, baseUrl: new URL(c.req.url).origin } });
      c.header("content-disposition", `attachment; filename="visitor-${id.replace(/[^A-Za-z0-9_-]/g, "")}.json"`);
      return c.json(doc, 200);
    },
  )
  .openapi(
    createRoute({
      ...base, method: "delete", path: "/{id}", summary: "Erase a visitor's data",
      description: "Their messages become tombstones everywhere (live log, D1, search); files, notes and profile are deleted; conversations stay as tombstone rows. Audited.",
      middleware: [requireAuth, requirePermission("data:erase")], request: { params: IdParams },
      responses: { 200: json(ErasureResult, "What was erased"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await eraseVisitorForWorkspace({ ctx: serviceCtx(c), input: { visitorId: c.req.valid("param").id } }), 200),
  );
