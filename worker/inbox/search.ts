import { words } from "../knowledge/text/segment";
import { badRequest } from "../lib/errors";
import type { Call } from "../lib/service";
import type { InboxCtx } from "./context";
import { queryTokens, rankCandidates, snippetOf } from "./search-rank";
import { hasTerms, keyTerms, tenantKey, tokenRuns, unkeyTerms } from "./search-terms";
import { escapeHtml } from "../lib/html";

const MARK_OPEN = "\uE000";
const MARK_CLOSE = "\uE001";
const FLUSH_BATCH = 400;
/** Rows per multi-row INSERT (5 bound values each, under D1's 100-parameter limit). */
const ROWS_PER_INSERT = 16;

/** Text as space-separated words (Thai segmented), what the FTS column stores. */
export const segmentMessageText = (text: string) => words(text).join(" ");

/**
 * A message's index row text: segmented, every word keyed with its workspace
 * (search-terms.ts), so a search only reads its own workspace's postings.
 */
export const indexBody = (text: string, workspaceId: string) => keyTerms(segmentMessageText(text), tenantKey(workspaceId));

/**
 * Replaces a workspace's queued FTS rows (raw text written by the triggers)
 * with segmented text. Run by the scheduled job (flushAllSearchIndexes); the
 * conversation mirror writes segmented rows itself, and a search never writes.
 */
export async function flushSearchIndex(env: Env, workspaceId: string, maxRounds = 10): Promise<number> {
  let done = 0;
  for (let round = 0; round < maxRounds; round++) {
    const { results } = await env.DB.prepare(
      `select m.rowid as rid, m.id, m.text, m.conversation_id from message_search_pending p
       join messages m on m.id = p.message_id where p.workspace_id = ?1 limit ?2`,
    )
      .bind(workspaceId, FLUSH_BATCH)
      .all<{ rid: number; id: string; text: string; conversation_id: string }>();
    if (results.length === 0) {
      // queued ids whose message no longer exists
      await env.DB.prepare(`delete from message_search_pending where workspace_id = ?1`).bind(workspaceId).run();
      break;
    }
    const stmts: D1PreparedStatement[] = [];
    for (let i = 0; i < results.length; i += ROWS_PER_INSERT) {
      const chunk = results.slice(i, i + ROWS_PER_INSERT);
      const rowids = chunk.map((m) => m.rid);
      stmts.push(env.DB.prepare(`delete from messages_fts where rowid in (${rowids.map(() => "?").join(",")})`).bind(...rowids));
      stmts.push(
        env.DB.prepare(
          `insert into messages_fts(rowid, body, message_id, conversation_id, workspace_id) values ${chunk.map(() => "(?, ?, ?, ?, ?)").join(", ")}`,
        ).bind(...chunk.flatMap((m) => [m.rid, indexBody(m.text, workspaceId), m.id, m.conversation_id, workspaceId])),
      );
      const ids = chunk.map((m) => m.id);
      stmts.push(env.DB.prepare(`delete from message_search_pending where message_id in (${ids.map(() => "?").join(",")})`).bind(...ids));
    }
    await env.DB.batch(stmts);
    done += results.length;
    if (results.length < FLUSH_BATCH) break;
  }
  return done;
}

/** Segments every workspace's queue (for a scheduled job or after a bulk import). */
export async function flushAllSearchIndexes(env: Env, maxWorkspaces = 50): Promise<number> {
  const { results } = await env.DB.prepare(`select distinct workspace_id from message_search_pending limit ?1`).bind(maxWorkspaces).all<{ workspace_id: string }>();
  let total = 0;
  for (const r of results) total += await flushSearchIndex(env, r.workspace_id);
  return total;
}

/**
 * A safe MATCH expression over one workspace's terms: every word keyed and
 * quoted, all required, the last one a prefix (of that workspace's terms only).
 */
export function toMatchQuery(q: string, workspaceId: string): string | null {
  const key = tenantKey(workspaceId);
  const ws = words(q).filter(hasTerms).slice(0, 16);
  if (ws.length === 0) return null;
  return ws.map((w, i) => `"${keyTerms(w, key).replace(/"/g, '""')}"${i === ws.length - 1 ? "*" : ""}`).join(" ");
}

/** Splits an FTS snippet into plain and highlighted parts, and an escaped HTML version with <mark>. */
export function highlightParts(snippet: string) {
  const parts: { text: string; match: boolean }[] = [];
  const re = new RegExp(`${MARK_OPEN}([^${MARK_CLOSE}]*)${MARK_CLOSE}`, "g");
  let at = 0;
  for (const m of snippet.matchAll(re)) {
    if (m.index > at) parts.push({ text: snippet.slice(at, m.index), match: false });
    parts.push({ text: m[1] ?? "", match: true });
    at = m.index + m[0].length;
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), match: false });
  const html = parts.map((p) => (p.match ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join("");
  return { parts, html };
}

/** A page row's message, conversation and customer, read by rowid after ranking. */
interface HitRow {
  rid: number;
  seq: number;
  role: string;
  created_at: string;
  text: string;
  status: string;
  chatbot_id: string;
  visitor_name: string | null;
  visitor_email: string | null;
}

export interface SearchHit {
  conversation_id: string;
  message_id: string;
  seq: number;
  role: string;
  created_at: string;
  snippet: string;
  snippet_html: string;
  highlights: { text: string; match: boolean }[];
  conversation: { status: string; chatbot_id: string; visitor_name: string | null; visitor_email: string | null };
}

/**
 * How many of the newest matching messages a search ranks. A common word can
 * match most of a large workspace's messages; ranking all of them costs time
 * in proportion to the workspace's volume, so a search ranks (BM25) only the
 * newest this many matches — the ones an agent looks for — and pages within them.
 */
export const SEARCH_CANDIDATES = 1_000;

/** Full-text search over the workspace's newest matching messages, best match first, with highlights. */
export async function searchMessages({
  ctx,
  input,
}: Call<{ q: string; limit?: number | undefined; offset?: number | undefined; status?: string[] | undefined; chatbot_id?: string | undefined }, InboxCtx>): Promise<{ data: SearchHit[]; visitor_matches: VisitorMatch[]; next_offset: number | null; query_terms: string[] }> {
  const match = toMatchQuery(input.q, ctx.auth.workspaceId);
  if (!match) throw badRequest("EMPTY_QUERY", "Type at least one word to search");
  // read-only: queued messages are already indexed as raw text; the mirror and the
  // scheduled job segment them
  const limit = input.limit ?? 20;
  const offset = input.offset ?? 0;
  if (offset >= SEARCH_CANDIDATES) return { data: [], visitor_matches: [], next_offset: null, query_terms: words(input.q) };
  const binds: unknown[] = [match, ctx.auth.workspaceId, SEARCH_CANDIDATES];
  const where: string[] = [];
  if (input.status?.length) {
    where.push(`c.status in (${input.status.map((s) => (binds.push(s), `?${binds.length}`)).join(", ")})`);
  }
  if (input.chatbot_id) {
    binds.push(input.chatbot_id);
    where.push(`c.chatbot_id = ?${binds.length}`);
  }
  // Bounded work: the workspace's matches (its keyed terms; workspace_id is the
  // definitive filter) newest first (FTS rowid order, no sort),
  // stopping at SEARCH_CANDIDATES; they are ranked here (search-rank.ts), and
  // only the page's rows are joined and cut into snippets.
  const candidatesQuery = ctx.env.DB.prepare(
    `select f.rowid as rid, f.body, f.message_id, f.conversation_id
     from messages_fts f
     ${where.length ? "cross join conversations c on c.id = f.conversation_id and c.workspace_id = ?2" : ""}
     where messages_fts match ?1 and f.workspace_id = ?2 ${where.length ? `and ${where.join(" and ")}` : ""}
     order by f.rowid desc
     limit ?3`,
  )
    .bind(...binds)
    .all<{ rid: number; body: string; message_id: string; conversation_id: string }>();
  // the customers whose name or email matches are read alongside (first page only)
  const [{ results: candidates }, visitorMatches] = await Promise.all([candidatesQuery, offset === 0 ? searchVisitors(ctx, input.q) : []]);
  const key = tenantKey(ctx.auth.workspaceId);
  const readable = candidates.map((c) => ({ ...c, body: unkeyTerms(c.body, key) }));
  const terms = queryTokens(words(input.q).slice(0, 16));
  const ranked = rankCandidates(readable, terms).slice(offset, offset + limit + 1);
  const details = new Map<number, HitRow>();
  if (ranked.length) {
    // by rowid, messages first (`+` and CROSS JOIN keep the planner off the workspace
    // indexes, which would walk every message or conversation of the workspace)
    const { results: rows } = await ctx.env.DB.prepare(
      `select m.rowid as rid, m.seq, m.role, m.created_at, m.text, c.status, c.chatbot_id, v.name as visitor_name, v.email as visitor_email
       from messages m
       cross join conversations c on c.id = m.conversation_id and c.workspace_id = ?1
       left join visitors v on v.id = c.visitor_id
       where m.rowid in (select value from json_each(?2)) and +m.workspace_id = ?1`,
    )
      .bind(ctx.auth.workspaceId, JSON.stringify(ranked.map((r) => r.rid)))
      .all<HitRow>();
    for (const r of rows) details.set(r.rid, r);
  }
  const results = ranked.flatMap((r) => {
    const d = details.get(r.rid);
    return d ? [{ ...d, message_id: r.message_id, conversation_id: r.conversation_id, snip: snippetOf(r.body, terms, MARK_OPEN, MARK_CLOSE, d.text) }] : [];
  });
  const hasMore = results.length > limit && offset + limit < SEARCH_CANDIDATES;
  return {
    visitor_matches: visitorMatches,
    data: results.slice(0, limit).map((r) => {
      const h = highlightParts(r.snip);
      return {
        conversation_id: r.conversation_id,
        message_id: r.message_id,
        seq: r.seq,
        role: r.role,
        created_at: r.created_at,
        snippet: h.parts.map((p) => p.text).join(""),
        snippet_html: h.html,
        highlights: h.parts,
        conversation: { status: r.status, chatbot_id: r.chatbot_id, visitor_name: r.visitor_name, visitor_email: r.visitor_email },
      };
    }),
    next_offset: hasMore ? offset + limit : null,
    query_terms: words(input.q),
  };
}

export interface VisitorMatch {
  conversation_id: string;
  status: string;
  visitor_name: string | null;
  visitor_email: string | null;
  last_message_preview: string | null;
  last_message_at: string | null;
}

/** Customers (and their conversations) a search lists by name or email. */
const CUSTOMER_MATCHES = 20;
/** Query words a customer match uses. */
const CUSTOMER_WORDS = 8;

/**
 * A MATCH over one workspace's customer words (visitors_fts, migration 0035):
 * every query word keyed and quoted, each a prefix, all required — "somch"
 * finds "Somchai Jaidee", "gmail.com" the customers at gmail.com. Null when
 * the query has fewer than two letters or digits.
 */
export function customerMatchQuery(q: string, workspaceId: string): string | null {
  const runs = tokenRuns(q).slice(0, CUSTOMER_WORDS);
  if (runs.join("").length < 2) return null;
  const key = tenantKey(workspaceId);
  return runs.map((w) => `"${key}${w.replace(/"/g, '""')}"*`).join(" ");
}

/**
 * Conversations of the newest customers (up to 20) with a word of their name
 * or email starting with each query word, newest activity first. The words
 * come from the workspace's own terms in visitors_fts, so a search costs what
 * it matches, not a read of every visitor row.
 */
async function searchVisitors(ctx: InboxCtx, q: string): Promise<VisitorMatch[]> {
  const match = customerMatchQuery(q, ctx.auth.workspaceId);
  if (!match) return [];
  const { results } = await ctx.env.DB.prepare(
    `select c.id as conversation_id, c.status, v.name as visitor_name, v.email as visitor_email, c.last_message_preview, c.last_message_at
     from (select f.visitor_id as id from visitors_fts f where visitors_fts match ?2 and f.workspace_id = ?1 order by f.rowid desc limit ${CUSTOMER_MATCHES}) hit
     cross join visitors v on v.id = hit.id and v.workspace_id = ?1
     cross join conversations c on c.visitor_id = v.id and c.workspace_id = ?1
     order by c.last_activity_at desc limit ${CUSTOMER_MATCHES}`,
  )
    .bind(ctx.auth.workspaceId, match)
    .all<VisitorMatch>();
  return results;
}
