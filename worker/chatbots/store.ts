import { and, count, desc, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { type ChatbotRow, type ChatbotVersionRow, chatbotVersions, chatbots } from "../db/schema/chatbots";
import { users, workspaces } from "../db/schema/identity";
import type { BusinessHours, AiSettings, BehaviorSettings, Chatbot, ChatbotConfig, ChatbotStatus, DataCollection, WidgetSettings } from "./schemas";

/** Storage of chatbots in D1. Every read filters by workspace (except the public-key lookup) and skips deleted rows. */

export function rowToChatbot(row: ChatbotRow): Chatbot {
  // configurations saved before visitor_data_requests existed have it off
  const dataCollection = row.dataCollection as Partial<DataCollection>;
  return {
    id: row.id,
    workspace_id: row.workspaceId,
    name: row.name,
    description: row.description,
    status: row.status,
    personality: row.personality as Chatbot["personality"],
    greeting_message: row.greetingMessage,
    business_hours: row.businessHours as BusinessHours,
    ai_settings: row.aiSettings as AiSettings,
    widget_settings: row.widgetSettings as WidgetSettings,
    data_collection: { ...dataCollection, visitor_data_requests: dataCollection.visitor_data_requests ?? false } as DataCollection,
    behavior_settings: row.behaviorSettings as BehaviorSettings,
    allowed_origins: row.allowedOrigins,
    public_key: row.publicKey,
    version: row.version,
    created_by: row.createdBy,
    updated_by: row.updatedBy,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    archived_at: row.archivedAt,
  };
}

/** The config columns of a row, from a configuration object. */
export function configColumns(config: ChatbotConfig) {
  return {
    name: config.name,
    description: config.description,
    personality: config.personality,
    greetingMessage: config.greeting_message,
    businessHours: config.business_hours,
    aiSettings: config.ai_settings,
    widgetSettings: config.widget_settings,
    dataCollection: config.data_collection,
    behaviorSettings: config.behavior_settings,
    allowedOrigins: config.allowed_origins,
  };
}

const live = (workspaceId: string, id: string) =>
  and(eq(chatbots.workspaceId, workspaceId), eq(chatbots.id, id), isNull(chatbots.deletedAt));

export async function findChatbotRow(db: Db, workspaceId: string, id: string): Promise<ChatbotRow | undefined> {
  return db.select().from(chatbots).where(live(workspaceId, id)).get();
}

/** The live chatbot with this widget key and whether its workspace is suspended (one query: every widget session starts here). */
export async function findChatbotRowByPublicKey(db: Db, publicKey: string): Promise<{ row: ChatbotRow; workspaceSuspended: boolean } | undefined> {
  const hit = await db
    .select({ row: chatbots, suspendedAt: workspaces.suspendedAt })
    .from(chatbots)
    .innerJoin(workspaces, eq(workspaces.id, chatbots.workspaceId))
    .where(and(eq(chatbots.publicKey, publicKey), isNull(chatbots.deletedAt)))
    .get();
  return hit ? { row: hit.row, workspaceSuspended: hit.suspendedAt !== null } : undefined;
}

/** Whether another live chatbot in the workspace has this name (case-insensitive). */
export async function isNameTaken(db: Db, workspaceId: string, name: string, exceptId?: string): Promise<boolean> {
  const conds: SQL[] = [eq(chatbots.workspaceId, workspaceId), isNull(chatbots.deletedAt), sql`${chatbots.name} = ${name} COLLATE NOCASE`];
  if (exceptId) conds.push(ne(chatbots.id, exceptId));
  const row = await db.select({ id: chatbots.id }).from(chatbots).where(and(...conds)).limit(1).get();
  return Boolean(row);
}

export interface ListFilter {
  status?: ChatbotStatus | "all";
  q?: string;
  page: number;
  limit: number;
}

export async function listChatbotRows(db: Db, workspaceId: string, f: ListFilter): Promise<{ rows: ChatbotRow[]; total: number }> {
  const conds: (SQL | undefined)[] = [eq(chatbots.workspaceId, workspaceId), isNull(chatbots.deletedAt)];
  if (!f.status) conds.push(ne(chatbots.status, "archived"));
  else if (f.status !== "all") conds.push(eq(chatbots.status, f.status));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(or(sql`${chatbots.name} like ${like} escape '\\'`, sql`${chatbots.description} like ${like} escape '\\'`));
  }
  const where = and(...conds);
  const [rows, totalRow] = await Promise.all([
    db
      .select()
      .from(chatbots)
      .where(where)
      .orderBy(desc(chatbots.createdAt), desc(chatbots.id))
      .limit(f.limit)
      .offset((f.page - 1) * f.limit)
      .all(),
    db.select({ n: count() }).from(chatbots).where(where).get(),
  ]);
  return { rows, total: totalRow?.n ?? 0 };
}

export async function listVersionRows(db: Db, chatbotId: string): Promise<ChatbotVersionRow[]> {
  return db.select().from(chatbotVersions).where(eq(chatbotVersions.chatbotId, chatbotId)).orderBy(desc(chatbotVersions.version)).all();
}

export async function findVersionRow(db: Db, chatbotId: string, version: number): Promise<ChatbotVersionRow | undefined> {
  return db
    .select()
    .from(chatbotVersions)
    .where(and(eq(chatbotVersions.chatbotId, chatbotId), eq(chatbotVersions.version, version)))
    .get();
}

/**
 * Replaces the configuration of `current` with `next`: copies the current
 * configuration into the history and bumps the version, atomically. The update
 * only applies if nobody else bumped the version meanwhile (the history insert
 * then fails on its primary key and the whole batch rolls back).
 */
export async function writeNewVersion(
  db: Db,
  current: ChatbotRow,
  previousConfig: ChatbotConfig,
  next: ChatbotConfig,
  extra: Partial<Pick<ChatbotRow, "status" | "archivedAt">>,
  by: string | null,
  at: string,
): Promise<boolean> {
  const [, updated] = await db.batch([
    db.insert(chatbotVersions).values({
      chatbotId: current.id,
      version: current.version,
      config: previousConfig,
      createdBy: current.updatedBy,
      createdAt: current.updatedAt,
      supersededAt: at,
    }),
    db
      .update(chatbots)
      .set({ ...configColumns(next), ...extra, version: current.version + 1, updatedBy: by, updatedAt: at })
      .where(and(eq(chatbots.id, current.id), eq(chatbots.version, current.version)))
      .returning(),
  ]);
  return updated.length === 1;
}

/** True for a D1 unique-constraint failure (optionally on a given index/column hint). */
export function isUniqueViolation(err: unknown, hint?: string): boolean {
  const msg = String((err as { message?: string })?.message ?? err) + String((err as { cause?: { message?: string } })?.cause?.message ?? "");
  return /UNIQUE constraint failed|SQLITE_CONSTRAINT/i.test(msg) && (!hint || msg.includes(hint));
}

/** Display names of the given users (for "changed by" in the version history). */
export async function findUserNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted)).all();
  return new Map(rows.map((r) => [r.id, r.name]));
}
