import { conflict, notFound, badRequest } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import type { Call, ServiceCtx } from "../lib/service";
import { loadConversation } from "./conversation-row";
import { requireChatbot } from "../knowledge/sources/chatbot";

export interface CannedResponseOut {
  id: string;
  title: string;
  shortcut: string;
  text: string;
  chatbot_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** `/Refund Policy` → `/refund-policy`; rejects shortcuts with nothing left. */
export function normaliseShortcut(raw: string): string {
  const body = raw
    .trim()
    .replace(/^\/+/, "")
    .toLowerCase()
    .replace(/\s+/g, "-")
    .replace(/[^\p{L}\p{N}_-]/gu, "");
  if (!body) throw badRequest("INVALID_SHORTCUT", "A shortcut needs at least one letter or digit, like /refund");
  return `/${body.slice(0, 32)}`;
}

const COLS = "id, title, shortcut, text, chatbot_id, created_by, created_at, updated_at";

export async function listCanned({ ctx, input }: Call<{ chatbotId?: string; q?: string }>): Promise<CannedResponseOut[]> {
  const where = ["workspace_id = ?1"];
  const binds: unknown[] = [ctx.auth.workspaceId];
  if (input.chatbotId) {
    binds.push(input.chatbotId);
    where.push(`(chatbot_id is null or chatbot_id = ?${binds.length})`);
  }
  if (input.q) {
    binds.push(`%${input.q.toLowerCase()}%`);
    where.push(`(lower(shortcut) like ?${binds.length} or lower(title) like ?${binds.length})`);
  }
  const { results } = await ctx.env.DB.prepare(`select ${COLS} from canned_responses where ${where.join(" and ")} order by shortcut limit 500`)
    .bind(...binds)
    .all<CannedResponseOut>();
  return results;
}

export async function getCanned({ ctx, input: { id } }: Call<{ id: string }>): Promise<CannedResponseOut> {
  const row = await ctx.env.DB.prepare(`select ${COLS} from canned_responses where id = ?1 and workspace_id = ?2`)
    .bind(id, ctx.auth.workspaceId)
    .first<CannedResponseOut>();
  if (!row) throw notFound("Canned response");
  return row;
}

async function assertShortcutFree(ctx: ServiceCtx, shortcut: string, exceptId?: string) {
  const row = await ctx.env.DB.prepare(`select id from canned_responses where workspace_id = ?1 and shortcut = ?2`)
    .bind(ctx.auth.workspaceId, shortcut)
    .first<{ id: string }>();
  if (row && row.id !== exceptId) throw conflict("SHORTCUT_TAKEN", `The shortcut ${shortcut} is already used in this workspace`);
}

export async function createCanned({
  ctx,
  input,
}: Call<{ title: string; shortcut: string; text: string; chatbot_id?: string | null }>): Promise<CannedResponseOut> {
  const shortcut = normaliseShortcut(input.shortcut);
  if (input.chatbot_id) await requireChatbot(ctx.env, ctx.auth.workspaceId, input.chatbot_id);
  await assertShortcutFree(ctx, shortcut);
  const id = newId("cr");
  const now = nowIso();
  try {
    await ctx.env.DB.prepare(
      `insert into canned_responses (id, workspace_id, chatbot_id, title, shortcut, text, created_by, created_at, updated_at)
       values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)`,
    )
      .bind(id, ctx.auth.workspaceId, input.chatbot_id ?? null, input.title.trim(), shortcut, input.text, ctx.auth.userId, now)
      .run();
  } catch (e) {
    if (String(e).includes("UNIQUE")) throw conflict("SHORTCUT_TAKEN", `The shortcut ${shortcut} is already used in this workspace`);
    throw e;
  }
  return getCanned({ ctx, input: { id } });
}

export async function updateCanned({
  ctx,
  input: { id, patch: input },
}: Call<{ id: string; patch: { title?: string; shortcut?: string; text?: string; chatbot_id?: string | null } }>): Promise<CannedResponseOut> {
  const current = await getCanned({ ctx, input: { id } });
  if (input.chatbot_id) await requireChatbot(ctx.env, ctx.auth.workspaceId, input.chatbot_id);
  const shortcut = input.shortcut !== undefined ? normaliseShortcut(input.shortcut) : current.shortcut;
  if (shortcut !== current.shortcut) await assertShortcutFree(ctx, shortcut, id);
  await ctx.env.DB.prepare(
    `update canned_responses set title = ?1, shortcut = ?2, text = ?3, chatbot_id = ?4, updated_at = ?5 where id = ?6 and workspace_id = ?7`,
  )
    .bind(
      input.title?.trim() ?? current.title,
      shortcut,
      input.text ?? current.text,
      input.chatbot_id !== undefined ? input.chatbot_id : current.chatbot_id,
      nowIso(),
      id,
      ctx.auth.workspaceId,
    )
    .run();
  return getCanned({ ctx, input: { id } });
}

export async function deleteCanned({ ctx, input: { id } }: Call<{ id: string }>): Promise<void> {
  const res = await ctx.env.DB.prepare(`delete from canned_responses where id = ?1 and workspace_id = ?2`).bind(id, ctx.auth.workspaceId).run();
  if (!res.meta.changes) throw notFound("Canned response");
}

/**
 * Expands `/shortcut` tokens into their canned text, then fills
 * `{{visitor.name}}`, `{{visitor.email}}` and `{{agent.name}}` from the
 * conversation (when given) and the caller. Unknown shortcuts stay as typed.
 */
export async function expandCanned({ ctx, input }: Call<{ text: string; conversation_id?: string }>): Promise<{ text: string; used: string[] }> {
  const { results } = await ctx.env.DB.prepare(`select shortcut, text from canned_responses where workspace_id = ?1`)
    .bind(ctx.auth.workspaceId)
    .all<{ shortcut: string; text: string }>();
  const byShortcut = new Map(results.map((r) => [r.shortcut, r.text]));
  const used: string[] = [];
  let text = input.text.replace(/(^|\s)(\/[\p{L}\p{N}_-]+)/gu, (whole, lead: string, sc: string) => {
    const body = byShortcut.get(sc.toLowerCase());
    if (body === undefined) return whole;
    used.push(sc.toLowerCase());
    return `${lead}${body}`;
  });
  let visitor: { name: string | null; email: string | null } = { name: null, email: null };
  if (input.conversation_id) {
    const conv = await loadConversation(ctx.env, ctx.auth.workspaceId, input.conversation_id);
    visitor = { name: conv.visitor_name, email: conv.visitor_email };
  }
  const agent = ctx.auth.userId
    ? await ctx.env.DB.prepare(`select name from users where id = ?1`).bind(ctx.auth.userId).first<{ name: string }>()
    : null;
  const values: Record<string, string> = {
    "visitor.name": visitor.name?.trim() || "there",
    "visitor.email": visitor.email ?? "",
    "agent.name": agent?.name ?? "our team",
  };
  text = text.replace(/\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}/gi, (whole, key: string) => values[key.toLowerCase()] ?? whole);
  return { text, used };
}
