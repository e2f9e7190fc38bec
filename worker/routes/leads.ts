import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { loadLeads } from "../lazy";
import { ContactPage, ContactProfile, CreateLeadBody, IdParams, LeadDetail, LeadPage, ListContactsQuery, ListLeadsQuery, MergeContactBody, UpdateLeadBody } from "../leads/schemas";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { csvResponse } from "./csv-body";
import { AUTHENTICATED, errorResponses } from "./docs";

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const base = { tags: ["Leads"], security: AUTHENTICATED };
const read = [requireAuth, requirePermission("conversations:read")];
const write = [requireAuth, requirePermission("conversations:respond")];

/** `/api/v1/leads` and `/api/v1/contacts`. Leads: the sales pipeline (new → contacted → qualified → won | lost) with stage history, tasks and CSV export. */
export const leadsRoutes = createRouter();

leadsRoutes
  .openapi(
    createRoute({
      ...base, method: "get", path: "/export.csv", summary: "Export leads as CSV",
      middleware: [requireAuth, requirePermission("data:export")], request: { query: ListLeadsQuery.omit({ cursor: true, limit: true }) },
      responses: { 200: { description: "leads.csv", content: { "text/csv": { schema: { type: "string" } } } }, ...errorResponses(400, 401, 403) },
    }),
    async (c) => csvResponse(await (await loadLeads()).exportLeadsCsv({ ctx: serviceCtx(c), input: c.req.valid("query") }), "leads.csv"),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/", summary: "List leads",
      description: "Newest first, with the contact; `q` matches the title, notes or the contact.",
      middleware: read, request: { query: ListLeadsQuery }, responses: { 200: json(LeadPage, "A page of leads"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await (await loadLeads()).listLeads({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/", summary: "Create a lead",
      description: "`value` in minor units; `contact_id`, or `contact` (matched by email/phone, else created). Checkouts make leads themselves.",
      middleware: write, request: body(CreateLeadBody), responses: { 201: json(LeadDetail, "The new lead"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await (await loadLeads()).createLead({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}", summary: "Get a lead with its stage history and tasks", middleware: read,
      request: { params: IdParams }, responses: { 200: json(LeadDetail, "The lead"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await (await loadLeads()).getLead({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "patch", path: "/{id}", summary: "Update a lead or move it to another stage",
      description: "Stage changes are recorded with who made them; `won`/`lost` close the lead.",
      middleware: write, request: { params: IdParams, ...body(UpdateLeadBody) }, responses: { 200: json(LeadDetail, "The lead"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await (await loadLeads()).updateLead({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), id: c.req.valid("param").id } }), 200),
  );

/** `/api/v1/contacts`: visitors who gave an identity, merged by email/phone; profile, manual merge and unmerge. */
export const contactsRoutes = createRouter();

contactsRoutes
  .openapi(
    createRoute({
      ...base, method: "get", path: "/", summary: "List contacts",
      description: "Newest first; `q` matches name, email or phone; merged ones only with `include_merged=true`.",
      middleware: read, request: { query: ListContactsQuery }, responses: { 200: json(ContactPage, "A page of contacts"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await (await loadLeads()).listContacts({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}", summary: "A contact's profile with conversations and orders", middleware: read,
      request: { params: IdParams }, responses: { 200: json(ContactProfile, "The contact"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await (await loadLeads()).getContact({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/merge", summary: "Merge another contact into this one",
      description: "`POST /contacts/{other}/unmerge` undoes it.",
      middleware: write, request: { params: IdParams, body: { content: { "application/json": { schema: MergeContactBody } }, required: true } },
      responses: { 200: json(ContactProfile, "The merged profile"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await (await loadLeads()).mergeContact({ ctx: serviceCtx(c), input: { targetId: c.req.valid("param").id, sourceId: c.req.valid("json").contact_id } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/unmerge", summary: "Undo a merge", middleware: write, request: { params: IdParams },
      responses: { 200: json(ContactProfile, "The contact on its own again"), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => c.json(await (await loadLeads()).unmergeContact({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200),
  );
