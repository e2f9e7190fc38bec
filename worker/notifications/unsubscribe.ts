import { hmacHex } from "../../common/hmac";
import { timingSafeEqual } from "../lib/crypto";
import { NOTIFICATION_KINDS, type NotificationKind } from "./kinds";
import { putPreferences } from "./preferences";

/** Who an unsubscribe link is for: one member of one workspace, one kind of notification email. */
export interface UnsubscribeTarget {
  workspaceId: string;
  userId: string;
  kind: NotificationKind;
}

const signed = (env: Pick<Env, "JWT_SECRET">, t: UnsubscribeTarget) => hmacHex(env.JWT_SECRET, `unsubscribe:${t.workspaceId}:${t.userId}:${t.kind}`);

/**
 * The link in a notification email that turns that kind of email off for that
 * member (and the `List-Unsubscribe` target mail clients offer as a button).
 * Signed, so it needs no sign-in and names nothing else; it never expires, as
 * an unsubscribe link must keep working.
 */
export async function unsubscribeUrl(env: Pick<Env, "JWT_SECRET" | "APP_URL">, t: UnsubscribeTarget): Promise<string> {
  const q = new URLSearchParams({ w: t.workspaceId, u: t.userId, k: t.kind, s: await signed(env, t) });
  return `${(env.APP_URL ?? "").replace(/\/+$/, "")}/api/v1/unsubscribe?${q}`;
}

/** The target a link names, if its signature holds. */
export async function targetOf(env: Pick<Env, "JWT_SECRET">, q: { w: string; u: string; k: string; s: string }): Promise<UnsubscribeTarget | null> {
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(q.k)) return null;
  const t = { workspaceId: q.w, userId: q.u, kind: q.k as NotificationKind };
  return timingSafeEqual(await signed(env, t), q.s) ? t : null;
}

/** Turns the kind's email off for the member (their other choices stay). */
export async function unsubscribe(env: Env, t: UnsubscribeTarget): Promise<void> {
  await putPreferences({
    ctx: { env, auth: { workspaceId: t.workspaceId, userId: t.userId, role: "viewer", apiKeyId: null, scopes: null } },
    input: { [t.kind]: { email: false } },
  });
}
