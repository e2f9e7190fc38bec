import { notify } from "./dispatch";

/**
 * A message to a channel that ended failed (refused for good, or past the retry
 * budget): the agent who wrote it is told, else the conversation's assignee,
 * else the workspace's owners and admins.
 */
export async function notifyFailedSend(env: Env, messageId: string, reason: string): Promise<void> {
  const m = await env.DB.prepare(
    `SELECT m.workspace_id, m.conversation_id, m.role, m.author_id, m.text, c.assigned_agent_id, c.channel, v.name AS visitor_name
     FROM messages m JOIN conversations c ON c.id = m.conversation_id LEFT JOIN visitors v ON v.id = c.visitor_id WHERE m.id = ?1`,
  )
    .bind(messageId)
    .first<{ workspace_id: string; conversation_id: string; role: string; author_id: string | null; text: string; assigned_agent_id: string | null; channel: string; visitor_name: string | null }>();
  if (!m) return;
  let to = m.role === "agent" && m.author_id ? [m.author_id] : m.assigned_agent_id ? [m.assigned_agent_id] : [];
  if (!to.length) {
    const { results } = await env.DB.prepare(`SELECT user_id FROM memberships WHERE workspace_id = ?1 AND status = 'active' AND role IN ('owner','admin')`).bind(m.workspace_id).all<{ user_id: string }>();
    to = results.map((r) => r.user_id);
  }
  await notify(env, {
    workspaceId: m.workspace_id,
    userIds: to,
    kind: "failed_delivery",
    dedupeKey: `failed:${messageId}`,
    conversationId: m.conversation_id,
    actorName: m.visitor_name || "A visitor",
    excerpt: `${m.text.slice(0, 120)} — ${reason.slice(0, 160)}`,
    data: { message_id: messageId, channel: m.channel, error: reason.slice(0, 300) },
  });
}
