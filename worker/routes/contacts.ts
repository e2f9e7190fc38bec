import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { loadLeads } from "../lazy";
import { ContactPage, ContactParams, ContactProfile, ListContactsQuery, MergeContactBody } from "../leads/schemas";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const base = { tags: ["Leads"], security: AUTHENTICATED };
const read = [requireAuth, requirePermission("conversations:read")];
const write = [requireAuth, requirePermission("conversations:respond")];

/** `/api/v1/contacts`: visitors who gave an identity, merged by email/phone; profile, manual merge and unmerge. */
export const contactsRoutes = createRouter();

contactsRoutes
  .openapi(
    createRoute({
      ...base, method: "get", path: "/", summary: "List contacts",
      description: "Newest first; `q` matches name, email or phone; contacts merged into another are left out unless `include_merged=true`.",
      middleware: read, request: { query: ListContactsQuery }, responses: { 200: json(ContactPage, "A page of contacts"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await (await loadLeads()).listContacts({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}", summary: "A contact's profile with conversations and orders", middleware: read,
      request: { params: ContactParams }, responses: { 200: json(ContactProfile, "The contact"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await (await loadLeads()).getContact(serviceCtx(c), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/merge", summary: "Merge another contact into this one",
      description: "The other contact's visitors, conversations and orders show on this profile; `POST /contacts/{other}/unmerge` undoes it.",
      middleware: write, request: { params: ContactParams, body: { content: { "application/json": { schema: MergeContactBody } }, required: true } },
      responses: { 200: json(ContactProfile, "The merged profile"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await (await loadLeads()).mergeContact(serviceCtx(c), c.req.valid("param").id, c.req.valid("json").contact_id), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/unmerge", summary: "Undo a merge", middleware: write, request: { params: ContactParams },
      responses: { 200: json(ContactProfile, "The contact on its own again"), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => c.json(await (await loadLeads()).unmergeContact(serviceCtx(c), c.req.valid("param").id), 200),
  );
