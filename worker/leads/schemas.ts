import { z } from "@hono/zod-openapi";
import { CONTACT_SOURCES, LEAD_SOURCES, LEAD_STAGES } from "./constants";

export const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });

const limit = z.coerce.number().int().min(1).max(100).default(25);
export const ListContactsQuery = z.object({
  q: z.string().max(200).optional(),
  source: z.enum(CONTACT_SOURCES).optional(),
  include_merged: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  cursor: z.string().max(300).optional(),
  limit,
});
export const ListLeadsQuery = z.object({
  stage: z.enum(LEAD_STAGES).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  owner_user_id: z.string().max(64).optional(),
  contact_id: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  cursor: z.string().max(300).optional(),
  limit,
});

// responses list their main fields; the rest passes through (see the services' serializers)
export const Contact = z
  .object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), merged_into_id: z.string().nullable(), visitor_ids: z.array(z.string()) })
  .passthrough()
  .openapi("Contact");
export const ContactPage = z.object({ data: z.array(Contact), next_cursor: z.string().nullable() }).openapi("ContactPage");
export const ContactProfile = Contact.extend({ conversations: z.array(z.object({ id: z.string() }).passthrough()), orders: z.array(z.object({ id: z.string(), number: z.string() }).passthrough()) })
  .passthrough()
  .openapi("ContactProfile");
export const MergeContactBody = z.object({ contact_id: z.string().min(1).max(64) }).openapi("MergeContact");

export const Lead = z
  .object({ id: z.string(), title: z.string(), stage: z.enum(LEAD_STAGES), value: z.number().int().nullable(), currency: z.string(), source: z.enum(LEAD_SOURCES), contact: Contact.nullable() })
  .passthrough()
  .openapi("Lead");
export const LeadPage = z.object({ data: z.array(Lead), next_cursor: z.string().nullable() }).openapi("LeadPage");
export const LeadDetail = Lead.extend({
  timeline: z.array(z.object({ from: z.string().nullable(), to: z.string(), actor: z.string(), at: z.string() }).passthrough()),
  tasks: z.array(z.object({ id: z.string(), title: z.string(), done: z.boolean() }).passthrough()),
}).passthrough().openapi("LeadDetail");

const text = (max: number) => z.string().trim().max(max);
const utm = z.object({ source: text(200).optional(), medium: text(200).optional(), campaign: text(200).optional() });
export const CreateLeadBody = z
  .object({
    title: text(200).min(1),
    stage: z.enum(LEAD_STAGES).optional(),
    contact_id: z.string().max(64).optional(),
    contact: z.object({ name: text(100).optional(), email: z.string().trim().email().max(254).optional(), phone: z.string().trim().regex(/^\+?[0-9][0-9 \-]{5,19}$/, "A phone number").optional() }).optional(),
    owner_user_id: z.string().max(64).nullable().optional(),
    value: z.number().int().min(0).max(1e12).nullable().optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    source: z.enum(LEAD_SOURCES).optional(),
    chatbot_id: z.string().max(64).optional(),
    conversation_id: z.string().max(80).optional(),
    source_page: z.string().url().max(2000).optional(),
    utm: utm.optional(),
    notes: text(5000).optional(),
  })
  .openapi("CreateLead");
export const UpdateLeadBody = z
  .object({
    title: text(200).min(1).optional(),
    stage: z.enum(LEAD_STAGES).optional(),
    stage_note: text(1000).optional(),
    owner_user_id: z.string().max(64).nullable().optional(),
    value: z.number().int().min(0).max(1e12).nullable().optional(),
    notes: text(5000).optional(),
    contact_id: z.string().max(64).nullable().optional(),
    tasks: z.object({ add: z.array(z.object({ title: text(200).min(1), due_at: z.string().datetime().optional() })).max(20).optional(), done: z.array(z.string().max(64)).max(50).optional() }).optional(),
  })
  .openapi("UpdateLead");
