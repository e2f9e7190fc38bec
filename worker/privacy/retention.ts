import { z } from "@hono/zod-openapi";
import { withoutAttachments } from "../../durable-objects/conversation/privacy";
import { conversationStub } from "../../durable-objects/stubs";
import type { Attachment } from "../../durable-objects/protocol";
import { recordAudit } from "../audit/record";
import { purgeConversationsWhere } from "./conversations";

const days = z.number().int().min(1).max(3650);

/** A workspace's retention policy (kept in `workspaces.settings.data_retention`); null days mean "keep". */
export const DataRetentionSchema = z
  .strictObject({
    conversations_days: days.nullable().openapi({ description: "Delete conversations (everywhere) this many days after their last message; null keeps them" }),
    attachments_days: days.nullable().openapi({ description: "Delete uploaded attachments this many days after upload; null keeps them" }),
    archive_resolved_after_days: days.openapi({ description: "Archive resolved conversations this many days after resolution (default 90)" }),
  })
  .openapi("DataRetention");
export type DataRetention = z.infer<typeof DataRetentionSchema>;

export const DEFAULT_RETENTION: DataRetention = { conversations_days: null, attachments_days: null, archive_resolved_after_days: 90 };

/** The policy stored in a workspace's settings, with defaults for whatever is not set. */
export function retentionOf(settings: unknown): DataRetention {
  const stored = (settings as { data_retention?: unknown } | null)?.data_retention;
  const parsed = DataRetentionSchema.partial().safeParse(stored ?? {});
  return { ...DEFAULT_RETENTION, ...(parsed.success ? parsed.data : {}) };
}

const dayMs = 86_400_000;
const ATTACHMENT_BATCH = 200;

/**
 * Daily: for every workspace with a retention period, deletes conversations whose
 * last activity is older (DO storage, D1 rows, R2 files) and attachments
 * uploaded before the attachment cutoff (R2, metadata, and their references in
 * the DO log and the D1 mirror).
 */
export async function applyRetention(env: Env, now: Date): Promise<{ conversations: number; attachments: number }> {
  const { results } = await env.DB.prepare(
    `select id, settings from workspaces where deleted_at is null and (json_extract(settings, '$.data_retention.conversations_days') is not null
       or json_extract(settings, '$.data_retention.attachments_days') is not null)`,
  ).all<{ id: string; settings: string }>();
  let conversations = 0;
  let attachments = 0;
  for (const ws of results) {
    const policy = retentionOf(JSON.parse(ws.settings));
    const done = { conversations: 0, attachments: 0 };
    if (policy.conversations_days) {
      const cutoff = new Date(now.getTime() - policy.conversations_days * dayMs).toISOString();
      done.conversations = await purgeConversationsWhere(env, ws.id, `coalesce(last_message_at, created_at) < ?2`, cutoff);
    }
    if (policy.attachments_days) {
      done.attachments = await dropAttachmentsBefore(env, ws.id, new Date(now.getTime() - policy.attachments_days * dayMs).toISOString());
    }
    if (done.conversations || done.attachments) {
      await recordAudit(env, { workspaceId: ws.id }, { action: "retention.applied", resource_type: "workspace", resource_id: ws.id, changes: { ...done, policy } });
    }
    conversations += done.conversations;
    attachments += done.attachments;
  }
  return { conversations, attachments };
}

async function dropAttachmentsBefore(env: Env, workspaceId: string, cutoff: string): Promise<number> {
  let total = 0;
  for (;;) {
    const { results } = await env.DB.prepare(`select id, conversation_id, r2_key from attachments where workspace_id = ?1 and created_at < ?2 limit ?3`)
      .bind(workspaceId, cutoff, ATTACHMENT_BATCH)
      .all<{ id: string; conversation_id: string; r2_key: string }>();
    if (!results.length) return total;
    const byConversation = new Map<string, string[]>();
    for (const r of results) byConversation.set(r.conversation_id, [...(byConversation.get(r.conversation_id) ?? []), r.id]);
    const statements: D1PreparedStatement[] = [];
    for (const [conversationId, ids] of byConversation) {
      await conversationStub(env, conversationId).dropAttachments(ids);
      const { results: msgs } = await env.DB.prepare(
        `select id, attachments from messages where workspace_id = ?1 and conversation_id = ?2 and attachments is not null`,
      )
        .bind(workspaceId, conversationId)
        .all<{ id: string; attachments: string }>();
      for (const m of msgs) {
        const before = JSON.parse(m.attachments) as Attachment[];
        const after = withoutAttachments(before, ids);
        if (after.length !== before.length) {
          statements.push(env.DB.prepare(`update messages set attachments = ?1 where id = ?2`).bind(after.length ? JSON.stringify(after) : null, m.id));
        }
      }
    }
    await env.FILES.delete(results.map((r) => r.r2_key));
    statements.push(
      env.DB.prepare(`delete from attachments where workspace_id = ?1 and id in (select value from json_each(?2))`).bind(workspaceId, JSON.stringify(results.map((r) => r.id))),
    );
    await env.DB.batch(statements);
    total += results.length;
  }
}

/** Who archives conversations on schedule. */
const SYSTEM_ACTOR = { id: "system", name: "MiniChat", role: "system" };

/**
 * Daily: archives conversations resolved longer ago than their chatbot's
 * `behavior_settings.auto_archive_days`, else their workspace's
 * `archive_resolved_after_days` (default 90, spec 5.3.1), through each
 * ConversationDO's status machine, which then mirrors the change to D1.
 */
export async function archiveResolved(env: Env, now: Date, limit = 500): Promise<number> {
  const { results } = await env.DB.prepare(
    `select c.id as id from conversations c join workspaces w on w.id = c.workspace_id left join chatbots b on b.id = c.chatbot_id
     where c.status = 'resolved' and c.resolved_at is not null and w.deleted_at is null
       and julianday(?1) - julianday(c.resolved_at) > coalesce(json_extract(b.behavior_settings, '$.auto_archive_days'), json_extract(w.settings, '$.data_retention.archive_resolved_after_days'), ?2)
     limit ?3`,
  )
    .bind(now.toISOString(), DEFAULT_RETENTION.archive_resolved_after_days, limit)
    .all<{ id: string }>();
  let archived = 0;
  for (const { id } of results) {
    const r = await conversationStub(env, id).archive(SYSTEM_ACTOR);
    if (r.ok) archived++;
    else console.warn(`scheduled archive of ${id} refused: ${r.error.code}`);
  }
  return archived;
}
