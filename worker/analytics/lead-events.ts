/**
 * Lead stage changes as analytics events (`lead_stage_changed`, dim = the new
 * stage, value = the lead's value in minor units), copied from the lead's own
 * `lead_events` rows of one moment right after they are written. The id is
 * `<conversation>:lead_stage_changed:<lead event>` and the insert ignores a
 * known id, so running it twice counts nothing twice. A lead's "abandoned
 * checkout" note keeps its stage and is not a stage change.
 */
export function leadStageEventsStatement(db: D1Database, leadId: string, at: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO analytics_events (id, workspace_id, chatbot_id, conversation_id, agent_id, channel, name, dim, value, at, data)
       SELECT COALESCE(l.conversation_id, '') || ':lead_stage_changed:' || e.id, e.workspace_id, COALESCE(l.chatbot_id, ''), COALESCE(l.conversation_id, ''),
         COALESCE(l.owner_user_id, ''), COALESCE(c.channel, 'web'), 'lead_stage_changed', e.to_stage, l.value, e.created_at,
         json_object('lead_id', l.id, 'from', e.from_stage)
       FROM lead_events e JOIN leads l ON l.id = e.lead_id LEFT JOIN analytics_conversations c ON c.conversation_id = l.conversation_id
       WHERE e.lead_id = ?1 AND e.created_at = ?2 AND (e.from_stage IS NULL OR e.from_stage <> e.to_stage)`,
    )
    .bind(leadId, at);
}

/** Records the stage changes a lead write just made; a failure is logged, the lead write stands. */
export async function recordLeadStages(db: D1Database, leadId: string, at: string): Promise<void> {
  await leadStageEventsStatement(db, leadId, at).run().catch((err) => console.error("lead stage event not recorded", err));
}
