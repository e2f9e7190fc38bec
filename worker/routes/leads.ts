import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { loadLeads } from "../lazy";
import { CreateLeadBody, LeadDetail, LeadPage, LeadParams, ListLeadsQuery, UpdateLeadBody } from "../leads/schemas";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { csvResponse } from "./csv-body";
import { AUTHENTICATED, errorResponses } from "./docs";

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const base = { tags: ["Leads"], security: AUTHENTICATED };
const read = [requireAuth, requirePermission("conversations:read")];
const write = [requireAuth, requirePermission("conversations:respond")];

/** `/api/v1/leads`: the sales pipeline (new → contacted → qualified → won | lost) with stage history, tasks and CSV export. */
export const leadsRoutes = createRouter();

leadsRoutes
  .openapi(
    createRoute({
      ...base, method: "get", path: "/export.csv", summary: "Export leads as CSV", description: "The list's filters apply (without cursor and limit).",
      middleware: [requireAuth, requirePermission("data:export")], request: { query: ListLeadsQuery.omit({ cursor: true, limit: true }) },
      responses: { 200: { description: "leads.csv (Content-Disposition: attachment)", content: { "text/csv": { schema: { type: "string" } } } }, ...errorResponses(400, 401, 403) },
    }),
    async (c) => csvResponse(await (await loadLeads()).exportLeadsCsv({ ctx: serviceCtx(c), input: c.req.valid("query") }), "leads.csv"),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/", summary: "List leads",
      description: "Newest first with the contact; filters by stage, source, owner and contact; `q` matches the title, notes, or the contact's name, email or phone.",
      middleware: read, request: { query: ListLeadsQuery }, responses: { 200: json(LeadPage, "A page of leads"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await (await loadLeads()).listLeads({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/", summary: "Create a lead",
      description: "`value` is minor units. Give `contact_id`, or `contact` (found by email/phone or created). Checkouts create leads on their own (source `checkout`).",
      middleware: write, request: body(CreateLeadBody), responses: { 201: json(LeadDetail, "The new lead"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await (await loadLeads()).createLead({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}", summary: "Get a lead with its stage history and tasks", middleware: read,
      request: { params: LeadParams }, responses: { 200: json(LeadDetail, "The lead"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await (await loadLeads()).getLead(serviceCtx(c), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "patch", path: "/{id}", summary: "Update a lead or move it to another stage",
      description: "A stage change is recorded in the timeline with who made it; `won`/`lost` close the lead, moving back reopens it. `tasks.add` / `tasks.done` manage its tasks.",
      middleware: write, request: { params: LeadParams, ...body(UpdateLeadBody) }, responses: { 200: json(LeadDetail, "The lead"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await (await loadLeads()).updateLead({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), id: c.req.valid("param").id } }), 200),
  );
