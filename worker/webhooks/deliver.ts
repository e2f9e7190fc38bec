import { sendEmail } from "../notify/email";
import { safeFetch } from "../lib/safe-fetch";
import { checkDeliveryUrl } from "./url";
import { nowIso } from "../lib/ids";
import { decryptSecret } from "../lib/secrets";
import { RetryLater } from "../outbound/messages";
import { signPayload, webhookSecretAd } from "./signature";

const TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 1024;
const MAX_REDIRECTS = 3;

interface DeliveryRow {
  id: string;
  workspace_id: string;
  webhook_id: string;
  event: string;
  payload: string;
  status: string;
  url: string;
  secret_enc: string;
  active: number;
}

/**
 * One attempt at a webhook delivery, through the shared SSRF-guarded fetch: the
 * URL is checked again (DNS answers change: private, loopback and metadata
 * addresses are refused), the body is signed, only 307/308 redirects are
 * followed (each hop checked again, the POST and its signed body kept; a
 * 301/302/303 is not followed), the first 1 KB of the answer is kept within
 * 10 s, and the attempt is written to the delivery log. Anything but a 2xx
 * throws, so the queue retries with backoff.
 */
export async function deliverWebhook(env: Env, deliveryId: string, attempt: number): Promise<void> {
  const row = await env.DB.prepare(
    `SELECT d.id, d.workspace_id, d.webhook_id, d.event, d.payload, d.status, w.url, w.secret_enc, w.active
     FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?1`,
  )
    .bind(deliveryId)
    .first<DeliveryRow>();
  if (!row || row.status === "delivered") return; // webhook deleted, or already delivered (a retry raced the success)
  if (!row.active) {
    await record(env, row.id, { status: "skipped", error: "The webhook is inactive" });
    return;
  }
  const check = await checkDeliveryUrl(env, row.url);
  if (!check.ok) {
    await record(env, row.id, { status: "retrying", error: check.message });
    throw new RetryLater(`webhook URL refused: ${check.message}`);
  }
  const secret = await decryptSecret(env, row.secret_enc, webhookSecretAd(row.workspace_id, row.webhook_id));
  const t = Math.floor(Date.now() / 1000);
  const res = await safeFetch(check.url.toString(), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "*/*",
      "user-agent": "MiniChat-Webhooks/1.0",
      "minichat-event": row.event,
      "minichat-delivery": row.id,
      "minichat-signature": await signPayload(secret, t, row.payload),
    },
    body: row.payload,
    // only a 307/308 keeps the POST and its body; a 301/302/303 would turn the delivery into an empty GET
    redirects: "same-method",
    maxRedirects: MAX_REDIRECTS,
    httpsOnly: env.APP_ENV === "production",
    timeoutMs: TIMEOUT_MS,
    maxBytes: EXCERPT_BYTES,
    overflow: "truncate",
    accept: null,
    errorStatus: "read",
  });
  if (!res.ok) {
    const message =
      res.code === "TIMEOUT" ? `No answer within ${TIMEOUT_MS / 1000} s` : res.code === "FETCH_FAILED" ? `Request failed: ${res.message}` : `${res.message} (${res.url})`;
    await record(env, row.id, { status: "retrying", error: message, attempt });
    throw new RetryLater(message);
  }
  const excerpt = res.body;
  if (res.status >= 200 && res.status < 300) {
    await record(env, row.id, { status: "delivered", responseStatus: res.status, excerpt, error: null, attempt });
    await env.DB.prepare(`UPDATE webhooks SET failing = 0 WHERE id = ?1 AND failing = 1`).bind(row.webhook_id).run();
    return;
  }
  const error = res.status >= 300 && res.status < 400 ? `Redirect to ${res.headers.get("location") ?? "?"} not followed` : `The endpoint answered ${res.status}`;
  await record(env, row.id, { status: "retrying", responseStatus: res.status, excerpt, error, attempt });
  throw new RetryLater(error, res.status === 429 ? Number(res.headers.get("retry-after")) || null : null);
}

/** Past the retry budget: the delivery is failed, the webhook marked failing, and the workspace's owners are told by email. */
export async function markWebhookDead(env: Env, deliveryId: string, reason: string): Promise<void> {
  const row = await env.DB.prepare(`SELECT webhook_id, workspace_id FROM webhook_deliveries WHERE id = ?1`).bind(deliveryId).first<{ webhook_id: string; workspace_id: string }>();
  if (!row) return;
  const now = nowIso();
  await env.DB.batch([
    env.DB.prepare(`UPDATE webhook_deliveries SET status = 'failed', error = ?2, updated_at = ?3 WHERE id = ?1`).bind(deliveryId, reason.slice(0, 500), now),
    env.DB.prepare(`UPDATE webhooks SET failing = 1, last_failure = ?2, updated_at = ?3 WHERE id = ?1`).bind(row.webhook_id, reason.slice(0, 500), now),
  ]);
  const hook = await env.DB.prepare(`SELECT url FROM webhooks WHERE id = ?1`).bind(row.webhook_id).first<{ url: string }>();
  const owners = await env.DB.prepare(
    `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ?1 AND m.role = 'owner' AND m.status = 'active'`,
  )
    .bind(row.workspace_id)
    .all<{ email: string }>();
  for (const o of owners.results) {
    await sendEmail(env, {
      workspaceId: row.workspace_id,
      to: o.email,
      subject: "A MiniChat webhook is failing",
      text: `Deliveries to ${hook?.url ?? "your webhook"} have failed for about a day and were given up (last error: ${reason.slice(0, 200)}).\n\nThe delivery log in Settings → Webhooks shows each attempt; fix the endpoint and press "Redeliver".`,
    });
  }
}

async function record(
  env: Env,
  id: string,
  r: { status: string; error?: string | null; responseStatus?: number; excerpt?: string; attempt?: number },
): Promise<void> {
  await env.DB.prepare(
    `UPDATE webhook_deliveries SET status = ?2, error = ?3, response_status = COALESCE(?4, response_status), response_excerpt = COALESCE(?5, response_excerpt),
       attempts = attempts + ?6, updated_at = ?7 WHERE id = ?1`,
  )
    .bind(id, r.status, r.error ?? null, r.responseStatus ?? null, r.excerpt ?? null, r.attempt ? 1 : 0, nowIso())
    .run();
}
