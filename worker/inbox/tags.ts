import { badRequest } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import type { Call, ServiceCtx } from "../lib/service";
import { loadConversation, parseTags } from "./conversation-row";

export const MAX_TAGS = 20;
export const MAX_TAG_CHARS = 32;

/** `  Billing Issue ` → `billing-issue`; duplicates dropped, order kept. */
export function normaliseTags(raw: string[]): string[] {
  const out: string[] = [];
  for (const t of raw) {
    const tag = t.normalize("NFC").trim().toLowerCase().replace(/\s+/g, "-").replace(/[^\p{L}\p{M}\p{N}_-]/gu, "");
    if (!tag) continue;
    if ([...tag].length > MAX_TAG_CHARS) throw badRequest("TAG_TOO_LONG", `Tags are limited to ${MAX_TAG_CHARS} characters`, { tag });
    if (!out.includes(tag)) out.push(tag);
  }
  if (out.length > MAX_TAGS) throw badRequest("TOO_MANY_TAGS", `A conversation can have at most ${MAX_TAGS} tags`);
  return out;
}

export async function setConversationTags({ ctx, input: { conversationId, tags: raw } }: Call<{ conversationId: string; tags: string[] }>): Promise<string[]> {
  const row = await loadConversation(ctx.env, ctx.auth.workspaceId, conversationId);
  const tags = normaliseTags(raw);
  const before = parseTags(row.tags);
  const now = nowIso();
  await ctx.env.DB.batch([
    ctx.env.DB.prepare(`update conversations set tags = ?1, updated_at = ?2 where id = ?3 and workspace_id = ?4`).bind(
      JSON.stringify(tags),
      now,
      conversationId,
      ctx.auth.workspaceId,
    ),
    ctx.env.DB.prepare(
      `insert into conversation_events (id, workspace_id, conversation_id, type, actor, data, created_at) values (?1, ?2, ?3, 'tags_updated', ?4, ?5, ?6)`,
    ).bind(newId("evt"), ctx.auth.workspaceId, conversationId, ctx.auth.userId ?? "api", JSON.stringify({ before, after: tags }), now),
  ]);
  return tags;
}

/** Adds tags to those a conversation already carries (resolve with tags). */
export async function addConversationTags({ ctx, input: { conversationId, tags: raw } }: Call<{ conversationId: string; tags: string[] }>): Promise<string[]> {
  const row = await loadConversation(ctx.env, ctx.auth.workspaceId, conversationId);
  return setConversationTags({ ctx, input: { conversationId, tags: [...parseTags(row.tags), ...raw] } });
}

/** Every tag used in the workspace with how many conversations carry it. */
export async function tagCounts({ ctx, input: { prefix } }: Call<{ prefix?: string | undefined }>): Promise<{ tag: string; count: number }[]> {
  const binds: unknown[] = [ctx.auth.workspaceId];
  let extra = "";
  if (prefix) {
    binds.push(`${prefix.toLowerCase()}%`);
    extra = "and j.value like ?2";
  }
  const { results } = await ctx.env.DB.prepare(
    `select j.value as tag, count(*) as count from conversations c, json_each(c.tags) j
     where c.workspace_id = ?1 ${extra} group by j.value order by count desc, tag asc limit 200`,
  )
    .bind(...binds)
    .all<{ tag: string; count: number }>();
  return results;
}
