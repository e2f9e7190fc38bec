import { checkUrl } from "../../lib/safe-fetch";
import { badRequest, notFound } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import type { Call } from "../../lib/service";
import { b64urlDecode } from "./encrypt";

export interface PushSubscriptionIn {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushSubscriptionOut {
  id: string;
  endpoint_host: string;
  user_agent: string | null;
  created_at: string;
  last_sent_at: string | null;
}

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const decodedLength = (s: string) => Math.floor((s.replace(/=+$/, "").length * 3) / 4);

/**
 * Saves this browser's subscription for the signed-in member (the same endpoint
 * again replaces its keys). The endpoint must be https on a public host: it is
 * where the Worker will POST.
 */
export async function subscribePush({ ctx, input }: Call<PushSubscriptionIn & { userAgent: string | null }>): Promise<PushSubscriptionOut> {
  const { endpoint, keys } = input;
  if (!endpoint.startsWith("https://")) throw badRequest("PUSH_ENDPOINT_INVALID", "Push endpoints use https");
  const checked = await checkUrl(endpoint, { skipDns: true });
  if (!checked.ok) throw badRequest("PUSH_ENDPOINT_INVALID", checked.message);
  if (!B64URL.test(keys.p256dh) || decodedLength(keys.p256dh) !== 65) throw badRequest("PUSH_KEYS_INVALID", "keys.p256dh must be an uncompressed P-256 public key (65 bytes, base64url)");
  if (!B64URL.test(keys.auth) || decodedLength(keys.auth) !== 16) throw badRequest("PUSH_KEYS_INVALID", "keys.auth must be a 16-byte secret (base64url)");
  try {
    // a point not on the curve would fail every send: refuse it now
    await crypto.subtle.importKey("raw", b64urlDecode(keys.p256dh), { name: "ECDH", namedCurve: "P-256" }, false, []);
  } catch {
    throw badRequest("PUSH_KEYS_INVALID", "keys.p256dh is not a P-256 public key");
  }
  const { workspaceId, userId } = ctx.auth;
  const now = nowIso();
  await ctx.env.DB.prepare(
    `INSERT INTO push_subscriptions (id, workspace_id, user_id, endpoint, p256dh, auth, user_agent, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
     ON CONFLICT (workspace_id, user_id, endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, user_agent = excluded.user_agent`,
  )
    .bind(newId("psub"), workspaceId, userId, endpoint, keys.p256dh, keys.auth, input.userAgent?.slice(0, 300) ?? null, now)
    .run();
  const row = await ctx.env.DB.prepare(`SELECT id, endpoint, user_agent, created_at, last_sent_at FROM push_subscriptions WHERE workspace_id = ?1 AND user_id = ?2 AND endpoint = ?3`)
    .bind(workspaceId, userId, endpoint)
    .first<Row>();
  return shape(row!);
}

interface Row {
  id: string;
  endpoint: string;
  user_agent: string | null;
  created_at: string;
  last_sent_at: string | null;
}

const shape = (r: Row): PushSubscriptionOut => ({ id: r.id, endpoint_host: new URL(r.endpoint).host, user_agent: r.user_agent, created_at: r.created_at, last_sent_at: r.last_sent_at });

/** The member's browsers with push on (the endpoints themselves are capability URLs: only their host is shown). */
export async function listPushSubscriptions({ ctx }: Call<void>): Promise<PushSubscriptionOut[]> {
  const { results } = await ctx.env.DB.prepare(`SELECT id, endpoint, user_agent, created_at, last_sent_at FROM push_subscriptions WHERE workspace_id = ?1 AND user_id = ?2 ORDER BY created_at DESC`)
    .bind(ctx.auth.workspaceId, ctx.auth.userId)
    .all<Row>();
  return results.map(shape);
}

/** Removes one of the member's browsers, by id or by endpoint (a browser that unsubscribes knows only its endpoint). */
export async function unsubscribePush({ ctx, input }: Call<{ id?: string | undefined; endpoint?: string | undefined }>): Promise<void> {
  if (!input.id && !input.endpoint) throw badRequest("PUSH_SUBSCRIPTION_REQUIRED", "Give the subscription's id or endpoint");
  const r = await ctx.env.DB.prepare(`DELETE FROM push_subscriptions WHERE workspace_id = ?1 AND user_id = ?2 AND (id = ?3 OR endpoint = ?4)`)
    .bind(ctx.auth.workspaceId, ctx.auth.userId, input.id ?? null, input.endpoint ?? null)
    .run();
  if (!r.meta.changes) throw notFound("Push subscription");
}
