import { conversationStub } from "../../durable-objects/stubs";
import { listConversationAttachments } from "../inbox/attachments";
import { notFound } from "../lib/errors";
import type { VisitorRow as InboxVisitorRow } from "../inbox/detail";

const MAX_CONVERSATIONS = 200;
const MAX_MESSAGES = 10_000;

type VisitorRow = InboxVisitorRow & { chatbot_id: string };

interface ConversationRow {
  id: string;
  chatbot_id: string;
  status: string;
  channel: string;
  rating: number | null;
  rating_comment: string | null;
  created_at: string;
  resolved_at: string | null;
}

interface MessageRow {
  id: string;
  seq: number;
  role: string;
  author_name: string | null;
  text: string;
  attachments: string | null;
  created_at: string;
}

const parse = <T>(s: string | null, fallback: T): T => {
  try {
    return s ? (JSON.parse(s) as T) : fallback;
  } catch {
    return fallback;
  }
};

/**
 * Everything MiniChat holds about one visitor, as one JSON document: their
 * profile (contact details, device, pages), their conversations with every
 * message (text, author, time; no internal notes or AI metadata), and their
 * conversations' files as short-lived signed links. Each conversation's pending
 * messages are flushed from its ConversationDO first, so the export is current.
 */
export async function exportVisitor(env: Env, baseUrl: string, workspaceId: string, visitorId: string) {
  const v = await env.DB.prepare(
    `select id, chatbot_id, name, email, phone, current_page, page_history, landing_page, referrer, browser, os, device, country, city, locale,
       visit_count, custom_attributes, banned_at, first_seen_at, last_seen_at
     from visitors where id = ?1 and workspace_id = ?2`,
  )
    .bind(visitorId, workspaceId)
    .first<VisitorRow>();
  if (!v) throw notFound("Visitor");
  const { results: convs } = await env.DB.prepare(
    `select id, chatbot_id, status, channel, rating, rating_comment, created_at, resolved_at from conversations
     where workspace_id = ?1 and visitor_id = ?2 order by created_at limit ?3`,
  )
    .bind(workspaceId, visitorId, MAX_CONVERSATIONS)
    .all<ConversationRow>();
  const conversations = await Promise.all(
    convs.map(async (c) => {
      await conversationStub(env, c.id).flush();
      const { results } = await env.DB.prepare(
        `select id, seq, role, author_name, text, attachments, created_at from messages where workspace_id = ?1 and conversation_id = ?2 order by seq limit ?3`,
      )
        .bind(workspaceId, c.id, MAX_MESSAGES)
        .all<MessageRow>();
      return {
        ...c,
        messages: results.map((m) => ({
          id: m.id,
          seq: m.seq,
          role: m.role,
          author_name: m.author_name,
          text: m.text,
          attachments: parse<{ id?: string; name: string; content_type: string; size: number }[]>(m.attachments, []).map((a) => ({
            ...(a.id ? { id: a.id } : {}),
            name: a.name,
            content_type: a.content_type,
            size: a.size,
          })),
          created_at: m.created_at,
        })),
        attachments: await listConversationAttachments(env, baseUrl, workspaceId, c.id),
      };
    }),
  );
  const { page_history, custom_attributes, ...profile } = v;
  return {
    exported_at: new Date().toISOString(),
    visitor: { ...profile, page_history: parse(page_history, []), custom_attributes: parse(custom_attributes, {}) },
    conversations,
  };
}
