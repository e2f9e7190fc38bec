import { recordAudit } from "../audit/record";
import { assertCanAdd } from "../billing/quota";
import { check, enforce, refund } from "../auth/limits";
import { verifyUserTotp } from "../auth/mfa";
import { assertStrongPassword, hashPassword, normaliseEmail, verifyPassword } from "../auth/password";
import type { Role } from "../auth/permissions";
import { sendInvitationEmail } from "../auth/mail-templates";
import { type ClientInfo, type TokenResponse, startSession } from "../auth/sessions";
import { sha256Hex } from "../lib/crypto";
import { AppError, badRequest, conflict, notFound, unauthorized } from "../lib/errors";
import { newId, nowIso, randomToken } from "../lib/ids";
import type { Call, RequestCtx } from "../lib/service";
import { assertCanGrant } from "./context";

export const INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  status: "pending" | "accepted" | "revoked" | "expired";
  invited_by: string | null;
  expires_at: string;
  created_at: string;
}

interface InvitationRow {
  id: string;
  workspace_id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

const status = (r: InvitationRow): InvitationView["status"] =>
  r.accepted_at ? "accepted" : r.revoked_at ? "revoked" : r.expires_at <= nowIso() ? "expired" : "pending";

const view = (r: InvitationRow): InvitationView => ({
  id: r.id,
  email: r.email,
  role: r.role,
  status: status(r),
  invited_by: r.invited_by,
  expires_at: r.expires_at,
  created_at: r.created_at,
});

/** Invites an email to the workspace; a pending invitation to the same email is replaced. */
export async function createInvitation({ ctx, input }: Call<{ email: string; role: Role }>): Promise<InvitationView> {
  assertCanGrant(ctx, input.role);
  const email = normaliseEmail(input.email);
  const { DB } = ctx.env;
  const member = await DB.prepare(`select 1 from memberships m join users u on u.id = m.user_id where m.workspace_id = ?1 and u.email = ?2`)
    .bind(ctx.auth.workspaceId, email)
    .first();
  if (member) throw conflict("ALREADY_MEMBER", "This person is already a member of the workspace");
  const now = nowIso();
  // a pending invitation to the same email already holds the seat this one replaces
  const pending = await DB.prepare(`select 1 from invitations where workspace_id = ?1 and email = ?2 and accepted_at is null and revoked_at is null and expires_at > ?3`)
    .bind(ctx.auth.workspaceId, email, now)
    .first();
  await assertCanAdd(ctx.env, ctx.auth.workspaceId, "seats", pending ? 0 : 1);
  const { results: replaced } = await DB.prepare(
    `update invitations set revoked_at = ?1 where workspace_id = ?2 and email = ?3 and accepted_at is null and revoked_at is null returning id, role`,
  )
    .bind(now, ctx.auth.workspaceId, email)
    .all<{ id: string; role: Role }>();
  // a replaced invitation is a revoked one: its link stops working
  for (const old of replaced) {
    await recordAudit(ctx, ctx.auth, { action: "invitation.revoked", resource_type: "invitation", resource_id: old.id, changes: { before: { email, role: old.role }, reason: "replaced" } });
  }
  const token = randomToken(40);
  const row: InvitationRow = {
    id: newId("inv"),
    workspace_id: ctx.auth.workspaceId,
    email,
    role: input.role,
    invited_by: ctx.auth.userId,
    expires_at: new Date(Date.now() + INVITATION_TTL_SECONDS * 1000).toISOString(),
    accepted_at: null,
    revoked_at: null,
    created_at: now,
  };
  await DB.prepare(`insert into invitations (id, workspace_id, email, role, token_hash, invited_by, expires_at, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`)
    .bind(row.id, row.workspace_id, row.email, row.role, await sha256Hex(token), row.invited_by, row.expires_at, row.created_at)
    .run();
  const names = await DB.prepare(`select w.name as workspace_name, (select name from users where id = ?2) as inviter from workspaces w where w.id = ?1`)
    .bind(ctx.auth.workspaceId, ctx.auth.userId)
    .first<{ workspace_name: string; inviter: string | null }>();
  await sendInvitationEmail(
    ctx.env,
    { email, role: row.role, workspaceName: names?.workspace_name ?? "a workspace", inviterName: names?.inviter ?? "Your team", workspaceId: row.workspace_id },
    token,
  );
  await recordAudit(ctx, ctx.auth, { action: "invitation.created", resource_type: "invitation", resource_id: row.id, changes: { after: { email, role: row.role } } });
  return view(row);
}

export async function listPendingInvitations({ ctx }: Call<void>): Promise<InvitationView[]> {
  const { results } = await ctx.env.DB.prepare(
    `select * from invitations where workspace_id = ?1 and accepted_at is null and revoked_at is null and expires_at > ?2 order by created_at desc`,
  )
    .bind(ctx.auth.workspaceId, nowIso())
    .all<InvitationRow>();
  return results.map(view);
}

export async function revokeInvitation({ ctx, input: { id } }: Call<{ id: string }>): Promise<void> {
  const row = await ctx.env.DB.prepare(`select * from invitations where id = ?1 and workspace_id = ?2`).bind(id, ctx.auth.workspaceId).first<InvitationRow>();
  if (!row) throw notFound("Invitation");
  if (row.accepted_at) throw conflict("INVITATION_ACCEPTED", "This invitation was already accepted; remove the member instead");
  if (row.revoked_at) return;
  await ctx.env.DB.prepare(`update invitations set revoked_at = ?1 where id = ?2`).bind(nowIso(), id).run();
  await recordAudit(ctx, ctx.auth, { action: "invitation.revoked", resource_type: "invitation", resource_id: id, changes: { before: { email: row.email, role: row.role } } });
}

async function pendingByToken(env: Pick<Env, "DB">, token: string): Promise<InvitationRow & { workspace_name: string }> {
  const row = await env.DB.prepare(
    `select i.*, w.name as workspace_name from invitations i join workspaces w on w.id = i.workspace_id
     where i.token_hash = ?1 and w.deleted_at is null`,
  )
    .bind(await sha256Hex(token))
    .first<InvitationRow & { workspace_name: string }>();
  if (!row || status(row) !== "pending") throw badRequest("INVALID_TOKEN", "This invitation is invalid, has expired, was revoked or was already used");
  return row;
}

/** Public: what the accept-invite page shows before the person decides. */
export async function lookupInvitation({ ctx, input: { token } }: Call<{ token: string }, RequestCtx>) {
  const row = await pendingByToken(ctx.env, token);
  const user = await ctx.env.DB.prepare(`select 1 from users where email = ?1`).bind(row.email).first();
  return { workspace_name: row.workspace_name, email: row.email, role: row.role, account_exists: Boolean(user), expires_at: row.expires_at };
}

export interface AcceptInput {
  token: string;
  name?: string;
  password?: string;
  mfa_code?: string;
}

/**
 * Public: joins the invited workspace and signs in there. A new email gets an
 * account (name and password required; the mailed link proves the address).
 * An existing account proves itself with its password (and TOTP code if on).
 */
export async function acceptInvitation({ ctx, input }: Call<AcceptInput, RequestCtx>): Promise<TokenResponse> {
  const { env } = ctx;
  const client: ClientInfo = ctx.client ?? { ip: null, userAgent: null };
  const inv = await pendingByToken(env, input.token);
  const now = nowIso();
  let user = await env.DB.prepare(`select id, email, name, password_hash, mfa_enabled, mfa_secret, status from users where email = ?1`)
    .bind(inv.email)
    .first<{ id: string; email: string; name: string; password_hash: string | null; mfa_enabled: number; mfa_secret: string | null; status: string }>();
  const statements: D1PreparedStatement[] = [];
  if (user) {
    // proving an existing account is a sign-in: the same failure limits apply
    const failures = [check("loginFailuresPerIpAndEmail", `${client.ip ?? "unknown"}:${user.email}`), check("loginFailuresPerIp", client.ip ?? "unknown")];
    await enforce(env, failures, "Too many failed sign-in attempts; try again later");
    if (!input.password || !(await verifyPassword(input.password, user.password_hash))) {
      throw unauthorized("Sign in with the password of your existing account to accept", "INVALID_CREDENTIALS");
    }
    await refund(env, failures);
    if (user.mfa_enabled) {
      if (!input.mfa_code) throw unauthorized("Enter the code from your authenticator app", "MFA_REQUIRED");
      if (!(await verifyUserTotp(env, user.mfa_secret, input.mfa_code))) throw unauthorized("The two-factor code is not valid", "INVALID_MFA_CODE");
    }
    if (user.status !== "active") throw new AppError(403, "ACCOUNT_DEACTIVATED", "This account is deactivated");
    const existing = await env.DB.prepare(`select 1 from memberships where workspace_id = ?1 and user_id = ?2`).bind(inv.workspace_id, user.id).first();
    if (existing) throw conflict("ALREADY_MEMBER", "You are already a member of this workspace");
  } else {
    if (!input.name?.trim()) throw badRequest("NAME_REQUIRED", "Your name is required to create an account", { field: "name" });
    if (!input.password) throw badRequest("PASSWORD_REQUIRED", "Choose a password to create an account", { field: "password" });
    assertStrongPassword(input.password);
    const id = newId("usr");
    statements.push(
      env.DB.prepare(
        `insert into users (id, email, name, password_hash, email_verified_at, status, created_at, updated_at) values (?1, ?2, ?3, ?4, ?5, 'active', ?5, ?5)`,
      ).bind(id, inv.email, input.name.trim(), await hashPassword(input.password), now),
    );
    user = { id, email: inv.email, name: input.name.trim(), password_hash: null, mfa_enabled: 0, mfa_secret: null, status: "active" };
  }
  // Claim the invitation and join in one batch: a token can be accepted once.
  statements.push(
    env.DB.prepare(
      `insert into memberships (workspace_id, user_id, role, status, created_at, updated_at)
       select ?1, ?2, ?3, 'active', ?4, ?4 where exists (select 1 from invitations where id = ?5 and accepted_at is null and revoked_at is null)`,
    ).bind(inv.workspace_id, user.id, inv.role, now, inv.id),
    env.DB.prepare(`update invitations set accepted_at = ?1 where id = ?2 and accepted_at is null and revoked_at is null`).bind(now, inv.id),
  );
  let results: D1Result[];
  try {
    results = await env.DB.batch(statements);
  } catch (err) {
    // Two accepts racing for a new email: the loser's user insert hits the unique email.
    if (/UNIQUE constraint failed/i.test(String(err))) throw badRequest("INVALID_TOKEN", "This invitation was already used");
    throw err;
  }
  if (!results.at(-1)?.meta.changes) throw badRequest("INVALID_TOKEN", "This invitation was already used");
  await env.DB.prepare(`update users set last_login_at = ?1 where id = ?2`).bind(now, user.id).run();
  await recordAudit(ctx, { workspaceId: inv.workspace_id, userId: user.id }, {
    action: "invitation.accepted",
    resource_type: "invitation",
    resource_id: inv.id,
    changes: { after: { user_id: user.id, email: inv.email, role: inv.role } },
  });
  return startSession(env, user, inv.workspace_id, inv.role, client);
}
