import { badRequest, forbidden, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import type { Call, ServiceCtx } from "../lib/service";
import { isAdmin } from "./context";
import { loadConversation } from "./conversation-row";
import { loadNotify } from "../lazy";

export interface NoteOut {
  id: string;
  conversation_id: string;
  content: string;
  author: { id: string | null; name: string | null };
  mentions: { id: string; name: string }[];
  created_at: string;
  updated_at: string;
}

interface NoteRow {
  id: string;
  conversation_id: string;
  content: string;
  author_id: string | null;
  author_name: string | null;
  mentions: string;
  created_at: string;
  updated_at: string;
}

interface Member {
  id: string;
  name: string;
  email: string;
}

async function members(env: Env, workspaceId: string): Promise<Member[]> {
  const { results } = await env.DB.prepare(
    `select u.id, u.name, u.email from memberships m join users u on u.id = m.user_id
     where m.workspace_id = ?1 and m.status = 'active' and u.status = 'active'`,
  )
    .bind(workspaceId)
    .all<Member>();
  return results;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Members mentioned in `content` as `@email`, `@Full Name`, `@FullName` or
 * `@first-name` (case-insensitive; the mention must end at a word boundary).
 */
export function parseMentions(content: string, people: Member[]): Member[] {
  const found = new Map<string, Member>();
  for (const m of people) {
    const first = m.name.trim().split(/\s+/)[0] ?? "";
    const handles = [m.email, m.name.trim(), m.name.replace(/\s+/g, ""), first].filter((h) => h.length > 0);
    for (const h of handles) {
      const re = new RegExp(`(^|[^\\p{L}\\p{N}_.@-])@${escapeRe(h)}(?![\\p{L}\\p{N}_@-]|\\.[\\p{L}\\p{N}])`, "iu");
      if (re.test(content)) {
        found.set(m.id, m);
        break;
      }
    }
  }
  return [...found.values()];
}

function shape(r: NoteRow, people: Map<string, string>): NoteOut {
  const ids = JSON.parse(r.mentions) as string[];
  return {
    id: r.id,
    conversation_id: r.conversation_id,
    content: r.content,
    author: { id: r.author_id, name: r.author_name },
    mentions: ids.map((id) => ({ id, name: people.get(id) ?? "" })),
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

const NOTE_SELECT = `select n.id, n.conversation_id, n.content, n.author_id, u.name as author_name, n.mentions, n.created_at, n.updated_at
  from conversation_notes n left join users u on u.id = n.author_id`;

export async function listNotes({ ctx, input: { conversationId } }: Call<{ conversationId: string }>): Promise<NoteOut[]> {
  const { results } = await ctx.env.DB.prepare(`${NOTE_SELECT} where n.conversation_id = ?1 and n.workspace_id = ?2 order by n.created_at asc limit 500`)
    .bind(conversationId, ctx.auth.workspaceId)
    .all<NoteRow>();
  const names = new Map((await members(ctx.env, ctx.auth.workspaceId)).map((m) => [m.id, m.name]));
  return results.map((r) => shape(r, names));
}

async function getNote(ctx: ServiceCtx, conversationId: string, noteId: string): Promise<NoteOut> {
  const row = await ctx.env.DB.prepare(`${NOTE_SELECT} where n.id = ?1 and n.conversation_id = ?2 and n.workspace_id = ?3`)
    .bind(noteId, conversationId, ctx.auth.workspaceId)
    .first<NoteRow>();
  if (!row) throw notFound("Note");
  const names = new Map((await members(ctx.env, ctx.auth.workspaceId)).map((m) => [m.id, m.name]));
  return shape(row, names);
}

/** The members a note mentions (not its author), through the media each of them chose. */
async function notifyMentions(ctx: ServiceCtx, note: { id: string; conversation_id: string; content: string }, userIds: string[], authorName: string) {
  const recipients = userIds.filter((id) => id !== ctx.auth.userId);
  if (!recipients.length) return;
  await (await loadNotify()).notify(ctx.env, {
    workspaceId: ctx.auth.workspaceId,
    userIds: recipients,
    kind: "mention",
    dedupeKey: `mention:${note.id}`,
    conversationId: note.conversation_id,
    actorName: authorName,
    excerpt: note.content.slice(0, 200),
    data: { note_id: note.id, author_id: ctx.auth.userId, author_name: authorName },
  });
}

export async function createNote({ ctx, input: { conversationId, content } }: Call<{ conversationId: string; content: string }>): Promise<NoteOut> {
  await loadConversation(ctx.env, ctx.auth.workspaceId, conversationId);
  const text = content.trim();
  if (!text) throw badRequest("EMPTY_NOTE", "A note needs some text");
  const people = await members(ctx.env, ctx.auth.workspaceId);
  const mentioned = parseMentions(text, people).map((m) => m.id);
  const id = newId("note");
  const now = nowIso();
  await ctx.env.DB.batch([
    ctx.env.DB.prepare(
      `insert into conversation_notes (id, workspace_id, conversation_id, author_id, content, mentions, created_at, updated_at)
       values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)`,
    ).bind(id, ctx.auth.workspaceId, conversationId, ctx.auth.userId, text, JSON.stringify(mentioned), now),
    ctx.env.DB.prepare(`update conversations set has_notes = 1 where id = ?1 and workspace_id = ?2`).bind(conversationId, ctx.auth.workspaceId),
  ]);
  const author = people.find((p) => p.id === ctx.auth.userId)?.name ?? "A teammate";
  await notifyMentions(ctx, { id, conversation_id: conversationId, content: text }, mentioned, author);
  return getNote(ctx, conversationId, id);
}

/** Only the author of a note, or an owner/admin, may change or delete it. */
async function editableNote(ctx: ServiceCtx, conversationId: string, noteId: string): Promise<NoteOut> {
  await loadConversation(ctx.env, ctx.auth.workspaceId, conversationId);
  const note = await getNote(ctx, conversationId, noteId);
  const mine = ctx.auth.userId !== null && note.author.id === ctx.auth.userId;
  if (!mine && !isAdmin(ctx.auth)) throw forbidden("Only the author of a note or an admin can change it");
  return note;
}

export async function updateNote({ ctx, input: { conversationId, noteId, content } }: Call<{ conversationId: string; noteId: string; content: string }>): Promise<NoteOut> {
  const before = await editableNote(ctx, conversationId, noteId);
  const text = content.trim();
  if (!text) throw badRequest("EMPTY_NOTE", "A note needs some text");
  const people = await members(ctx.env, ctx.auth.workspaceId);
  const mentioned = parseMentions(text, people).map((m) => m.id);
  await ctx.env.DB.prepare(`update conversation_notes set content = ?1, mentions = ?2, updated_at = ?3 where id = ?4 and workspace_id = ?5`)
    .bind(text, JSON.stringify(mentioned), nowIso(), noteId, ctx.auth.workspaceId)
    .run();
  const already = new Set(before.mentions.map((m) => m.id));
  const author = people.find((p) => p.id === ctx.auth.userId)?.name ?? "A teammate";
  await notifyMentions(ctx, { id: noteId, conversation_id: conversationId, content: text }, mentioned.filter((id) => !already.has(id)), author);
  return getNote(ctx, conversationId, noteId);
}

export async function deleteNote({ ctx, input: { conversationId, noteId } }: Call<{ conversationId: string; noteId: string }>): Promise<void> {
  await editableNote(ctx, conversationId, noteId);
  await ctx.env.DB.batch([
    ctx.env.DB.prepare(`delete from conversation_notes where id = ?1 and workspace_id = ?2`).bind(noteId, ctx.auth.workspaceId),
    ctx.env.DB.prepare(
      `update conversations set has_notes = exists (select 1 from conversation_notes n where n.conversation_id = ?1) where id = ?1 and workspace_id = ?2`,
    ).bind(conversationId, ctx.auth.workspaceId),
  ]);
}
