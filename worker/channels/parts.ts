import { nowIso } from "../lib/ids";

/**
 * Part progress, the one mechanism every channel adapter uses. A message a
 * provider takes as several requests ("parts": files, cards, the text) keeps
 * one row per part the provider accepted, with the provider's id of it
 * (channel_provider_messages). A retry after a failure part-way skips the
 * recorded parts, so the person gets each part once and in order; status
 * webhooks (WhatsApp) find the message from a part's provider id.
 */
export interface PartTarget {
  message_id: string;
  channel_id: string;
  workspace_id: string;
}

/** The parts of a message the provider has already accepted. */
export async function sentParts(env: Env, messageId: string): Promise<Set<number>> {
  const rows = await env.DB.prepare(`SELECT part FROM channel_provider_messages WHERE message_id = ?1`).bind(messageId).all<{ part: number }>();
  return new Set(rows.results.map((r) => r.part));
}

/**
 * Records that the provider accepted part `part` (its id when the provider
 * answers one; otherwise a stable id made from the message and the part).
 */
export async function recordPart(env: Env, target: PartTarget, part: number, providerMessageId: string | null | undefined): Promise<void> {
  const insert = (id: string) =>
    env.DB.prepare(`INSERT OR IGNORE INTO channel_provider_messages (channel_id, provider_message_id, message_id, part, workspace_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)`)
      .bind(target.channel_id, id, target.message_id, part, target.workspace_id, nowIso())
      .run();
  const placeholder = `${target.message_id}:${part}`;
  const first = await insert(providerMessageId || placeholder);
  // an id the provider gave twice (or this part recorded already): the part still counts as accepted
  if (!first.meta.changes && providerMessageId) await insert(placeholder);
}

/**
 * Sends `parts` in order, skipping those already accepted and recording each
 * one as soon as the provider accepts it. `send` answers the provider's id of
 * the part (or null).
 */
export async function sendParts<P>(env: Env, target: PartTarget, parts: readonly P[], send: (part: P, index: number) => Promise<string | null | undefined>): Promise<void> {
  const done = await sentParts(env, target.message_id);
  for (const [i, part] of parts.entries()) {
    if (done.has(i)) continue;
    const id = await send(part, i);
    await recordPart(env, target, i, id);
  }
}
