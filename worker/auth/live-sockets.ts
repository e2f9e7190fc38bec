import { workspaceHub } from "../../durable-objects/stubs";

/** D1, and the workspace hub binding (every Worker env has it; narrower env types may not say so). */
export type LiveSocketsEnv = Pick<Env, "DB"> & Partial<Pick<Env, "WORKSPACE_HUB">>;

/**
 * Closes a member's open live sockets (the workspace hub and every
 * conversation they hold a socket on) the moment their permission changes:
 * deactivation, removal, a new role, logout or a revoked session family.
 * `sids` limits it to the sockets opened from those session families.
 * Best effort: a failure is logged, and the sockets re-check on their next
 * acting frame anyway.
 */
export async function closeMemberSockets(
  env: Partial<Pick<Env, "WORKSPACE_HUB">>,
  workspaceId: string,
  userId: string,
  opts: { sids?: string[] | null; reason: "session_ended" | "role_changed" },
): Promise<void> {
  if (!env.WORKSPACE_HUB) return;
  try {
    await workspaceHub({ WORKSPACE_HUB: env.WORKSPACE_HUB }, workspaceId).disconnectUser(userId, opts.sids ?? null, opts.reason);
  } catch (err) {
    console.error("closing live sockets failed", err);
  }
}

/** The sockets opened from these session families (logout, refresh-token reuse, the family cap). */
export async function closeFamilySockets(env: LiveSocketsEnv, familyIds: string[]): Promise<void> {
  if (!familyIds.length || !env.WORKSPACE_HUB) return;
  const marks = familyIds.map((_, i) => `?${i + 1}`).join(",");
  const { results } = await env.DB.prepare(`select distinct family_id, user_id, workspace_id from sessions where family_id in (${marks})`)
    .bind(...familyIds)
    .all<{ family_id: string; user_id: string; workspace_id: string }>();
  const byMember = new Map<string, { userId: string; workspaceId: string; sids: string[] }>();
  for (const r of results) {
    const key = `${r.workspace_id}/${r.user_id}`;
    const entry = byMember.get(key) ?? { userId: r.user_id, workspaceId: r.workspace_id, sids: [] };
    entry.sids.push(r.family_id);
    byMember.set(key, entry);
  }
  await Promise.all([...byMember.values()].map((m) => closeMemberSockets(env, m.workspaceId, m.userId, { sids: m.sids, reason: "session_ended" })));
}

/** Every socket of a user, in one workspace or (without one) in all of theirs. */
export async function closeUserSockets(env: LiveSocketsEnv, userId: string, workspaceId?: string): Promise<void> {
  if (!env.WORKSPACE_HUB) return;
  const workspaces = workspaceId
    ? [workspaceId]
    : (await env.DB.prepare(`select workspace_id from memberships where user_id = ?1`).bind(userId).all<{ workspace_id: string }>()).results.map((r) => r.workspace_id);
  await Promise.all(workspaces.map((w) => closeMemberSockets(env, w, userId, { reason: "session_ended" })));
}
