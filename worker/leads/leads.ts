import { recordLeadStages } from "../analytics/lead-events";
import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "../db/client";
import { memberships } from "../db/schema";
import { contacts, leadEvents, leads, leadTasks, type Lead, type LeadSource, type LeadStage } from "../db/schema/contacts";
import { badRequest, conflict, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import type { Call } from "../lib/service";
import { loadContact, serializeContact, upsertContact, visitorsOf } from "./contacts";
import { decodeCursor, encodeCursor, likePattern } from "./cursor";
import { canMoveLead, isClosed } from "./stages";

export function serializeLead(l: Lead) {
  return {
    id: l.id, title: l.title, stage: l.stage, contact_id: l.contactId, owner_user_id: l.ownerUserId, value: l.value, currency: l.currency,
    source: l.source, chatbot_id: l.chatbotId, conversation_id: l.conversationId, order_id: l.orderId,
    source_page: l.sourcePage, utm: { source: l.utmSource, medium: l.utmMedium, campaign: l.utmCampaign },
    notes: l.notes, closed_at: l.closedAt, created_at: l.createdAt, updated_at: l.updatedAt,
  };
}
export type LeadDto = ReturnType<typeof serializeLead>;

export async function loadLead(env: Env, workspaceId: string, id: string): Promise<Lead> {
  const row = await getDb(env).select().from(leads).where(and(eq(leads.id, id), eq(leads.workspaceId, workspaceId))).get();
  if (!row) throw notFound("Lead");
  return row;
}

async function assertMember(env: Env, workspaceId: string, userId: string | null | undefined) {
  if (!userId) return;
  const m = await getDb(env).select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId))).get();
  if (!m) throw badRequest("INVALID_OWNER", "The owner must be a member of this workspace");
}

export interface ListLeadsInput {
  stage?: LeadStage | undefined;
  source?: LeadSource | undefined;
  owner_user_id?: string | undefined;
  contact_id?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Leads newest first, with their contact; filters by stage, source, owner, contact; `q` matches the title, notes or the contact. */
export async function listLeads({ ctx, input }: Call<ListLeadsInput>) {
  const db = getDb(ctx.env);
  const where: SQL[] = [eq(leads.workspaceId, ctx.auth.workspaceId)];
  if (input.stage) where.push(eq(leads.stage, input.stage));
  if (input.source) where.push(eq(leads.source, input.source));
  if (input.owner_user_id) where.push(eq(leads.ownerUserId, input.owner_user_id));
  if (input.contact_id) where.push(eq(leads.contactId, input.contact_id));
  if (input.q) {
    const p = likePattern(input.q);
    where.push(
      or(
        sql`${leads.title} like ${p} escape '\\'`,
        sql`${leads.notes} like ${p} escape '\\'`,
        sql`${leads.contactId} in (select id from contacts where workspace_id = ${ctx.auth.workspaceId} and (name like ${p} escape '\\' or email like ${p} escape '\\' or phone like ${p} escape '\\'))`,
      )!,
    );
  }
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor);
    where.push(or(lt(leads.createdAt, at), and(eq(leads.createdAt, at), lt(leads.id, id)))!);
  }
  const rows = await db.select().from(leads).where(and(...where)).orderBy(desc(leads.createdAt), desc(leads.id)).limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const contactIds = [...new Set(page.map((l) => l.contactId).filter((x): x is string => !!x))];
  const people = contactIds.length ? await db.select().from(contacts).where(inArray(contacts.id, contactIds)) : [];
  const visitors = await visitorsOf(ctx.env, contactIds);
  const byId = new Map(people.map((c) => [c.id, serializeContact(c, visitors.get(c.id))]));
  const last = page[page.length - 1];
  return {
    data: page.map((l) => ({ ...serializeLead(l), contact: l.contactId ? (byId.get(l.contactId) ?? null) : null })),
    next_cursor: rows.length > input.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** A lead with its contact, stage history and tasks. */
export async function getLead({ ctx, input: { id } }: Call<{ id: string }>) {
  const l = await loadLead(ctx.env, ctx.auth.workspaceId, id);
  const db = getDb(ctx.env);
  const [events, tasks, contact] = await Promise.all([
    db.select().from(leadEvents).where(eq(leadEvents.leadId, l.id)).orderBy(leadEvents.createdAt, leadEvents.id),
    db.select().from(leadTasks).where(eq(leadTasks.leadId, l.id)).orderBy(leadTasks.createdAt, leadTasks.id),
    l.contactId ? db.select().from(contacts).where(eq(contacts.id, l.contactId)).get() : Promise.resolve(undefined),
  ]);
  return {
    ...serializeLead(l),
    contact: contact ? serializeContact(contact) : null,
    timeline: events.map((e) => ({ from: e.fromStage, to: e.toStage, actor: e.actor, note: e.note, at: e.createdAt })),
    tasks: tasks.map((t) => ({ id: t.id, title: t.title, due_at: t.dueAt, done: !!t.doneAt, done_at: t.doneAt, created_at: t.createdAt })),
  };
}

export interface CreateLeadInput {
  title: string;
  stage?: LeadStage | undefined;
  contact_id?: string | undefined;
  contact?: { name?: string | undefined; email?: string | undefined; phone?: string | undefined } | undefined;
  owner_user_id?: string | null | undefined;
  value?: number | null | undefined;
  currency?: string | undefined;
  source?: LeadSource | undefined;
  chatbot_id?: string | undefined;
  conversation_id?: string | undefined;
  source_page?: string | undefined;
  utm?: { source?: string | undefined; medium?: string | undefined; campaign?: string | undefined } | undefined;
  notes?: string | undefined;
}

/** Creates a lead (by hand or import); a contact is found or made from `contact` when no `contact_id` is given. */
export async function createLead({ ctx, input }: Call<CreateLeadInput>) {
  const ws = ctx.auth.workspaceId;
  let contactId: string | null = null;
  if (input.contact_id) contactId = (await loadContact(ctx.env, ws, input.contact_id)).id;
  else if (input.contact && (input.contact.email || input.contact.phone || input.contact.name)) {
    contactId = (await upsertContact(ctx.env, { workspaceId: ws, visitorId: null, ...input.contact, source: "manual" })).id;
  }
  await assertMember(ctx.env, ws, input.owner_user_id);
  const stage = input.stage ?? "new";
  const lead = await insertLead(ctx.env, {
    workspaceId: ws, contactId, title: input.title, stage, ownerUserId: input.owner_user_id ?? null, value: input.value ?? null, currency: input.currency ?? "THB",
    source: input.source ?? "manual", chatbotId: input.chatbot_id ?? null, conversationId: input.conversation_id ?? null, orderId: null,
    sourcePage: input.source_page ?? null, utmSource: input.utm?.source ?? null, utmMedium: input.utm?.medium ?? null, utmCampaign: input.utm?.campaign ?? null,
    notes: input.notes ?? "",
  }, `user:${ctx.auth.userId}`);
  return getLead({ ctx, input: { id: lead.id } });
}

type NewLead = Omit<Lead, "id" | "createdAt" | "updatedAt" | "closedAt">;

async function insertLead(env: Env, l: NewLead, actor: string): Promise<Lead> {
  const now = nowIso();
  const row: Lead = { ...l, id: newId("lead"), closedAt: isClosed(l.stage) ? now : null, createdAt: now, updatedAt: now };
  const db = getDb(env);
  await db.batch([
    db.insert(leads).values(row),
    db.insert(leadEvents).values({ id: newId("lev"), leadId: row.id, workspaceId: row.workspaceId, fromStage: null, toStage: row.stage, actor, note: "created", createdAt: now }),
  ]);
  await recordLeadStages(env.DB, row.id, now);
  return row;
}

export interface UpdateLeadInput {
  title?: string | undefined;
  stage?: LeadStage | undefined;
  stage_note?: string | undefined;
  owner_user_id?: string | null | undefined;
  value?: number | null | undefined;
  notes?: string | undefined;
  contact_id?: string | null | undefined;
  tasks?: { add?: { title: string; due_at?: string | undefined }[] | undefined; done?: string[] | undefined } | undefined;
}

/** Edits a lead; a stage change is recorded with who made it (and closes or reopens the lead). */
export async function updateLead({ ctx, input }: Call<UpdateLeadInput & { id: string }>) {
  const ws = ctx.auth.workspaceId;
  const l = await loadLead(ctx.env, ws, input.id);
  if (input.owner_user_id) await assertMember(ctx.env, ws, input.owner_user_id);
  if (input.contact_id) await loadContact(ctx.env, ws, input.contact_id);
  if (input.stage && input.stage !== l.stage && !canMoveLead(l.stage, input.stage)) throw conflict("INVALID_STAGE_CHANGE", `A lead cannot move from ${l.stage} to ${input.stage}`);
  const now = nowIso();
  const db = getDb(ctx.env);
  const patch: Partial<Lead> = { updatedAt: now };
  if (input.title !== undefined) patch.title = input.title;
  if (input.owner_user_id !== undefined) patch.ownerUserId = input.owner_user_id;
  if (input.value !== undefined) patch.value = input.value;
  if (input.notes !== undefined) patch.notes = input.notes;
  if (input.contact_id !== undefined) patch.contactId = input.contact_id;
  const moved = input.stage && input.stage !== l.stage ? input.stage : null;
  if (moved) {
    patch.stage = moved;
    patch.closedAt = isClosed(moved) ? now : null;
  }
  const stmts = [
    db.update(leads).set(patch).where(and(eq(leads.id, l.id), eq(leads.workspaceId, ws))),
    ...(moved ? [db.insert(leadEvents).values({ id: newId("lev"), leadId: l.id, workspaceId: ws, fromStage: l.stage, toStage: moved, actor: `user:${ctx.auth.userId}`, note: input.stage_note ?? null, createdAt: now })] : []),
    ...(input.tasks?.add ?? []).map((t) => db.insert(leadTasks).values({ id: newId("ltk"), leadId: l.id, workspaceId: ws, title: t.title, dueAt: t.due_at ?? null, doneAt: null, createdAt: now })),
    ...(input.tasks?.done?.length ? [db.update(leadTasks).set({ doneAt: now }).where(and(eq(leadTasks.leadId, l.id), inArray(leadTasks.id, input.tasks.done)))] : []),
  ];
  await db.batch(stmts as [typeof stmts[0], ...typeof stmts]);
  if (moved) await recordLeadStages(ctx.env.DB, l.id, now);
  return getLead({ ctx, input: { id: l.id } });
}

/**
 * A checkout is purchase intent: the customer becomes a contact (merged by
 * email/phone with earlier ones) and the order a lead in `new`; one lead per order.
 */
export async function leadFromCheckout(env: Env, o: { id: string; workspaceId: string; number: number; visitorId: string | null; chatbotId: string | null; conversationId: string | null; total: number; currency: string; customerName: string; customerPhone: string; customerEmail: string | null }) {
  const contact = await upsertContact(env, { workspaceId: o.workspaceId, visitorId: o.visitorId, name: o.customerName, email: o.customerEmail, phone: o.customerPhone, source: "checkout" });
  const existing = await getDb(env).select({ id: leads.id }).from(leads).where(and(eq(leads.workspaceId, o.workspaceId), eq(leads.orderId, o.id))).get();
  if (existing) return;
  await insertLead(env, {
    workspaceId: o.workspaceId, contactId: contact.id, title: `Order #${o.number}`, stage: "new", ownerUserId: null, value: o.total, currency: o.currency,
    source: "checkout", chatbotId: o.chatbotId, conversationId: o.conversationId, orderId: o.id, sourcePage: null, utmSource: null, utmMedium: null, utmCampaign: null, notes: "",
  }, "system");
}

/**
 * The order's lead follows its payment: paid → won, cancelled → lost (unless an
 * agent already closed it); an expired order is an abandoned checkout: the lead
 * stays open for a follow-up and its timeline says so.
 */
export async function leadFollowsOrder(env: Env, workspaceId: string, orderId: string, orderStatus: string) {
  const to: LeadStage | null = orderStatus === "paid" ? "won" : orderStatus === "cancelled" ? "lost" : null;
  if (!to && orderStatus !== "expired") return;
  const l = await getDb(env).select().from(leads).where(and(eq(leads.workspaceId, workspaceId), eq(leads.orderId, orderId))).get();
  if (!l || isClosed(l.stage)) return;
  const now = nowIso();
  const db = getDb(env);
  const event = { id: newId("lev"), leadId: l.id, workspaceId, fromStage: l.stage, toStage: to ?? l.stage, actor: "system", note: to ? `order ${orderStatus}` : "abandoned checkout", createdAt: now };
  await db.batch([
    db.update(leads).set(to ? { stage: to, closedAt: now, updatedAt: now } : { updatedAt: now }).where(eq(leads.id, l.id)),
    db.insert(leadEvents).values(event),
  ]);
  if (to) await recordLeadStages(env.DB, l.id, now);
}

/**
 * A form submission (the widget's pre-chat form) with an email or phone: the
 * visitor becomes a contact and the conversation a lead in `new` (source `form`).
 */
export async function leadFromForm(env: Env, f: { workspaceId: string; visitorId: string; chatbotId: string; conversationId: string; pageUrl: string | null; name?: string | undefined; email?: string | undefined; phone?: string | undefined }) {
  if (!f.email && !f.phone) return;
  const contact = await upsertContact(env, { workspaceId: f.workspaceId, visitorId: f.visitorId, name: f.name ?? null, email: f.email ?? null, phone: f.phone ?? null, source: "form" });
  await insertLead(env, {
    workspaceId: f.workspaceId, contactId: contact.id, title: `Chat form: ${contact.name ?? contact.email ?? contact.phone}`.slice(0, 200), stage: "new", ownerUserId: null, value: null,
    currency: "THB", source: "form", chatbotId: f.chatbotId, conversationId: f.conversationId, orderId: null, sourcePage: f.pageUrl, utmSource: null, utmMedium: null, utmCampaign: null, notes: "",
  }, "system");
}
