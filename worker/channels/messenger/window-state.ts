import type { Call } from "../../lib/service";
import { messagingWindow } from "../meta/window";

/** The channel types whose conversations have Meta's 24-hour / 7-day messaging windows (Messenger, Instagram). */
const WINDOWED = new Set(["messenger", "instagram"]);

/**
 * Where a Messenger/Instagram conversation stands in Meta's messaging window
 * (for the composer's notice): open, human_agent (only a person's reply, with
 * the HUMAN_AGENT tag) or closed. null for other channels.
 */
export async function conversationWindow({ ctx, input: { conversationId } }: Call<{ conversationId: string }>) {
  const row = await ctx.env.DB.prepare(
    `SELECT ch.type, cc.last_inbound_at FROM conversations c JOIN channels ch ON ch.id = c.channel_id
     LEFT JOIN channel_contacts cc ON cc.channel_id = c.channel_id AND cc.external_id = c.channel_user_id
     WHERE c.id = ?1 AND c.workspace_id = ?2`,
  )
    .bind(conversationId, ctx.auth.workspaceId)
    .first<{ type: string; last_inbound_at: string | null }>();
  if (!row || !WINDOWED.has(row.type)) return null;
  return { ...messagingWindow(row.last_inbound_at), last_inbound_at: row.last_inbound_at };
}
