import { badRequest, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import { encryptSecret } from "../lib/secrets";
import type { Call, ServiceCtx } from "../lib/service";
import { checkDeliveryUrl, type WebhookEvent } from "./url";
import { newWebhookSecret, webhookSecretAd } from "./signature";

/**
 * The workspace's outgoing webhooks. Every verb takes `{ ctx, input }` with the
 * one `ServiceCtx` (worker/lib/service.ts); the route checks `webhooks:manage`.
 */
type WebhookInput = { url: string; events: WebhookEvent[]; active?: boolean | undefined };
type WebhookPatch = { url?: string | undefined; events?: WebhookEvent[] | undefined; active?: boolean | undefined };

interface WebhookRow {
  id: string;
  url: string;
  events: string;
  active: number;
  failing: number;
  last_failure: string | null;
  created_at: string;
  updated_at: string;
}

const view = (r: WebhookRow) => ({
  id: r.id,
  url: r.url,
  events: JSON.parse(r.events) as string[],
  active: Boolean(r.active),
  failing: Boolean(r.failing),
  last_failure: r.last_failure,
  created_at: r.created_at,
  updated_at: r.updated_at,
});
export type WebhookView = ReturnType<typeof view>;

/** The URL's form at creation: https in production, no IP literal in a private, loopback or metadata range, no internal name (a name that does not resolve yet is accepted: every delivery resolves it again). */
async function assertUrl(ctx: ServiceCtx, url: string) {
  const check = await checkDeliveryUrl(ctx.env, url, { skipDns: true });
  if (!check.ok) throw badRequest("WEBHOOK_URL_REFUSED", check.message, { reason: check.code });
}

export async function createWebhook({ ctx, input }: Call<WebhookInput>) {
  await assertUrl(ctx, input.url);
  const id = newId("wh");
  const secret = newWebhookSecret();
  const now = nowIso();
  await ctx.env.DB.prepare(
    `INSERT INTO webhooks (id, workspace_id, url, events, active, secret_enc, failing, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?8)`,
  )
    .bind(id, ctx.auth.workspaceId, input.url, JSON.stringify([...new Set(input.events)]), input.active === false ? 0 : 1,
      await encryptSecret(ctx.env, secret, webhookSecretAd(ctx.auth.workspaceId, id)), ctx.auth.userId ?? null, now)
    .run();
  return { ...(await getWebhook({ ctx, input: { id } })), secret };
}

export async function listWebhooks({ ctx }: Call<void>) {
  const rows = await ctx.env.DB.prepare(`SELECT * FROM webhooks WHERE workspace_id = ?1 ORDER BY created_at DESC`).bind(ctx.auth.workspaceId).all<WebhookRow>();
  return rows.results.map(view);
}

export async function getWebhook({ ctx, input: { id } }: Call<{ id: string }>): Promise<WebhookView> {
  const row = await ctx.env.DB.prepare(`SELECT * FROM webhooks WHERE id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId).first<WebhookRow>();
  if (!row) throw notFound("Webhook");
  return view(row);
}

export async function updateWebhook({ ctx, input: { id, patch: input } }: Call<{ id: string; patch: WebhookPatch }>) {
  const current = await getWebhook({ ctx, input: { id } });
  if (input.url !== undefined) await assertUrl(ctx, input.url);
  await ctx.env.DB.prepare(`UPDATE webhooks SET url = ?3, events = ?4, active = ?5, failing = CASE WHEN ?5 = 1 AND active = 0 THEN 0 ELSE failing END, updated_at = ?6 WHERE id = ?1 AND workspace_id = ?2`)
    .bind(id, ctx.auth.workspaceId, input.url ?? current.url, JSON.stringify(input.events ? [...new Set(input.events)] : current.events), (input.active ?? current.active) ? 1 : 0, nowIso())
    .run();
  return getWebhook({ ctx, input: { id } });
}

export async function deleteWebhook({ ctx, input: { id } }: Call<{ id: string }>) {
  await getWebhook({ ctx, input: { id } });
  await ctx.env.DB.batch([
    ctx.env.DB.prepare(`DELETE FROM webhook_deliveries WHERE webhook_id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId),
    ctx.env.DB.prepare(`DELETE FROM webhooks WHERE id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId),
  ]);
}

export async function listDeliveries({ ctx, input: { webhookId } }: Call<{ webhookId: string }>) {
  await getWebhook({ ctx, input: { id: webhookId } });
  const rows = await ctx.env.DB.prepare(
    `SELECT id, event, status, attempts, response_status, response_excerpt, error, payload, created_at, updated_at
     FROM webhook_deliveries WHERE webhook_id = ?1 AND workspace_id = ?2 ORDER BY created_at DESC, id LIMIT 100`,
  )
    .bind(webhookId, ctx.auth.workspaceId)
    .all<{ id: string; event: string; status: string; attempts: number; response_status: number | null; response_excerpt: string | null; error: string | null; payload: string; created_at: string; updated_at: string }>();
  return rows.results.map((r) => ({ ...r, request_excerpt: r.payload.slice(0, 1024), payload: undefined }));
}

/** Sends a delivery again (same id and body, a fresh signature): the receiver dedupes on `MiniChat-Delivery`. */
export async function redeliver({ ctx, input: { webhookId, deliveryId } }: Call<{ webhookId: string; deliveryId: string }>) {
  await getWebhook({ ctx, input: { id: webhookId } });
  const r = await ctx.env.DB.prepare(`UPDATE webhook_deliveries SET status = 'pending', error = NULL, updated_at = ?3 WHERE id = ?1 AND webhook_id = ?2`)
    .bind(deliveryId, webhookId, nowIso())
    .run();
  if (!r.meta.changes) throw notFound("Delivery");
  await ctx.env.OUTBOUND.send({ type: "webhook.delivery", delivery_id: deliveryId });
  return { id: deliveryId, status: "pending" };
}
