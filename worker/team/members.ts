import { recordAudit } from "../audit/record";
import type { Role } from "../auth/permissions";
import { closeMemberSockets } from "../auth/live-sockets";
import { revokeUserSessions } from "../auth/sessions";
import { conflict, forbidden, notFound } from "../lib/errors";
import { nowIso } from "../lib/ids";
import type { Call, ServiceCtx } from "../lib/service";
import { assertCanGrant, assertCanManage } from "./context";

export interface MemberView {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  status: "active" | "deactivated";
  email_verified: boolean;
  mfa_enabled: boolean;
  last_login_at: string | null;
  joined_at: string;
}

interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  status: "active" | "deactivated";
  email_verified_at: string | null;
  mfa_enabled: number;
  last_login_at: string | null;
  created_at: string;
}

const SELECT_MEMBER = `select m.user_id, u.email, u.name, m.role, m.status, u.email_verified_at, u.mfa_enabled, u.last_login_at, m.created_at
  from memberships m join users u on u.id = m.user_id`;

const view = (r: MemberRow): MemberView => ({
  user_id: r.user_id,
  email: r.email,
  name: r.name,
  role: r.role,
  status: r.status,
  email_verified: r.email_verified_at !== null,
  mfa_enabled: Boolean(r.mfa_enabled),
  last_login_at: r.last_login_at,
  joined_at: r.created_at,
});

export async function listMembers({ ctx }: Call<void>): Promise<MemberView[]> {
  const { results } = await ctx.env.DB.prepare(`${SELECT_MEMBER} where m.workspace_id = ?1 order by m.created_at asc`).bind(ctx.auth.workspaceId).all<MemberRow>();
  return results.map(view);
}

/** A member of the caller's workspace; anyone else (including other workspaces' users) is 404. */
export async function getMember({ ctx, input: { userId } }: Call<{ userId: string }>): Promise<MemberView> {
  const row = await ctx.env.DB.prepare(`${SELECT_MEMBER} where m.workspace_id = ?1 and m.user_id = ?2`).bind(ctx.auth.workspaceId, userId).first<MemberRow>();
  if (!row) throw notFound("Member");
  return view(row);
}

/** Refuses a change that would leave the workspace without an active owner. */
async function assertNotLastOwner(ctx: ServiceCtx, member: MemberView): Promise<void> {
  if (member.role !== "owner" || member.status !== "active") return;
  const row = await ctx.env.DB.prepare(`select count(*) as n from memberships where workspace_id = ?1 and role = 'owner' and status = 'active'`)
    .bind(ctx.auth.workspaceId)
    .first<{ n: number }>();
  if ((row?.n ?? 0) <= 1) throw conflict("LAST_OWNER", "A workspace needs at least one active owner; make someone else owner first");
}

export async function changeRole({ ctx, input: { userId, role } }: Call<{ userId: string; role: Role }>): Promise<MemberView> {
  const member = await getMember({ ctx, input: { userId } });
  assertCanManage(ctx, member.role);
  assertCanGrant(ctx, role);
  if (member.role === role) return member;
  if (role !== "owner") await assertNotLastOwner(ctx, member);
  await ctx.env.DB.prepare(`update memberships set role = ?1, updated_at = ?2 where workspace_id = ?3 and user_id = ?4`)
    .bind(role, nowIso(), ctx.auth.workspaceId, userId)
    .run();
  // open sockets carry the old role: close them so the dashboard reconnects with the new one
  await closeMemberSockets(ctx.env, ctx.auth.workspaceId, userId, { reason: "role_changed" });
  await recordAudit(ctx, ctx.auth, {
    action: "member.role_changed",
    resource_type: "user",
    resource_id: userId,
    changes: { before: { role: member.role }, after: { role } },
  });
  return { ...member, role };
}

/** Deactivation ends every session the member has in this workspace at once. */
export async function deactivateMember({ ctx, input: { userId } }: Call<{ userId: string }>): Promise<MemberView> {
  const member = await getMember({ ctx, input: { userId } });
  assertCanManage(ctx, member.role);
  if (member.status === "deactivated") return member;
  await assertNotLastOwner(ctx, member);
  await ctx.env.DB.prepare(`update memberships set status = 'deactivated', updated_at = ?1 where workspace_id = ?2 and user_id = ?3`)
    .bind(nowIso(), ctx.auth.workspaceId, userId)
    .run();
  await revokeUserSessions(ctx.env, userId, ctx.auth.workspaceId);
  await recordAudit(ctx, ctx.auth, {
    action: "member.deactivated",
    resource_type: "user",
    resource_id: userId,
    changes: { before: { status: "active" }, after: { status: "deactivated" } },
  });
  return { ...member, status: "deactivated" };
}

export async function reactivateMember({ ctx, input: { userId } }: Call<{ userId: string }>): Promise<MemberView> {
  const member = await getMember({ ctx, input: { userId } });
  assertCanManage(ctx, member.role);
  if (member.status === "active") return member;
  await ctx.env.DB.prepare(`update memberships set status = 'active', updated_at = ?1 where workspace_id = ?2 and user_id = ?3`)
    .bind(nowIso(), ctx.auth.workspaceId, userId)
    .run();
  await recordAudit(ctx, ctx.auth, {
    action: "member.reactivated",
    resource_type: "user",
    resource_id: userId,
    changes: { before: { status: "deactivated" }, after: { status: "active" } },
  });
  return { ...member, status: "active" };
}

async function dropMembership(ctx: ServiceCtx, userId: string): Promise<void> {
  await ctx.env.DB.prepare(`delete from memberships where workspace_id = ?1 and user_id = ?2`).bind(ctx.auth.workspaceId, userId).run();
  await revokeUserSessions(ctx.env, userId, ctx.auth.workspaceId);
}

export async function removeMember({ ctx, input: { userId } }: Call<{ userId: string }>): Promise<void> {
  const member = await getMember({ ctx, input: { userId } });
  assertCanManage(ctx, member.role);
  await assertNotLastOwner(ctx, member);
  await dropMembership(ctx, userId);
  await recordAudit(ctx, ctx.auth, {
    action: "member.removed",
    resource_type: "user",
    resource_id: userId,
    changes: { before: { role: member.role, email: member.email } },
  });
}

/** The caller leaves the workspace (their account stays). */
export async function leaveWorkspace({ ctx }: Call<void>): Promise<void> {
  if (!ctx.auth.userId) throw forbidden("This needs a signed-in user, not an API key", "USER_REQUIRED");
  const member = await getMember({ ctx, input: { userId: ctx.auth.userId } });
  await assertNotLastOwner(ctx, member);
  await dropMembership(ctx, ctx.auth.userId);
  await recordAudit(ctx, ctx.auth, { action: "member.left", resource_type: "user", resource_id: ctx.auth.userId, changes: { before: { role: member.role } } });
}
