import type { Message } from "../../durable-objects/protocol";
import { messageOfRow } from "../../durable-objects/message-row";
import { withAttachments } from "../../durable-objects/conversation/project";
import { listConversationAttachments } from "./attachments";
import type { Call, ServiceCtx } from "../lib/service";
import { loadConversation, shapeConversation } from "./conversation-row";
import { listNotes } from "./notes";
import { routingOfConversation } from "../routing/view";

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  role: string;
  author_id: string | null;
  author_name: string | null;
  text: string;
  rich: string | null;
  attachments: string | null;
  ai_metadata: string | null;
  created_at: string;
}

const json = (raw: string | null): unknown => {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
};

/** A mirrored message as the protocol's `Message`: the same shape the sockets send. */
export function shapeMessage(m: MessageRow): Message {
  return messageOfRow(m.conversation_id, { ...m, ai: m.ai_metadata });
}

export const MESSAGE_COLS = "id, conversation_id, seq, role, author_id, author_name, text, rich, attachments, ai_metadata, created_at";

/**
 * A page of a conversation's messages in seq order: the latest `limit` by
 * default, older ones with `before_seq`, newer ones with `after_seq`.
 */
export async function listMessages(
  env: Env,
  conversationId: string,
  workspaceId: string,
  page: { before_seq?: number; after_seq?: number; limit?: number },
) {
  const limit = page.limit ?? 50;
  let rows: MessageRow[];
  if (page.after_seq !== undefined) {
    rows = (
      await env.DB.prepare(`select ${MESSAGE_COLS} from messages where conversation_id = ?1 and workspace_id = ?2 and seq > ?3 order by seq asc limit ?4`)
        .bind(conversationId, workspaceId, page.after_seq, limit + 1)
        .all<MessageRow>()
    ).results;
    const hasMore = rows.length > limit;
    return { data: rows.slice(0, limit).map(shapeMessage), has_more_before: page.after_seq > 0, has_more_after: hasMore };
  }
  rows = (
    await env.DB.prepare(
      `select ${MESSAGE_COLS} from messages where conversation_id = ?1 and workspace_id = ?2 and seq < ?3 order by seq desc limit ?4`,
    )
      .bind(conversationId, workspaceId, page.before_seq ?? Number.MAX_SAFE_INTEGER, limit + 1)
      .all<MessageRow>()
  ).results;
  const hasMore = rows.length > limit;
  return { data: rows.slice(0, limit).reverse().map(shapeMessage), has_more_before: hasMore, has_more_after: page.before_seq !== undefined };
}

/** A visitor row as the customer panel and the data export read it. */
export interface VisitorRow {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  current_page: string | null;
  page_history: string;
  landing_page: string | null;
  referrer: string | null;
  browser: string | null;
  os: string | null;
  device: string | null;
  country: string | null;
  city: string | null;
  locale: string | null;
  visit_count: number;
  custom_attributes: string;
  banned_at: string | null;
  first_seen_at: string;
  last_seen_at: string;
}

/** The customer panel: contact, current page, device, location, previous conversations. */
export async function visitorPanel(env: Env, workspaceId: string, visitorId: string, currentConversationId: string) {
  const v = await env.DB.prepare(
    `select id, name, email, phone, current_page, page_history, landing_page, referrer, browser, os, device, country, city, locale,
       visit_count, custom_attributes, banned_at, first_seen_at, last_seen_at
     from visitors where id = ?1 and workspace_id = ?2`,
  )
    .bind(visitorId, workspaceId)
    .first<VisitorRow>();
  const { results: previous } = await env.DB.prepare(
    `select id, status, subject, last_message_preview, last_message_at, created_at from conversations
     where visitor_id = ?1 and workspace_id = ?2 and id != ?3 order by created_at desc limit 10`,
  )
    .bind(visitorId, workspaceId, currentConversationId)
    .all<{ id: string; status: string; subject: string | null; last_message_preview: string | null; last_message_at: string | null; created_at: string }>();
  const history = (json(v?.page_history ?? null) as unknown[] | undefined) ?? [];
  return {
    id: visitorId,
    name: v?.name ?? null,
    email: v?.email ?? null,
    phone: v?.phone ?? null,
    current_page: v?.current_page ?? null,
    page_history: history.slice(-10),
    landing_page: v?.landing_page ?? null,
    referrer: v?.referrer ?? null,
    device: { type: v?.device ?? null, browser: v?.browser ?? null, os: v?.os ?? null },
    location: { country: v?.country ?? null, city: v?.city ?? null },
    locale: v?.locale ?? null,
    visit_count: v?.visit_count ?? 0,
    custom_attributes: (json(v?.custom_attributes ?? null) as Record<string, unknown> | undefined) ?? {},
    banned: Boolean(v?.banned_at),
    first_seen_at: v?.first_seen_at ?? null,
    last_seen_at: v?.last_seen_at ?? null,
    previous_conversations: previous,
  };
}

export async function listEvents(env: Env, workspaceId: string, conversationId: string) {
  const { results } = await env.DB.prepare(
    `select id, type, from_status, to_status, actor, data, created_at from conversation_events
     where conversation_id = ?1 and workspace_id = ?2 order by created_at asc limit 500`,
  )
    .bind(conversationId, workspaceId)
    .all<{ id: string; type: string; from_status: string | null; to_status: string | null; actor: string | null; data: string; created_at: string }>();
  return results.map((e) => ({ ...e, data: (json(e.data) as Record<string, unknown> | undefined) ?? {} }));
}

/** `GET /conversations/:id`: the conversation with its thread, notes, events and customer panel. */
export async function getConversationDetail({
  ctx,
  input: { id, ...opts },
}: Call<{ id: string; before_seq?: number; after_seq?: number; limit?: number; baseUrl: string }>) {
  const row = await loadConversation(ctx.env, ctx.auth.workspaceId, id);
  const [messages, notes, events, visitor, attachments, routing] = await Promise.all([
    listMessages(ctx.env, id, ctx.auth.workspaceId, opts),
    listNotes({ ctx, input: { conversationId: id } }),
    listEvents(ctx.env, ctx.auth.workspaceId, id),
    visitorPanel(ctx.env, ctx.auth.workspaceId, row.visitor_id, id),
    listConversationAttachments(ctx.env, opts.baseUrl, ctx.auth.workspaceId, id),
    routingOfConversation(ctx.env, ctx.auth.workspaceId, id),
  ]);
  // every file shown is an upload into this conversation, with a fresh signed link;
  // anything else a message claims to carry (a URL a client made up) is left out
  const fresh = new Map(attachments.map((a) => [a.id, a]));
  const thread = messages.data.map((m) =>
    withAttachments(
      m,
      (m.attachments ?? []).flatMap((a) => {
        const file = a.id ? fresh.get(a.id) : undefined;
        return file ? [{ id: file.id, name: file.name, content_type: file.content_type, size: file.size, url: file.url }] : [];
      }),
    ),
  );
  return {
    ...shapeConversation(row),
    rating_comment: row.rating_comment,
    ...routing,
    messages: thread,
    messages_page: { has_more_before: messages.has_more_before, has_more_after: messages.has_more_after },
    internal_notes: notes,
    events,
    visitor,
    attachments,
  };
}
