import { recordAudit } from "../audit/record";
import { sha256Hex } from "../lib/crypto";
import { forbidden, notFound } from "../lib/errors";
import { newId, nowIso, randomToken } from "../lib/ids";
import type { Call } from "../lib/service";
import { API_KEY_PREFIX } from "./middleware";
import { can } from "./permissions";
import type { Permission } from "./permissions";

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
  /** the creator no longer has access to the workspace, so the key is refused */
  suspended: boolean;
}

interface Row extends Omit<ApiKeyView, "scopes" | "suspended"> {
  scopes: string;
  creator_active?: number | null;
}

const view = ({ creator_active, ...r }: Row): ApiKeyView => ({ ...r, scopes: JSON.parse(r.scopes) as string[], suspended: creator_active === 0 });

/** Creates a key; the caller may only hand out permissions they hold. The key itself is returned only here. */
export async function createApiKey({ ctx, input }: Call<{ name: string; scopes: Permission[] }>): Promise<ApiKeyView & { key: string }> {
  const denied = input.scopes.filter((s) => !can(ctx.auth, s));
  if (denied.length) throw forbidden(`You cannot grant: ${denied.join(", ")}`, "SCOPE_NOT_ALLOWED");
  const key = `${API_KEY_PREFIX}${randomToken(40)}`;
  const row: Row = {
    id: newId("key"),
    name: input.name,
    prefix: key.slice(0, 12),
    scopes: JSON.stringify([...new Set(input.scopes)]),
    // a key made by a key belongs to the same member, so it cannot outlive them either
    created_by: ctx.auth.userId ?? ctx.auth.keyCreatorId ?? null,
    last_used_at: null,
    revoked_at: null,
    created_at: nowIso(),
  };
  await ctx.env.DB.prepare(`insert into api_keys (id, workspace_id, name, prefix, key_hash, scopes, created_by, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`)
    .bind(row.id, ctx.auth.workspaceId, row.name, row.prefix, await sha256Hex(key), row.scopes, row.created_by, row.created_at)
    .run();
  await recordAudit(ctx, ctx.auth, { action: "api_key.created", resource_type: "api_key", resource_id: row.id, changes: { after: { name: row.name, scopes: JSON.parse(row.scopes) } } });
  return { ...view(row), key };
}

export async function listApiKeys({ ctx }: Call<void>): Promise<ApiKeyView[]> {
  const { results } = await ctx.env.DB.prepare(
    `select k.id, k.name, k.prefix, k.scopes, k.created_by, k.last_used_at, k.revoked_at, k.created_at,
       exists (select 1 from memberships m join users u on u.id = m.user_id
               where m.workspace_id = k.workspace_id and m.user_id = k.created_by and m.status = 'active' and u.status = 'active') as creator_active
     from api_keys k where k.workspace_id = ?1 order by k.created_at desc`,
  )
    .bind(ctx.auth.workspaceId)
    .all<Row>();
  return results.map(view);
}

/** Revokes at once: the middleware refuses the key on its next request. */
export async function revokeApiKey({ ctx, input: { id } }: Call<{ id: string }>): Promise<void> {
  const row = await ctx.env.DB.prepare(`select id, name, revoked_at from api_keys where id = ?1 and workspace_id = ?2`)
    .bind(id, ctx.auth.workspaceId)
    .first<{ id: string; name: string; revoked_at: string | null }>();
  if (!row) throw notFound("API key");
  if (row.revoked_at) return;
  await ctx.env.DB.prepare(`update api_keys set revoked_at = ?1 where id = ?2`).bind(nowIso(), id).run();
  await recordAudit(ctx, ctx.auth, { action: "api_key.revoked", resource_type: "api_key", resource_id: id, changes: { before: { name: row.name } } });
}
