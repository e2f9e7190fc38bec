import { sendEmail } from "../notify/email";
import { outboundFetch } from "../knowledge/crawl/safe-fetch";
import { checkDeliveryUrl } from "./url";
import { nowIso } from "../lib/ids";
import { decryptSecret } from "../lib/secrets";
import { RetryLater } from "../outbound/messages";
import { signPayload, webhookSecretAd } from "./signature";

const TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 1024;

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
 * One attempt at a webhook delivery: the URL is checked again (DNS answers
 * change: private, loopback and metadata addresses are refused), the body is
 * signed, redirects are not followed, the answer is read up to 1 KB within
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
  let res: Response;
  try {
    res = await outboundFetch(
      new Request(check.url.toString(), {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          "content-type": "application/json",
          "user-agent": "MiniChat-Webhooks/1.0",
          "minichat-event": row.event,
          "minichat-delivery": row.id,
          "minichat-signature": await signPayload(secret, t, row.payload),
        },
        body: row.payload,
      }),
    );
  } catch (err) {
    const message = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError") ? `No answer within ${TIMEOUT_MS / 1000} s` : `Request failed: ${err instanceof Error ? err.message : err}`;
    await record(env, row.id, { status: "retrying", error: message, attempt });
    throw new RetryLater(message);
  }
  const excerpt = await readExcerpt(res);
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

async function readExcerpt(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  while (size < EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const all = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.byteLength;
  }
  return new TextDecoder().decode(all.slice(0, EXCERPT_BYTES));
}
