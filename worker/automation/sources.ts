import type { OutboundJobOf } from "../outbound/messages";
import { runRules, type AutomationEvent } from "./engine";
import type { TriggerType } from "./schema";

/**
 * Where rules' events come from, none of them on a conversation's hot path:
 * - a conversation's flush: the `conversation.activity` message the object
 *   already sends on OUTBOUND (created, escalated, resolved, rated, visitor
 *   messages) runs the rules on the queue consumer;
 * - the 15-minute cron: idle conversations and the orders paid or abandoned
 *   (expired unpaid) since the last scans, read from `order_events`.
 */
export async function rulesOfActivity(env: Env, job: OutboundJobOf<"conversation.activity">): Promise<void> {
  const events: AutomationEvent[] = [];
  const base = { workspaceId: job.workspace_id, conversationId: job.conversation_id };
  for (const e of job.events) {
    const trigger: TriggerType | null =
      e.type === "created" ? "conversation_created"
      : e.type === "status_changed" && e.to_status === "escalated" ? "escalated"
      : e.type === "status_changed" && e.to_status === "resolved" ? "resolved"
      : e.type === "rated" ? "rated"
      : null;
    if (trigger) events.push({ ...base, trigger, key: e.id });
  }
  for (const m of job.messages) if (m.role === "visitor") events.push({ ...base, trigger: "message_received", key: m.id, messageId: m.id });
  if (!events.length) return;
  // one read says which triggers the workspace has rules for
  const { results } = await env.DB.prepare(`SELECT DISTINCT trigger_type FROM automation_rules WHERE workspace_id = ?1 AND enabled = 1`).bind(job.workspace_id).all<{ trigger_type: string }>();
  const wanted = new Set(results.map((r) => r.trigger_type));
  for (const ev of events) if (wanted.has(ev.trigger)) await runRules(env, ev);
}

/** Open statuses a conversation can be idle in. */
const OPEN = `('active','waiting','escalated','agent_handling')`;
/** Most conversations one scan looks at per workspace. */
const SCAN_LIMIT = 200;

/**
 * Conversations quiet for at least a rule's minutes, run once per quiet
 * spell: the key is the conversation and its last visitor or agent message,
 * so a person writing starts a new spell, while a rule's own message does not
 * (no reminder loop). Workspaces without idle rules cost nothing.
 */
export async function scanIdleConversations(env: Env, now = Date.now()): Promise<number> {
  const { results: ws } = await env.DB.prepare(
    `SELECT workspace_id, min(json_extract(trigger, '$.minutes')) AS minutes FROM automation_rules WHERE trigger_type = 'idle' AND enabled = 1 GROUP BY workspace_id`,
  ).all<{ workspace_id: string; minutes: number }>();
  let runs = 0;
  for (const w of ws) {
    const cutoff = new Date(now - w.minutes * 60_000).toISOString();
    const { results } = await env.DB.prepare(
      `SELECT id, COALESCE(last_activity_at, last_message_at, created_at) AS last,
              COALESCE((SELECT max(m.created_at) FROM messages m WHERE m.conversation_id = conversations.id AND m.role IN ('visitor','agent')), created_at) AS spell
       FROM conversations
       WHERE workspace_id = ?1 AND status IN ${OPEN} AND COALESCE(last_activity_at, last_message_at, created_at) <= ?2
       ORDER BY COALESCE(last_activity_at, last_message_at, created_at) DESC LIMIT ${SCAN_LIMIT}`,
    )
      .bind(w.workspace_id, cutoff)
      .all<{ id: string; last: string; spell: string }>();
    for (const c of results) {
      const idleMinutes = Math.floor((now - Date.parse(c.last)) / 60_000);
      const reports = await runRules(env, { workspaceId: w.workspace_id, conversationId: c.id, trigger: "idle", key: `idle:${c.id}:${c.spell}`, idleMinutes });
      runs += reports.filter((r) => r.fresh && r.matched).length;
    }
  }
  return runs;
}

/** Order events newer than this are looked at by each scan (the runs table keeps a rescan from acting twice). */
const ORDER_LOOKBACK_MS = 24 * 3600_000;

/** Orders paid, or abandoned (expired unpaid), in the last day, for workspaces with such rules: their conversations' rules run. */
export async function scanOrderEvents(env: Env, now = Date.now()): Promise<number> {
  const { results: ws } = await env.DB.prepare(
    `SELECT DISTINCT workspace_id FROM automation_rules WHERE trigger_type IN ('order_paid','order_abandoned') AND enabled = 1`,
  ).all<{ workspace_id: string }>();
  const since = new Date(now - ORDER_LOOKBACK_MS).toISOString();
  let runs = 0;
  for (const { workspace_id } of ws) {
    const { results } = await env.DB.prepare(
      `SELECT e.id, e.to_status, o.conversation_id FROM order_events e JOIN orders o ON o.id = e.order_id
       WHERE e.workspace_id = ?1 AND e.created_at >= ?2 AND e.to_status IN ('paid','expired') AND o.conversation_id IS NOT NULL
       ORDER BY e.created_at LIMIT 500`,
    )
      .bind(workspace_id, since)
      .all<{ id: string; to_status: string; conversation_id: string }>();
    for (const e of results) {
      const trigger: TriggerType = e.to_status === "paid" ? "order_paid" : "order_abandoned";
      const reports = await runRules(env, { workspaceId: workspace_id, conversationId: e.conversation_id, trigger, key: e.id });
      runs += reports.filter((r) => r.fresh && r.matched).length;
    }
  }
  return runs;
}
