import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "../db/client";
import { conversations, orders } from "../db/schema";
import { contacts, contactVisitors, type Contact, type ContactSource } from "../db/schema/contacts";
import { badRequest, conflict, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import type { Call } from "../lib/service";
import { decodeCursor, encodeCursor, likePattern } from "./cursor";

export const normalEmail = (e: string | null | undefined) => (e ? e.trim().toLowerCase() || null : null);
export const normalPhone = (p: string | null | undefined) => {
  const d = (p ?? "").replace(/[^\d+]/g, "").replace(/^\+66/, "0");
  return d.length >= 6 ? d : null;
};

export function serializeContact(c: Contact, visitorIds: string[] = []) {
  return {
    id: c.id, name: c.name, email: c.email, phone: c.phone, source: c.source, merged_into_id: c.mergedIntoId,
    visitor_ids: visitorIds, created_at: c.createdAt, updated_at: c.updatedAt,
  };
}
export type ContactDto = ReturnType<typeof serializeContact>;

export async function visitorsOf(env: Env, contactIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!contactIds.length) return out;
  const rows = await getDb(env).select().from(contactVisitors).where(inArray(contactVisitors.contactId, contactIds));
  for (const r of rows) out.set(r.contactId, [...(out.get(r.contactId) ?? []), r.visitorId]);
  return out;
}

export interface IdentityInput {
  workspaceId: string;
  visitorId: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  source: ContactSource;
}

/**
 * The contact of an identity: the visitor's contact, else the one with the same
 * email or phone (merging across visitors), else a new one; missing fields are filled in.
 */
export async function upsertContact(env: Env, input: IdentityInput): Promise<Contact> {
  const db = getDb(env);
  const email = normalEmail(input.email);
  const phone = normalPhone(input.phone);
  const now = nowIso();
  let found: Contact | undefined;
  if (input.visitorId) {
    const link = await db.select({ contactId: contactVisitors.contactId }).from(contactVisitors).where(and(eq(contactVisitors.visitorId, input.visitorId), eq(contactVisitors.workspaceId, input.workspaceId))).get();
    if (link) found = await db.select().from(contacts).where(eq(contacts.id, link.contactId)).get();
  }
  if (!found && (email || phone)) {
    const keys: SQL[] = [];
    if (email) keys.push(eq(contacts.email, email));
    if (phone) keys.push(eq(contacts.phone, phone));
    found = await db.select().from(contacts).where(and(eq(contacts.workspaceId, input.workspaceId), isNull(contacts.mergedIntoId), or(...keys))).orderBy(contacts.createdAt).get();
  }
  while (found?.mergedIntoId) found = await db.select().from(contacts).where(eq(contacts.id, found.mergedIntoId)).get();
  if (!found) {
    found = { id: newId("ctc"), workspaceId: input.workspaceId, name: input.name?.trim() || null, email, phone, source: input.source, mergedIntoId: null, createdAt: now, updatedAt: now };
    await db.insert(contacts).values(found);
  } else if ((!found.name && input.name) || (!found.email && email) || (!found.phone && phone)) {
    const patch = { name: found.name ?? (input.name?.trim() || null), email: found.email ?? email, phone: found.phone ?? phone, updatedAt: now };
    await db.update(contacts).set(patch).where(eq(contacts.id, found.id));
    found = { ...found, ...patch };
  }
  if (input.visitorId) {
    await db.insert(contactVisitors).values({ visitorId: input.visitorId, contactId: found.id, workspaceId: input.workspaceId, createdAt: now }).onConflictDoNothing();
  }
  return found;
}

export async function loadContact(env: Env, workspaceId: string, id: string): Promise<Contact> {
  const row = await getDb(env).select().from(contacts).where(and(eq(contacts.id, id), eq(contacts.workspaceId, workspaceId))).get();
  if (!row) throw notFound("Contact");
  return row;
}

export interface ListContactsInput {
  q?: string | undefined;
  source?: ContactSource | undefined;
  include_merged?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Contacts newest first; `q` matches name, email or phone; merged contacts are left out unless asked for. */
export async function listContacts({ ctx, input }: Call<ListContactsInput>) {
  const where: SQL[] = [eq(contacts.workspaceId, ctx.auth.workspaceId)];
  if (!input.include_merged) where.push(isNull(contacts.mergedIntoId));
  if (input.source) where.push(eq(contacts.source, input.source));
  if (input.q) {
    const p = likePattern(input.q);
    where.push(or(sql`${contacts.name} like ${p} escape '\\'`, sql`${contacts.email} like ${p} escape '\\'`, sql`${contacts.phone} like ${p} escape '\\'`)!);
  }
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor);
    where.push(or(lt(contacts.createdAt, at), and(eq(contacts.createdAt, at), lt(contacts.id, id)))!);
  }
  const rows = await getDb(ctx.env).select().from(contacts).where(and(...where)).orderBy(desc(contacts.createdAt), desc(contacts.id)).limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const visitors = await visitorsOf(ctx.env, page.map((c) => c.id));
  const last = page[page.length - 1];
  return {
    data: page.map((c) => serializeContact(c, visitors.get(c.id))),
    next_cursor: rows.length > input.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** A contact's profile: its visitors' conversations and orders, and the contacts merged into it. */
export async function getContact({ ctx, input: { id } }: Call<{ id: string }>) {
  const c = await loadContact(ctx.env, ctx.auth.workspaceId, id);
  const db = getDb(ctx.env);
  const merged = await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, ctx.auth.workspaceId), eq(contacts.mergedIntoId, c.id)));
  const ids = [c.id, ...merged.map((m) => m.id)];
  const visitorIds = [...(await visitorsOf(ctx.env, ids)).values()].flat();
  const [convs, ords] = visitorIds.length
    ? await Promise.all([
        db.select({ id: conversations.id, status: conversations.status, subject: conversations.subject, last_message_at: conversations.lastMessageAt, created_at: conversations.createdAt })
          .from(conversations).where(and(eq(conversations.workspaceId, ctx.auth.workspaceId), inArray(conversations.visitorId, visitorIds))).orderBy(desc(conversations.createdAt)).limit(50),
        db.select({ id: orders.id, number: orders.number, status: orders.status, total: orders.total, currency: orders.currency, created_at: orders.createdAt })
          .from(orders).where(and(eq(orders.workspaceId, ctx.auth.workspaceId), inArray(orders.visitorId, visitorIds))).orderBy(desc(orders.createdAt)).limit(50),
      ])
    : [[], []];
  return {
    ...serializeContact(c, visitorIds),
    merged_contact_ids: merged.map((m) => m.id),
    conversations: convs,
    orders: ords.map((o) => ({ ...o, number: `#${o.number}` })),
  };
}

/** An agent merges `sourceId` into `targetId`: the source keeps its rows but points at the target (unmerge undoes it). */
export async function mergeContact({ ctx, input: { targetId, sourceId } }: Call<{ targetId: string; sourceId: string }>) {
  if (targetId === sourceId) throw badRequest("INVALID_MERGE", "A contact cannot be merged into itself");
  const target = await loadContact(ctx.env, ctx.auth.workspaceId, targetId);
  const source = await loadContact(ctx.env, ctx.auth.workspaceId, sourceId);
  if (target.mergedIntoId) throw conflict("CONTACT_MERGED", "The target contact is itself merged into another one");
  if (source.mergedIntoId) throw conflict("CONTACT_MERGED", "That contact is already merged");
  const now = nowIso();
  const db = getDb(ctx.env);
  await db.batch([
    db.update(contacts).set({ mergedIntoId: target.id, updatedAt: now }).where(eq(contacts.id, source.id)),
    // contacts merged into the source follow it
    db.update(contacts).set({ mergedIntoId: target.id, updatedAt: now }).where(and(eq(contacts.workspaceId, ctx.auth.workspaceId), eq(contacts.mergedIntoId, source.id))),
  ]);
  return getContact({ ctx, input: { id: target.id } });
}

/** Undoes a merge: the contact stands on its own again with its own visitors. */
export async function unmergeContact({ ctx, input: { id } }: Call<{ id: string }>) {
  const c = await loadContact(ctx.env, ctx.auth.workspaceId, id);
  if (!c.mergedIntoId) throw conflict("CONTACT_NOT_MERGED", "That contact is not merged");
  await getDb(ctx.env).update(contacts).set({ mergedIntoId: null, updatedAt: nowIso() }).where(eq(contacts.id, c.id));
  return getContact({ ctx, input: { id: c.id } });
}
