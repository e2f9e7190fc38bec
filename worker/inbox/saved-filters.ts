import { forbidden, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import type { Call, ServiceCtx } from "../lib/service";
import { isAdmin } from "./context";
import { ConversationFilters } from "./list-filters";

export interface SavedFilterOut {
  id: string;
  name: string;
  filters: ConversationFilters;
  shared: boolean;
  is_default: boolean;
  user_id: string | null;
  created_at: string;
  updated_at: string;
}

interface Row {
  id: string;
  name: string;
  filters: string;
  shared: number;
  is_default: number;
  user_id: string | null;
  created_at: string;
  updated_at: string;
}

const shape = (r: Row): SavedFilterOut => ({
  id: r.id,
  name: r.name,
  filters: JSON.parse(r.filters) as ConversationFilters,
  shared: r.shared === 1,
  is_default: r.is_default === 1,
  user_id: r.user_id,
  created_at: r.created_at,
  updated_at: r.updated_at,
});

const COLS = "id, name, filters, shared, is_default, user_id, created_at, updated_at";

/** The caller's own filters plus those shared with the workspace. */
export async function listSavedFilters({ ctx }: Call<void>): Promise<SavedFilterOut[]> {
  const { results } = await ctx.env.DB.prepare(
    `select ${COLS} from conversation_filters where workspace_id = ?1 and (user_id = ?2 or shared = 1) order by name limit 200`,
  )
    .bind(ctx.auth.workspaceId, ctx.auth.userId)
    .all<Row>();
  return results.map(shape);
}

/** A filter the caller may use: their own or a shared one. */
export async function getSavedFilter({ ctx, input: { id } }: Call<{ id: string }>): Promise<SavedFilterOut> {
  const row = await ctx.env.DB.prepare(`select ${COLS} from conversation_filters where id = ?1 and workspace_id = ?2 and (user_id = ?3 or shared = 1)`)
    .bind(id, ctx.auth.workspaceId, ctx.auth.userId)
    .first<Row>();
  if (!row) throw notFound("Saved filter");
  return shape(row);
}

export async function createSavedFilter({
  ctx,
  input,
}: Call<{ name: string; filters: ConversationFilters; shared?: boolean; is_default?: boolean }>): Promise<SavedFilterOut> {
  const id = newId("flt");
  const now = nowIso();
  if (input.is_default) await clearDefault(ctx);
  await ctx.env.DB.prepare(
    `insert into conversation_filters (id, workspace_id, user_id, name, filters, shared, is_default, created_at, updated_at)
     values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)`,
  )
    .bind(id, ctx.auth.workspaceId, ctx.auth.userId, input.name.trim(), JSON.stringify(input.filters), input.shared ? 1 : 0, input.is_default ? 1 : 0, now)
    .run();
  return getSavedFilter({ ctx, input: { id } });
}

async function clearDefault(ctx: ServiceCtx) {
  await ctx.env.DB.prepare(`update conversation_filters set is_default = 0 where workspace_id = ?1 and user_id = ?2`)
    .bind(ctx.auth.workspaceId, ctx.auth.userId)
    .run();
}

/** Only the owner of a filter (or an admin, for shared ones) may change it. */
async function editable(ctx: ServiceCtx, id: string): Promise<SavedFilterOut> {
  const f = await getSavedFilter({ ctx, input: { id } });
  const mine = ctx.auth.userId !== null && f.user_id === ctx.auth.userId;
  if (!mine && !isAdmin(ctx.auth)) throw forbidden("Only the person who saved this filter can change it");
  return f;
}

export async function updateSavedFilter({
  ctx,
  input: { id, patch: input },
}: Call<{ id: string; patch: { name?: string; filters?: ConversationFilters; shared?: boolean; is_default?: boolean } }>): Promise<SavedFilterOut> {
  const f = await editable(ctx, id);
  if (input.is_default) await clearDefault(ctx);
  await ctx.env.DB.prepare(
    `update conversation_filters set name = ?1, filters = ?2, shared = ?3, is_default = ?4, updated_at = ?5 where id = ?6 and workspace_id = ?7`,
  )
    .bind(
      input.name?.trim() ?? f.name,
      JSON.stringify(input.filters ?? f.filters),
      (input.shared ?? f.shared) ? 1 : 0,
      (input.is_default ?? f.is_default) ? 1 : 0,
      nowIso(),
      id,
      ctx.auth.workspaceId,
    )
    .run();
  return getSavedFilter({ ctx, input: { id } });
}

export async function deleteSavedFilter({ ctx, input: { id } }: Call<{ id: string }>): Promise<void> {
  await editable(ctx, id);
  await ctx.env.DB.prepare(`delete from conversation_filters where id = ?1 and workspace_id = ?2`).bind(id, ctx.auth.workspaceId).run();
}
