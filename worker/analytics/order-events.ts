/**
 * Sales events, written by the order's own D1 batch (the commerce status
 * moves), with deterministic ids (`<conversation>:<name>:<order>`) and
 * INSERT OR IGNORE like every analytics event, so a retried batch counts
 * nothing twice. Only a move that went through writes one (the order row must
 * show it: its status and the move's time). value = the order total in minor
 * units; dim = 'agent' when a person took part in the conversation, else 'bot'
 * (revenue attributed to bot vs agent conversations). `order_expired`: the
 * payment window passed unpaid (an abandoned checkout).
 */
export type OrderEventName = "order_placed" | "order_paid" | "order_refunded" | "order_expired";

export function orderEventStatement(db: D1Database, name: OrderEventName, orderId: string, status: string, at: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO analytics_events (id, workspace_id, chatbot_id, conversation_id, agent_id, channel, name, dim, value, at, data)
       SELECT COALESCE(o.conversation_id, '') || ':' || ?2 || ':' || o.id, o.workspace_id, COALESCE(o.chatbot_id, ''), COALESCE(o.conversation_id, ''),
         COALESCE(c.agent_id, ''), COALESCE(c.channel, 'web'), ?2,
         CASE WHEN c.assigned_at IS NOT NULL OR c.escalated_at IS NOT NULL THEN 'agent' ELSE 'bot' END, o.total, ?4,
         json_object('order_id', o.id, 'currency', o.currency)
       FROM orders o LEFT JOIN analytics_conversations c ON c.conversation_id = o.conversation_id
       WHERE o.id = ?1 AND o.status = ?3 AND o.updated_at = ?4`,
    )
    .bind(orderId, name, status, at);
}
