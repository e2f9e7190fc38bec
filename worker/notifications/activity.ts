import type { OutboundJobOf } from "../outbound/messages";
import { notify, type NotificationEvent } from "./dispatch";
import { enqueueSlack } from "./slack/post";

interface ConversationRow {
  id: string;
  status: string;
  mode: string;
  bot_mode: string;
  assigned_agent_id: string | null;
  last_message_preview: string | null;
  subject: string | null;
  escalation_reason: string | null;
  visitor_name: string | null;
  channel: string;
}

interface EventRow {
  id: string;
  type: string;
  to_status: string | null;
  actor: string | null;
  data: string;
}

/** Roles that work the inbox (viewers read; they are not alerted). */
const INBOX_ROLES = `('owner','admin','agent')`;

/**
 * The notifications one conversation flush causes (read from the D1 mirror the
 * flush just wrote, on the OUTBOUND consumer — never on the message path):
 * escalations (and the re-alert when nobody picked one up) to the team, a new
 * conversation waiting for a person, an offline message, an assignment or
 * transfer to the agent it went to; escalations and new conversations also to
 * the workspace's Slack. Each is keyed by its event id (a retry adds nothing).
 */
export async function notificationsOfActivity(env: Env, job: OutboundJobOf<"conversation.activity">): Promise<void> {
  const wanted = job.events.filter((e) => e.type === "created" || e.type === "assigned" || e.type === "transferred" || e.type === "escalation_unanswered" || (e.type === "status_changed" && e.to_status === "escalated"));
  if (!wanted.length) return;
  const conv = await env.DB.prepare(
    `SELECT c.id, c.status, c.mode, c.bot_mode, c.assigned_agent_id, c.last_message_preview, c.subject, c.escalation_reason, c.channel, v.name AS visitor_name
     FROM conversations c LEFT JOIN visitors v ON v.id = c.visitor_id WHERE c.id = ?1 AND c.workspace_id = ?2`,
  )
    .bind(job.conversation_id, job.workspace_id)
    .first<ConversationRow>();
  if (!conv) return;
  const { results: events } = await env.DB.prepare(`SELECT id, type, to_status, actor, data FROM conversation_events WHERE id IN (SELECT value FROM json_each(?1)) AND conversation_id = ?2`)
    .bind(JSON.stringify(wanted.map((e) => e.id)), conv.id)
    .all<EventRow>();
  const who = conv.visitor_name || "A visitor";
  const excerpt = conv.last_message_preview || conv.subject || "";
  const base = { workspaceId: job.workspace_id, conversationId: conv.id, actorName: who, excerpt, data: { channel: conv.channel } };
  let team: string[] | null = null;
  const inboxTeam = async () => (team ??= await teamOf(env, job.workspace_id));
  for (const e of events) {
    const data = safeJson(e.data);
    const out: NotificationEvent[] = [];
    if (e.type === "status_changed" || e.type === "escalation_unanswered") {
      // an escalation the routing already gave to someone alerts that person (the assignment says so); otherwise the team
      const to = conv.assigned_agent_id && conv.status === "agent_handling" ? [] : await inboxTeam();
      const reason = e.type === "escalation_unanswered" ? "unanswered" : String(data.reason ?? conv.escalation_reason ?? "escalated");
      out.push({ ...base, kind: "escalation", userIds: to, dedupeKey: e.id, data: { ...base.data, reason } });
      await enqueueSlack(env, job.workspace_id, "escalation", { key: e.id, conversationId: conv.id, who, excerpt, reason });
    } else if (e.type === "created") {
      if (data.offline) {
        out.push({ ...base, kind: "offline_message", userIds: await inboxTeam(), dedupeKey: e.id });
      } else if (!conv.assigned_agent_id && (conv.bot_mode === "off" || conv.mode === "human")) {
        out.push({ ...base, kind: "new_conversation", userIds: await inboxTeam(), dedupeKey: e.id });
      }
      await enqueueSlack(env, job.workspace_id, "new_conversation", { key: e.id, conversationId: conv.id, who, excerpt, offline: Boolean(data.offline) });
    } else if (e.type === "assigned" || e.type === "transferred") {
      const agentId = String((e.type === "assigned" ? data.agent_id : data.to_agent_id) ?? "");
      // routing's assignment is recorded with the agent as actor; a transfer by its own target is no news to them
      if (agentId && (e.type === "assigned" || agentId !== e.actor)) out.push({ ...base, kind: "assignment", userIds: [agentId], dedupeKey: e.id, data: { ...base.data, how: e.type } });
    }
    for (const n of out) await notify(env, n);
  }
}

/** Active members who work the inbox. */
async function teamOf(env: Env, workspaceId: string): Promise<string[]> {
  const { results } = await env.DB.prepare(`SELECT user_id FROM memberships WHERE workspace_id = ?1 AND status = 'active' AND role IN ${INBOX_ROLES}`)
    .bind(workspaceId)
    .all<{ user_id: string }>();
  return results.map((r) => r.user_id);
}

function safeJson(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
