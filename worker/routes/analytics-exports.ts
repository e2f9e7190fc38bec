import { createRoute, z } from "@hono/zod-openapi";
import { workspaceTimeZone } from "../analytics/time-zone";
import { requireAuth, requirePermission } from "../auth/middleware";
import { requireChatbot } from "../knowledge/sources/chatbot";
import { loadAnalytics } from "../lazy";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const ExportBody = z
  .object({
    kind: z.enum(["conversations", "events", "metrics", "messages", "ratings", "agents"]).openapi({
      description: "conversations: one row per conversation (facts); events: every reporting event; metrics: one row per day; messages: every message sent in the range; ratings: every rating with its comment; agents: one row per agent (the agents report)",
    }),
    format: z.literal("csv").default("csv"),
    from: z.string().max(40).optional().openapi({ description: "ISO date or date-time; default: 7 days before `to`" }),
    to: z.string().max(40).optional(),
    chatbot_id: z.string().max(64).optional(),
    agent_id: z.string().max(64).optional(),
    channel: z.string().max(32).optional(),
  })
  .openapi("AnalyticsExportRequest");
const ExportJob = z
  .object({
    id: z.string(),
    kind: z.string(),
    format: z.string(),
    status: z.enum(["queued", "running", "done", "failed"]),
    rows: z.number().int().openapi({ description: "rows written so far (the progress)" }),
    bytes: z.number().int(),
    error: z.string().nullable(),
    filters: z.record(z.string(), z.unknown()),
    created_at: z.string(),
    finished_at: z.string().nullable(),
    download_url: z.string().nullable().openapi({ description: "signed link, valid 15 minutes; fetch the job again for a fresh one" }),
    expires_at: z.string().nullable(),
  })
  .openapi("AnalyticsExport");
const Id = z.object({ id: z.string().min(1).max(64) });

/** `/api/v1/analytics/exports`: CSV exports run as queued jobs into R2, downloaded through a signed link. */
export const analyticsExportRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["Analytics"],
      security: AUTHENTICATED,
      summary: "Start a CSV export (a background job)",
      description: "Queued on the OUTBOUND queue; each step writes up to 10,000 rows to R2. Poll the job for its progress (`rows`) and, once done, its signed `download_url`.",
      middleware: [requireAuth, requirePermission("analytics:read")] as const,
      request: { body: { content: { "application/json": { schema: ExportBody } }, required: true } },
      responses: { 202: { description: "The queued job", content: { "application/json": { schema: ExportJob } } }, ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const auth = c.get("auth");
      const body = c.req.valid("json");
      if (body.chatbot_id) await requireChatbot(c.env, auth.workspaceId, body.chatbot_id);
      const lib = await loadAnalytics();
      const f = lib.parseFilter(auth.workspaceId, body, await workspaceTimeZone(c.env.DB, auth.workspaceId));
      return c.json(await lib.createExport(c.env, f, body.kind, auth.userId ?? ""), 202);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Analytics"],
      security: AUTHENTICATED,
      summary: "The workspace's exports, newest first (50)",
      middleware: [requireAuth, requirePermission("analytics:read")] as const,
      responses: { 200: { description: "Jobs", content: { "application/json": { schema: z.object({ data: z.array(ExportJob) }) } } }, ...errorResponses(401, 403) },
    }),
    async (c) => c.json(await (await loadAnalytics()).listExports(c.env, c.get("auth").workspaceId), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["Analytics"],
      security: AUTHENTICATED,
      summary: "One export job (progress, and the download link once done)",
      middleware: [requireAuth, requirePermission("analytics:read")] as const,
      request: { params: Id },
      responses: { 200: { description: "The job", content: { "application/json": { schema: ExportJob } } }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await (await loadAnalytics()).getExport(c.env, c.get("auth").workspaceId, c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/download",
      tags: ["Analytics"],
      summary: "Download a finished export (signed link, no sign-in)",
      request: { params: Id, query: z.object({ exp: z.string().regex(/^\d{1,12}$/), sig: z.string().regex(/^[0-9a-f]{64}$/) }) },
      responses: { 200: { description: "The CSV file", content: { "text/csv": { schema: { type: "string" } } } }, ...errorResponses(400, 403, 404) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return (await loadAnalytics()).downloadExport(c.env, c.req.valid("param").id, Number(q.exp), q.sig);
    },
  );
