import { nowIso } from "../../lib/ids";
import type { InboundEvent } from "../types";

/**
 * A provider's delivery report on a part of a sent message: sent → delivered
 * → read only move forward (webhooks arrive out of order); failed records
 * WhatsApp's error where the inbox shows it.
 */
export async function applyDeliveryStatus(env: Env, channelId: string, status: NonNullable<InboundEvent["status"]>): Promise<void> {
  const target = `(SELECT message_id FROM channel_provider_messages WHERE channel_id = ?1 AND provider_message_id = ?2)`;
  if (status.state === "failed") {
    await env.DB.prepare(`UPDATE channel_deliveries SET status = 'failed', error = ?3, updated_at = ?4 WHERE message_id = ${target}`)
      .bind(channelId, status.providerMessageId, status.error ?? "WhatsApp could not deliver the message", nowIso())
      .run();
    return;
  }
  const rank = `CASE status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 9 ELSE 0 END`;
  const next = { sent: 1, delivered: 2, read: 3 }[status.state];
  await env.DB.prepare(`UPDATE channel_deliveries SET status = ?3, error = NULL, updated_at = ?4 WHERE message_id = ${target} AND ${rank} < ?5`)
    .bind(channelId, status.providerMessageId, status.state, nowIso(), next)
    .run();
}
