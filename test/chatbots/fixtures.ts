import { env } from "cloudflare:test";
import { signAccessToken } from "../../worker/auth/tokens";
import { sha256Hex } from "../../worker/lib/crypto";
import { newId, nowIso, randomToken } from "../../worker/lib/ids";
import { api, registerOwner, uniqueEmail } from "../helpers";

/** A signed-in member of `workspaceId` with `role` (rows written directly, as an accepted invite would). */
export async function addMember(workspaceId: string, role: "admin" | "agent" | "viewer") {
  const userId = newId("usr");
  const at = nowIso();
  const familyId = newId("fam");
  await env.DB.batch([
    env.DB.prepare(`insert into users (id, email, name, created_at, updated_at) values (?1, ?2, ?3, ?4, ?4)`).bind(userId, uniqueEmail(role), `A ${role}`, at),
    env.DB.prepare(`insert into memberships (workspace_id, user_id, role, created_at, updated_at) values (?1, ?2, ?3, ?4, ?4)`).bind(workspaceId, userId, role, at),
    env.DB.prepare(`insert into sessions (id, family_id, user_id, workspace_id, token_hash, expires_at, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)`).bind(
      newId("ses"),
      familyId,
      userId,
      workspaceId,
      await sha256Hex(randomToken(32)),
      new Date(Date.now() + 86_400_000).toISOString(),
      at,
    ),
  ]);
  const token = await signAccessToken(env, { sub: userId, ws: workspaceId, role, sid: familyId });
  return { userId, token };
}

/** A workspace API key with the given scopes, created by `createdBy` (by default the workspace's first owner). */
export async function addApiKey(workspaceId: string, scopes: string[], createdBy?: string) {
  const key = `mc_live_${randomToken(32)}`;
  const creator =
    createdBy ??
    (await env.DB.prepare(`select user_id from memberships where workspace_id = ?1 and role = 'owner' order by created_at limit 1`).bind(workspaceId).first<string>("user_id"));
  await env.DB.prepare(`insert into api_keys (id, workspace_id, name, prefix, key_hash, scopes, created_by, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`)
    .bind(newId("key"), workspaceId, "test key", key.slice(0, 12), await sha256Hex(key), JSON.stringify(scopes), creator, nowIso())
    .run();
  return key;
}

export { registerOwner };

export async function createBot(token: string, body: Record<string, unknown> = {}) {
  const res = await api("/api/v1/chatbots", { token, body: { name: `Bot ${randomToken(6)}`, ...body } });
  if (res.status !== 201) throw new Error(`create chatbot failed: ${res.status} ${res.text}`);
  return res.json;
}
