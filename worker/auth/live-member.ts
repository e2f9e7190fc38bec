import type { Role } from "./permissions";

/**
 * The member's current role while their membership, account and session
 * family are all live; null once any of them has ended. The live sockets ask
 * this when they open and before every acting frame, so a socket never
 * outlives the permission that opened it.
 */
export async function liveMemberRole(
  db: D1Database,
  who: { workspaceId: string; userId: string; sessionId?: string | null | undefined },
): Promise<Role | null> {
  const row = await db
    .prepare(
      `select m.role as role from memberships m join users u on u.id = m.user_id
       where m.workspace_id = ?1 and m.user_id = ?2 and m.status = 'active' and u.status = 'active'
         and (?3 is null or exists (select 1 from sessions s where s.family_id = ?3 and s.revoked_at is null))`,
    )
    .bind(who.workspaceId, who.userId, who.sessionId ?? null)
    .first<{ role: Role }>();
  return row?.role ?? null;
}
