import { sha256Hex } from "../lib/crypto";
import { nowIso } from "../lib/ids";
import type { OutboundJob, OutboundJobOf } from "../outbound/messages";

import type { WebhookEvent } from "./url";

interface PendingEvent {
  key: string;
  event: WebhookEvent;
  data: Record<string, unknown>;
}

/**
 * Turns one flush's activity into webhook deliveries: one row per subscribed
 * webhook and event (the row id is derived from both, so a repeated flush adds
 * nothing) and one `webhook.delivery` job per row not yet delivered.
 */
export async function webhookJobs(env: Env, job: OutboundJobOf<"conversation.activity">): Promise<OutboundJob[]> {
  const hooks = (
    await env.DB.prepare(`SELECT id, events FROM webhooks WHERE workspace_id = ?1 AND active = 1`).bind(job.workspace_id).all<{ id: string; events: string }>()
  ).results;
  if (!hooks.length) return [];
  const wanted = new Set(hooks.flatMap((h) => JSON.parse(h.events) as string[]));
  const events = await collectEvents(env, job, wanted);
  if (!events.length) return [];
  const now = nowIso();
  const ids: string[] = [];
  const statements: D1PreparedStatement[] = [];
  for (const h of hooks) {
    const subscribed = new Set(JSON.parse(h.events) as string[]);
    for (const e of events) {
      if (!subscribed.has(e.event)) continue;
      const id = `whd_${(await sha256Hex(`${h.id}:${e.key}`)).slice(0, 24)}`;
      const payload = JSON.stringify({ id, type: e.event, created_at: now, workspace_id: job.workspace_id, data: e.data });
      ids.push(id);
      statements.push(
        env.DB.prepare(
          `INSERT OR IGNORE INTO webhook_deliveries (id, workspace_id, webhook_id, event, payload, status, attempts, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 0, ?6, ?6)`,
        ).bind(id, job.workspace_id, h.id, e.event, payload, now),
      );
    }
  }
  if (!statements.length) return [];
  await env.DB.batch(statements);
  const pending = await env.DB.prepare(`SELECT id FROM webhook_deliveries WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'pending'`)
    .bind(JSON.stringify(ids))
    .all<{ id: string }>();
  return pending.results.map((r) => ({ type: "webhook.delivery", delivery_id: r.id }));
}

async function collectEvents(env: Env, job: OutboundJobOf<"conversation.activity">, wanted: Set<string>): Promise<PendingEvent[]> {
  const out: PendingEvent[] = [];
  const conversation = await conversationData(env, job);
  if (!conversation) return [];
  for (const e of job.events) {
    const event: WebhookEvent | null =
      e.type === "created" ? "conversation.created"
      : e.type === "status_changed" && e.to_status === "escalated" ? "conversation.escalated"
      : e.type === "status_changed" && e.to_status === "resolved" ? "conversation.resolved"
      : e.type === "rated" ? "rating.created"
      : null;
    if (!event || !wanted.has(event)) continue;
    const data: Record<string, unknown> = { conversation };
    if (event === "rating.created") Object.assign(data, { rating: conversation.rating, comment: conversation.rating_comment });
    out.push({ key: e.id, event, data });
  }
  if (wanted.has("message.created") && job.messages.length) {
    const rows = await env.DB.prepare(
      `SELECT id, seq, role, author_id, author_name, text, created_at FROM messages WHERE conversation_id = ?1 AND id IN (SELECT value FROM json_each(?2)) ORDER BY seq`,
    )
      .bind(job.conversation_id, JSON.stringify(job.messages.map((m) => m.id)))
      .all<Record<string, unknown>>();
    for (const m of rows.results) out.push({ key: String(m.id), event: "message.created", data: { conversation_id: job.conversation_id, channel: conversation.channel, message: m } });
  }
  if (wanted.has("lead.updated") && job.visitor_id) {
    const v = await env.DB.prepare(`SELECT id, name, email, phone FROM visitors WHERE id = ?1 AND workspace_id = ?2`).bind(job.visitor_id, job.workspace_id).first();
    if (v) out.push({ key: `lead:${job.visitor_id}:${JSON.stringify(v)}`, event: "lead.updated", data: { conversation_id: job.conversation_id, visitor: v } });
  }
  return out;
}

async function conversationData(env: Env, job: OutboundJobOf<"conversation.activity">) {
  return env.DB.prepare(
    `SELECT id, chatbot_id, visitor_id, channel, channel_user_id, status, mode, assigned_agent_id, subject, escalation_reason, rating, rating_comment,
            message_count, created_at, resolved_at
     FROM conversations WHERE id = ?1 AND workspace_id = ?2`,
  )
    .bind(job.conversation_id, job.workspace_id)
    .first<Record<string, unknown> & { channel: string; rating: number | null; rating_comment: string | null }>();
}
