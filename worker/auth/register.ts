import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { memberships, users, workspaces, type User, type Workspace } from "../db/schema";
import { conflict } from "../lib/errors";
import { newId, nowIso, randomToken } from "../lib/ids";
import type { Call, RequestCtx } from "../lib/service";
import { sendVerificationEmail } from "./mail-templates";
import { issueOneTimeToken } from "./one-time-tokens";
import { assertStrongPassword, hashPassword, normaliseEmail } from "./password";

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  workspace_name: string;
}

/** A sign-up's fields, plus how the account came to be when not by the sign-up form (Google, the demo seed). */
export interface RegisterOwnerInput extends RegisterInput {
  via?: { emailVerified?: boolean; googleId?: string | null; passwordHash?: string | null };
}

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "workspace";
}

/** A slug no other workspace has: the name's slug, or it plus a short random suffix. */
export async function uniqueSlug(env: Pick<Env, "DB">, name: string): Promise<string> {
  const base = slugify(name);
  const db = getDb(env);
  for (let i = 0; i < 5; i++) {
    const slug = i === 0 ? base : `${base}-${randomToken(5).toLowerCase()}`;
    const taken = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug)).get();
    if (!taken) return slug;
  }
  return `${base}-${randomToken(10).toLowerCase()}`;
}

export async function assertEmailFree(env: Pick<Env, "DB">, email: string): Promise<void> {
  const taken = await getDb(env).select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (taken) throw conflict("EMAIL_TAKEN", "An account with this email already exists");
}

/**
 * Creates a user, their workspace (unique slug) and the owner membership in one
 * batch, then mails an email-verification link. Used by sign-up and the demo seed.
 */
export async function registerWorkspaceOwner({ ctx: { env }, input: { via: opts = {}, ...input } }: Call<RegisterOwnerInput, RequestCtx>): Promise<{ user: User; workspace: Workspace }> {
  const email = normaliseEmail(input.email);
  let passwordHash = opts.passwordHash ?? null;
  if (!passwordHash && !opts.googleId) {
    assertStrongPassword(input.password);
    passwordHash = await hashPassword(input.password);
  }
  await assertEmailFree(env, email);

  const now = nowIso();
  const workspace: Workspace = {
    id: newId("ws"),
    name: input.workspace_name.trim(),
    slug: await uniqueSlug(env, input.workspace_name),
    // every workspace starts free; the trial starts when an owner picks a paid plan in Checkout
    plan: "free",
    planExpiresAt: null,
    billingStatus: "none",
    billingInterval: null,
    trialEndsAt: null,
    currentPeriodEnd: null,
    pastDueSince: null,
    stripeCustomerId: null,
    stripeSubscriptionId: null,
    suspendedAt: null,
    settings: {},
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  const user: User = {
    id: newId("usr"),
    email,
    name: input.name.trim(),
    passwordHash,
    emailVerifiedAt: opts.emailVerified ? now : null,
    googleId: opts.googleId ?? null,
    mfaSecret: null,
    mfaEnabled: false,
    status: "active",
    lastLoginAt: null,
    locale: null,
    createdAt: now,
    updatedAt: now,
  };
  const db = getDb(env);
  try {
    await db.batch([
      db.insert(workspaces).values(workspace),
      db.insert(users).values(user),
      db.insert(memberships).values({ workspaceId: workspace.id, userId: user.id, role: "owner", status: "active", createdAt: now, updatedAt: now }),
    ]);
  } catch (err) {
    if (/UNIQUE constraint failed: users\.email/i.test(String(err))) throw conflict("EMAIL_TAKEN", "An account with this email already exists");
    throw err;
  }
  if (!user.emailVerifiedAt) {
    const token = await issueOneTimeToken(env, user.id, "verify_email");
    await sendVerificationEmail(env, user, token, workspace.id);
  }
  return { user, workspace };
}
