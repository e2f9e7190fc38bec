import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { workspaceTimeZone } from "../analytics/time-zone";
import { requireAuth, requirePermission } from "../auth/middleware";
import { requireChatbot } from "../knowledge/sources/chatbot";
import { loadAnalytics } from "../lazy";
import type { AppEnv } from "../lib/context";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const DEFINITIONS =
  "Figures of the range for the filters given; every measure is defined in the README (Analytics) and worker/analytics/metrics.ts: bot resolution confirmed vs assumed (24 h rule, greeting-only excluded, deducted when the visitor returns), FRT/reply/resolution/handle time median and p90, CSAT = share of 4-5 ratings, deflection = bot-only conversations / conversations, online time = overlap of each agent's online intervals with the range, abandoned checkouts = orders whose payment window passed unpaid.";

const Filters = z.object({
  from: z.string().max(40).optional().openapi({ description: "ISO date or date-time (inclusive); default: 7 days before `to`", example: "2026-11-01" }),
  to: z.string().max(40).optional().openapi({ description: "ISO date (inclusive day) or date-time (exclusive); default: now", example: "2026-11-30" }),
  chatbot_id: z.string().max(64).optional(),
  agent_id: z.string().max(64).optional(),
  channel: z.string().max(32).optional(),
  business_hours: z.enum(["true", "false", "1", "0"]).optional().openapi({ description: "durations inside business hours only" }),
});
const SeriesQuery = Filters.extend({ interval: z.enum(["hour", "day", "week"]).default("day") });

const Duration = z.object({ median_s: z.number().nullable(), p90_s: z.number().nullable() }).passthrough();
const Overview = z
  .object({
    conversations: z.number().int(),
    resolved: z.number().int(),
    bot_resolution: z.object({ confirmed: z.number().int(), assumed: z.number().int(), pending: z.number().int(), bot_handled: z.number().int() }),
    handoffs: z.number().int(),
    handoff_rate: z.number().nullable(),
    first_response_time: Duration,
    reply_time: Duration,
    resolution_time: Duration,
    handle_time: Duration.openapi({ description: "agent assignment to resolution" }),
    unique_visitors: z.number().int(),
    csat: z.number().nullable().openapi({ description: "share of ratings 4-5, 0-1; null without ratings" }),
    ratings: z.number().int().openapi({ description: "how many conversations were rated" }),
    messages: z.number().int(),
    abandoned: z.number().int(),
    sales: z
      .object({
        orders: z.number().int(),
        paid_orders: z.number().int(),
        refunded_orders: z.number().int(),
        revenue_minor: z.number().openapi({ description: "paid − refunded, in the shop currency's minor units" }),
        refunded_minor: z.number(),
        average_order_value_minor: z.number().nullable(),
        conversion_rate: z.number().nullable().openapi({ description: "paid orders per conversation of the range" }),
        revenue_by: z.object({ bot: z.number(), agent: z.number() }).openapi({ description: "bot: conversations no person took part in; agent: the others" }),
        abandoned_checkouts: z.number().int().openapi({ description: "orders whose payment window passed unpaid" }),
        abandoned_minor: z.number(),
        lead_stage_changes: z.record(z.string(), z.number().int()).openapi({ description: "leads entering each stage in the range" }),
      })
      .openapi({ description: "order placed / paid / refunded events from the order status moves" }),
    range: z.record(z.string(), z.unknown()),
    previous: z.record(z.string(), z.unknown()).openapi({ description: "the same figures for the period of equal length just before" }),
  })
  .openapi("AnalyticsOverview");
const Report = (name: string) => z.record(z.string(), z.unknown()).openapi(name);

type Ctx = Context<AppEnv>;
async function filterOf(c: Ctx, q: z.infer<typeof Filters>, chatbotId?: string) {
  const auth = c.get("auth");
  if (q.chatbot_id || chatbotId) await requireChatbot(c.env, auth.workspaceId, chatbotId ?? q.chatbot_id!);
  const lib = await loadAnalytics();
  const f = lib.parseFilter(auth.workspaceId, { ...q, ...(chatbotId ? { chatbot_id: chatbotId } : {}) }, await workspaceTimeZone(c.env.DB, auth.workspaceId));
  return { lib, f };
}

const route = (path: string, summary: string, schema: z.ZodTypeAny, query: typeof Filters | typeof SeriesQuery = Filters) =>
  createRoute({
    method: "get",
    path,
    tags: ["Analytics"],
    security: AUTHENTICATED,
    summary,
    description: DEFINITIONS,
    middleware: [requireAuth, requirePermission("analytics:read")] as const,
    request: { query },
    responses: { 200: { description: summary, content: { "application/json": { schema } } }, ...errorResponses(400, 401, 403, 404) },
  });

/** `/api/v1/analytics/*`: the workspace's reports (permission analytics:read). */
export const analyticsRoutes = createRouter()
  .openapi(route("/overview", "Headline figures of the range, with the previous period", Overview), async (c) => {
    const { lib, f } = await filterOf(c, c.req.valid("query"));
    return c.json(await lib.overview(c.env.DB, f), 200);
  })
  .openapi(route("/conversations", "Conversations and messages over time (interval hour|day|week)", Report("AnalyticsSeries"), SeriesQuery), async (c) => {
    const q = c.req.valid("query") as z.infer<typeof SeriesQuery>;
    const { lib, f } = await filterOf(c, q);
    return c.json(await lib.conversationsSeries(c.env.DB, f, q.interval), 200);
  })
  .openapi(route("/agents", "Per agent: conversations, replies, response and handle times, resolutions, CSAT", Report("AnalyticsAgents")), async (c) => {
    const { lib, f } = await filterOf(c, c.req.valid("query"));
    return c.json(await lib.agentsReport(c.env.DB, f), 200);
  })
  .openapi(route("/bot", "The bot: resolution confirmed vs assumed, hand-offs by reason, feedback, unanswered questions", Report("AnalyticsBot")), async (c) => {
    const { lib, f } = await filterOf(c, c.req.valid("query"));
    return c.json(await lib.botReport(c.env.DB, f), 200);
  })
  .openapi(route("/satisfaction", "CSAT, the rating distribution and recent comments", Report("AnalyticsSatisfaction")), async (c) => {
    const { lib, f } = await filterOf(c, c.req.valid("query"));
    return c.json(await lib.satisfactionReport(c.env.DB, f), 200);
  })
  .openapi(route("/heatmap", "Conversations started per weekday × hour of day (workspace time zone)", Report("AnalyticsHeatmap")), async (c) => {
    const { lib, f } = await filterOf(c, c.req.valid("query"));
    return c.json(await lib.heatmapReport(c.env.DB, f), 200);
  })
  .openapi(
    createRoute({
      method: "post",
      path: "/rebuild",
      tags: ["Analytics"],
      security: AUTHENTICATED,
      summary: "Recompute the workspace's hourly rollups from its events",
      description: "Owners and admins (settings:manage). Gives the same figures as the incremental rollups; also `npm run analytics:rebuild` for every workspace.",
      middleware: [requireAuth, requirePermission("settings:manage")] as const,
      responses: { 200: { description: "Rows rebuilt", content: { "application/json": { schema: z.object({ rows: z.number().int() }) } } }, ...errorResponses(401, 403) },
    }),
    async (c) => {
      const lib = await loadAnalytics();
      return c.json(await lib.rebuildWorkspace(c.env.DB, c.get("auth").workspaceId), 200);
    },
  );

/** `GET /api/v1/chatbots/{id}/analytics`: one chatbot's overview and bot report. */
export const chatbotAnalyticsRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/{id}/analytics",
    tags: ["Analytics"],
    security: AUTHENTICATED,
    summary: "One chatbot's analytics (overview and bot report)",
    description: DEFINITIONS,
    middleware: [requireAuth, requirePermission("analytics:read")] as const,
    request: { params: z.object({ id: z.string().min(1).max(64) }), query: Filters },
    responses: { 200: { description: "The chatbot's figures", content: { "application/json": { schema: Report("ChatbotAnalytics") } } }, ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const { lib, f } = await filterOf(c, c.req.valid("query"), c.req.valid("param").id);
    const [ov, bot] = await Promise.all([lib.overview(c.env.DB, f), lib.botReport(c.env.DB, f)]);
    return c.json({ chatbot_id: f.chatbotId, overview: ov, bot }, 200);
  },
);
