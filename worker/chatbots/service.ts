import { assertRegistrableWildcards } from "./origin-suffixes";
import type { Call, ServiceCtx } from "../lib/service";
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record";
import { assertCanAdd } from "../billing/quota";
import { can } from "../auth/permissions";
import { getDb } from "../db/client";
import { chatbots } from "../db/schema/chatbots";
import { AppError, conflict, forbidden, notFound } from "../lib/errors";
import { newId, nowIso, randomToken } from "../lib/ids";
import { applyConfigPatch, configOf } from "./config";
import { defaultConfig } from "./defaults";
import type { Chatbot, ChatbotConfig, ChatbotConfigPatch, ChatbotStatus, CreateChatbotInput, UpdateChatbotInput } from "./schemas";
import {
  type ListFilter,
  configColumns,
  findChatbotRow,
  findChatbotRowByPublicKey,
  findUserNames,
  findVersionRow,
  isNameTaken,
  isUniqueViolation,
  listChatbotRows,
  listVersionRows,
  rowToChatbot,
  writeNewVersion,
} from "./store";

export const newPublicKey = () => `pk_${randomToken(24)}`;

const duplicateName = (name: string) =>
  conflict("DUPLICATE_NAME", `A chatbot named "${name}" already exists in this workspace`, { field: "name" });

async function audit(ctx: ServiceCtx, action: string, id: string, changes?: unknown) {
  await recordAudit(ctx, ctx.auth, { action, resource_type: "chatbot", resource_id: id, changes });
}

async function loadRow(ctx: ServiceCtx, id: string) {
  const row = await findChatbotRow(getDb(ctx.env), ctx.auth.workspaceId, id);
  if (!row) throw notFound("Chatbot");
  return row;
}

async function insertChatbot(ctx: ServiceCtx, config: ChatbotConfig, status: ChatbotStatus): Promise<Chatbot> {
  const db = getDb(ctx.env);
  if (await isNameTaken(db, ctx.auth.workspaceId, config.name)) throw duplicateName(config.name);
  if (status !== "archived") await assertCanAdd(ctx.env, ctx.auth.workspaceId, "chatbots");
  const at = nowIso();
  try {
    const [row] = await db
      .insert(chatbots)
      .values({
        id: newId("cb"),
        workspaceId: ctx.auth.workspaceId,
        ...configColumns(config),
        status,
        publicKey: newPublicKey(),
        version: 1,
        createdBy: ctx.auth.userId,
        updatedBy: ctx.auth.userId,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    return rowToChatbot(row);
  } catch (err) {
    if (isUniqueViolation(err, "name")) throw duplicateName(config.name);
    throw err;
  }
}

export async function createChatbot({ ctx, input }: Call<CreateChatbotInput>): Promise<Chatbot> {
  const { status, ...patch } = input;
  const config = applyConfigPatch(defaultConfig(ctx.env, input.name), patch);
  await assertRegistrableWildcards(config.allowed_origins);
  const bot = await insertChatbot(ctx, config, status ?? "active");
  await audit(ctx, "chatbot.created", bot.id, { after: { name: bot.name, status: bot.status } });
  return bot;
}

export async function listChatbots({ ctx, input: filter }: Call<ListFilter>) {
  const { rows, total } = await listChatbotRows(getDb(ctx.env), ctx.auth.workspaceId, filter);
  return {
    data: rows.map(rowToChatbot),
    pagination: { page: filter.page, limit: filter.limit, total, total_pages: Math.ceil(total / filter.limit) },
  };
}

export async function getChatbot({ ctx, input: { id } }: Call<{ id: string }>): Promise<Chatbot> {
  return rowToChatbot(await loadRow(ctx, id));
}

/** Top-level keys whose value differs, with before and after, for the audit log. */
function diff(before: ChatbotConfig, after: ChatbotConfig) {
  const changed: Record<string, { before: unknown; after: unknown }> = {};
  for (const k of Object.keys(after) as (keyof ChatbotConfig)[]) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changed[k] = { before: before[k], after: after[k] };
  }
  return changed;
}

/**
 * Applies a partial configuration (and optionally a status change). Every
 * update bumps `version` and keeps the previous configuration in the history.
 * Archiving or un-archiving this way needs chatbots:manage, like the dedicated
 * endpoints; an archived chatbot must be restored before it is edited.
 */
export async function updateChatbot({ ctx, input: { id, patch: input } }: Call<{ id: string; patch: UpdateChatbotInput }>): Promise<Chatbot> {
  const { status, ...patch } = input;
  const row = await loadRow(ctx, id);
  const touchesArchive = status !== undefined && status !== row.status && (status === "archived" || row.status === "archived");
  if (touchesArchive && !can(ctx.auth, "chatbots:manage")) throw forbidden("Archiving or restoring a chatbot needs chatbots:manage");
  if (row.status === "archived" && (status === undefined || status === "archived")) {
    throw conflict("CHATBOT_ARCHIVED", "This chatbot is archived; restore it before editing");
  }
  if (row.status === "archived") await assertCanAdd(ctx.env, ctx.auth.workspaceId, "chatbots");
  return applyUpdate(ctx, row, patch, status, "chatbot.updated");
}

async function applyUpdate(
  ctx: ServiceCtx,
  row: Awaited<ReturnType<typeof loadRow>>,
  patch: ChatbotConfigPatch,
  status: ChatbotStatus | undefined,
  action: string,
  auditExtra: Record<string, unknown> = {},
): Promise<Chatbot> {
  const db = getDb(ctx.env);
  const current = rowToChatbot(row);
  const before = configOf(current);
  const next = applyConfigPatch(before, patch);
  if (patch.allowed_origins) await assertRegistrableWildcards(next.allowed_origins);
  if (next.name.toLowerCase() !== before.name.toLowerCase() && (await isNameTaken(db, ctx.auth.workspaceId, next.name, row.id))) {
    throw duplicateName(next.name);
  }
  const at = nowIso();
  const extra =
    status === undefined || status === row.status
      ? {}
      : { status, archivedAt: status === "archived" ? at : null };
  let ok: boolean;
  try {
    ok = await writeNewVersion(db, row, before, next, extra, ctx.auth.userId, at);
  } catch (err) {
    if (isUniqueViolation(err, "chatbots.name") || isUniqueViolation(err, "idx_chatbots_workspace_name")) throw duplicateName(next.name);
    if (isUniqueViolation(err)) ok = false;
    else throw err;
  }
  if (!ok) throw conflict("EDIT_CONFLICT", "The chatbot was changed by someone else at the same time; reload and try again");
  const bot = rowToChatbot(await loadRow(ctx, row.id));
  await audit(ctx, action, bot.id, {
    version: bot.version,
    ...(status && status !== row.status ? { status: { before: row.status, after: status } } : {}),
    ...diff(before, next),
    ...auditExtra,
  });
  return bot;
}

/** Soft delete: the chatbot leaves the default list and its widget stops loading; restore brings it back. */
export async function archiveChatbot({ ctx, input: { id } }: Call<{ id: string }>): Promise<Chatbot> {
  const row = await loadRow(ctx, id);
  if (row.status === "archived") return rowToChatbot(row);
  const at = nowIso();
  await getDb(ctx.env).update(chatbots).set({ status: "archived", archivedAt: at, updatedAt: at, updatedBy: ctx.auth.userId }).where(eq(chatbots.id, row.id));
  await audit(ctx, "chatbot.archived", row.id, { status: { before: row.status, after: "archived" } });
  return rowToChatbot(await loadRow(ctx, row.id));
}

export async function restoreChatbot({ ctx, input: { id } }: Call<{ id: string }>): Promise<Chatbot> {
  const row = await loadRow(ctx, id);
  if (row.status !== "archived") return rowToChatbot(row);
  await assertCanAdd(ctx.env, ctx.auth.workspaceId, "chatbots");
  const at = nowIso();
  await getDb(ctx.env).update(chatbots).set({ status: "active", archivedAt: null, updatedAt: at, updatedBy: ctx.auth.userId }).where(eq(chatbots.id, row.id));
  await audit(ctx, "chatbot.restored", row.id, { status: { before: "archived", after: "active" } });
  return rowToChatbot(await loadRow(ctx, row.id));
}

/**
 * Deletes the chatbot for the workspace: it answers 404 from then on and its
 * name is free again. The row is kept (marked deleted) so conversations and
 * analytics that reference it stay intact.
 */
export async function deleteChatbot({ ctx, input: { id } }: Call<{ id: string }>): Promise<void> {
  const row = await loadRow(ctx, id);
  const at = nowIso();
  await getDb(ctx.env).update(chatbots).set({ deletedAt: at, updatedAt: at, updatedBy: ctx.auth.userId }).where(eq(chatbots.id, row.id));
  await audit(ctx, "chatbot.deleted", row.id, { before: { name: row.name, status: row.status } });
}

/** A free name for a copy: "<name> copy", then "<name> copy 2", … within 50 characters. */
async function copyName(ctx: ServiceCtx, name: string): Promise<string> {
  const db = getDb(ctx.env);
  for (let n = 1; n <= 50; n++) {
    const suffix = n === 1 ? " copy" : ` copy ${n}`;
    const candidate = `${name.slice(0, 50 - suffix.length).trimEnd()}${suffix}`;
    if (!(await isNameTaken(db, ctx.auth.workspaceId, candidate))) return candidate;
  }
  return `${name.slice(0, 37).trimEnd()} ${randomToken(8)}`;
}

/** A new, active chatbot with the same configuration, a new public key and version 1. */
export async function cloneChatbot({ ctx, input: { id, ...input } }: Call<{ id: string; name?: string | undefined }>): Promise<Chatbot> {
  const source = rowToChatbot(await loadRow(ctx, id));
  const name = input.name ?? (await copyName(ctx, source.name));
  const config = applyConfigPatch(configOf(source), { name });
  const bot = await insertChatbot(ctx, config, "active");
  await audit(ctx, "chatbot.cloned", bot.id, { source_id: source.id, after: { name: bot.name } });
  return bot;
}

/** Issues a new public widget key; pages embedding the old key stop loading the widget. */
export async function rotateChatbotKey({ ctx, input: { id } }: Call<{ id: string }>): Promise<Chatbot> {
  const row = await loadRow(ctx, id);
  const at = nowIso();
  await getDb(ctx.env).update(chatbots).set({ publicKey: newPublicKey(), updatedAt: at, updatedBy: ctx.auth.userId }).where(eq(chatbots.id, row.id));
  await audit(ctx, "chatbot.key_rotated", row.id);
  return rowToChatbot(await loadRow(ctx, row.id));
}

export interface ChatbotVersion {
  version: number;
  current: boolean;
  config: ChatbotConfig;
  /** top-level settings that differ from the version before (empty for version 1) */
  changed_fields: string[];
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
  superseded_at: string | null;
}

/** The current configuration followed by every earlier one, newest first. */
export async function listChatbotVersions({ ctx, input: { id } }: Call<{ id: string }>): Promise<{ current_version: number; data: ChatbotVersion[] }> {
  const row = await loadRow(ctx, id);
  const bot = rowToChatbot(row);
  const db = getDb(ctx.env);
  const history = await listVersionRows(db, row.id);
  const entries = [
    { version: bot.version, current: true, config: configOf(bot), created_by: bot.updated_by, created_at: bot.updated_at, superseded_at: null },
    ...history.map((v) => ({
      version: v.version,
      current: false,
      config: v.config as ChatbotConfig,
      created_by: v.createdBy,
      created_at: v.createdAt,
      superseded_at: v.supersededAt as string | null,
    })),
  ];
  const names = await findUserNames(db, entries.map((e) => e.created_by));
  return {
    current_version: bot.version,
    data: entries.map((e, i) => {
      const older = entries[i + 1];
      return {
        ...e,
        changed_fields: older && older.version === e.version - 1 ? Object.keys(diff(older.config, e.config)) : [],
        created_by_name: e.created_by ? (names.get(e.created_by) ?? null) : null,
      };
    }),
  };
}

/** Makes an earlier configuration current again, as a new version (history is never rewritten). */
export async function restoreChatbotVersion({ ctx, input: { id, version } }: Call<{ id: string; version: number }>): Promise<Chatbot> {
  const row = await loadRow(ctx, id);
  if (row.status === "archived") throw conflict("CHATBOT_ARCHIVED", "This chatbot is archived; restore it before editing");
  if (version === row.version) return rowToChatbot(row);
  const snapshot = await findVersionRow(getDb(ctx.env), row.id, version);
  if (!snapshot) throw new AppError(404, "NOT_FOUND", `Version ${version} of this chatbot not found`);
  return applyUpdate(ctx, row, snapshot.config as ChatbotConfigPatch, undefined, "chatbot.version_restored", { restored_version: version });
}

/**
 * The chatbot a widget key belongs to, for the public widget and visitor
 * sessions. Unknown, deleted and archived chatbots give null; callers decide
 * what an inactive one may do (check `status === "active"`).
 */
export async function getChatbotByPublicKey(env: Pick<Env, "DB">, publicKey: string): Promise<Chatbot | null> {
  if (!/^pk_[A-Za-z0-9]{8,64}$/.test(publicKey)) return null;
  const hit = await findChatbotRowByPublicKey(getDb(env), publicKey);
  if (!hit || hit.row.status === "archived") return null;
  // a suspended workspace's widgets stay dark (its data is kept)
  if (hit.workspaceSuspended) return { ...rowToChatbot(hit.row), status: "inactive" };
  return rowToChatbot(hit.row);
}
