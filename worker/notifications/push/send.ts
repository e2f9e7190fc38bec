import { checkUrl, outboundFetch } from "../../lib/safe-fetch";
import { nowIso } from "../../lib/ids";
import type { OutboundJobOf } from "../../outbound/messages";
import { DONE, failed, retry, type SendOutcome } from "../outcome";
import { encryptPushPayload, vapidAuthorization } from "./encrypt";
import { vapidKeys, vapidSubject } from "./vapid";

const TIMEOUT_MS = 10_000;
/** How long a push service keeps an undelivered message (the browser may be offline). */
const TTL_SECONDS = 4 * 3600;

interface SubscriptionRow {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * One push to one browser: the payload encrypted for it (RFC 8291), signed for
 * by the platform's VAPID key (RFC 8292), POSTed to its push service. 201/2xx
 * done; 404/410 mean the browser dropped the subscription: it is deleted;
 * 429/5xx retry; another 4xx fails for good.
 */
export async function sendPush(env: Env, job: OutboundJobOf<"push.send">): Promise<SendOutcome> {
  const sub = await env.DB.prepare(`SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE id = ?1`).bind(job.subscription_id).first<SubscriptionRow>();
  if (!sub) return DONE; // unsubscribed meanwhile
  const checked = await checkUrl(sub.endpoint);
  if (!checked.ok) return retry(`push endpoint refused: ${checked.message}`);
  const keys = await vapidKeys(env);
  const body = await encryptPushPayload(new TextEncoder().encode(JSON.stringify(job.payload)), sub);
  const headers: Record<string, string> = {
    "content-type": "application/octet-stream",
    "content-encoding": "aes128gcm",
    ttl: String(TTL_SECONDS),
    urgency: job.payload.kind === "escalation" || job.payload.kind === "assignment" ? "high" : "normal",
    authorization: await vapidAuthorization(sub.endpoint, keys, vapidSubject(env)),
  };
  let res: Response;
  try {
    res = await outboundFetch(new Request(checked.url.toString(), { method: "POST", redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS), headers, body }));
  } catch (err) {
    return retry(`push service unreachable: ${err instanceof Error ? err.message : String(err)}`);
  }
  await res.body?.cancel();
  if (res.ok) {
    await env.DB.prepare(`UPDATE push_subscriptions SET last_sent_at = ?2 WHERE id = ?1`).bind(sub.id, nowIso()).run();
    return DONE;
  }
  if (res.status === 404 || res.status === 410) {
    await env.DB.prepare(`DELETE FROM push_subscriptions WHERE id = ?1`).bind(sub.id).run();
    return DONE;
  }
  if (res.status === 429) return retry("push service rate limit", Number(res.headers.get("retry-after")) || null);
  if (res.status >= 500) return retry(`push service answered ${res.status}`);
  return failed(`push service answered ${res.status}`);
}
