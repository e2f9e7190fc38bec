import { badRequest } from "../lib/errors";
import type { Call, ServiceCtx } from "../lib/service";
import { CONVERSATION_SELECT, type ConversationItem, type ConversationRow, shapeConversation } from "./conversation-row";
import { ConversationFilters, type ListQuery } from "./list-filters";
import { getSavedFilter } from "./saved-filters";

const DEFAULT_LIMIT = 25;

/** Start (or end, inclusive) of a day for date-only bounds; full timestamps normalised to UTC. */
function bound(value: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T${end ? "23:59:59.999" : "00:00:00.000"}Z`;
  return new Date(value).toISOString();
}

function encodeCursor(key: string, id: string) {
  return btoa(JSON.stringify([key, id])).replace(/=+$/, "");
}
function decodeCursor(cursor: string): [string, string] {
  try {
    const v: unknown = JSON.parse(atob(cursor));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string") return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  throw badRequest("INVALID_CURSOR", "The cursor is not valid");
}

/**
 * The inbox list (spec 5.3.3/5.3.4): every filter narrows within the caller's
 * workspace; cursor pagination over (sort key, id).
 */
export async function listConversations({
  ctx,
  input: query,
}: Call<ListQuery>): Promise<{ data: ConversationItem[]; next_cursor: string | null; has_more: boolean; applied_filters: ConversationFilters }> {
  const { filter_id, cursor, limit: rawLimit, ...explicit } = query;
  let filters: ConversationFilters = explicit;
  if (filter_id) {
    const saved = await getSavedFilter({ ctx, input: { id: filter_id } });
    const parsed = ConversationFilters.safeParse(saved.filters);
    const base = parsed.success ? parsed.data : {};
    // explicit query parameters win over the saved filter
    filters = { ...base, ...Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined)) };
  }
  const limit = rawLimit ?? DEFAULT_LIMIT;

  const where: string[] = ["c.workspace_id = ?1"];
  const binds: unknown[] = [ctx.auth.workspaceId];
  const p = (v: unknown) => {
    binds.push(v);
    return `?${binds.length}`;
  };

  // one status: the (workspace, status, last_activity_at, id) index serves filter and order; several
  // (the open tab): `+` keeps SQLite on the (workspace, last_activity_at, id) index, walking it in
  // order and filtering, instead of collecting every matching row to sort it
  if (filters.status?.length === 1) where.push(`c.status = ${p(filters.status[0])}`);
  else if (filters.status?.length) where.push(`+c.status in (${filters.status.map(p).join(", ")})`);
  if (filters.chatbot_id) where.push(`c.chatbot_id = ${p(filters.chatbot_id)}`);
  if (filters.channel) where.push(`c.channel = ${p(filters.channel)}`);
  if (filters.visitor_id) where.push(`c.visitor_id = ${p(filters.visitor_id)}`);
  if (filters.assigned_agent_id) {
    if (filters.assigned_agent_id === "unassigned") where.push("c.assigned_agent_id is null");
    else if (filters.assigned_agent_id === "me") {
      if (!ctx.auth.userId) throw badRequest("INVALID_FILTER", "assigned_agent_id=me needs a signed-in user");
      where.push(`c.assigned_agent_id = ${p(ctx.auth.userId)}`);
    } else where.push(`c.assigned_agent_id = ${p(filters.assigned_agent_id)}`);
  }
  if (filters.tags?.length) {
    const tags = filters.tags.map((t) => t.toLowerCase());
    where.push(`exists (select 1 from json_each(c.tags) j where j.value in (${tags.map(p).join(", ")}))`);
  }
  const dateCol = filters.date_field === "last_message_at" ? "c.last_message_at" : "c.created_at";
  if (filters.from) where.push(`${dateCol} >= ${p(bound(filters.from, false))}`);
  if (filters.to) where.push(`${dateCol} <= ${p(bound(filters.to, true))}`);
  if (filters.rating_min !== undefined) where.push(`c.rating >= ${p(filters.rating_min)}`);
  if (filters.rating_max !== undefined) where.push(`c.rating <= ${p(filters.rating_max)}`);
  if (filters.has_notes !== undefined) where.push(`c.has_notes = ${p(filters.has_notes ? 1 : 0)}`);

  const sortKey = filters.sort === "created_at" ? "c.created_at" : "c.last_activity_at";
  const desc = filters.order !== "asc";
  if (cursor) {
    const [key, id] = decodeCursor(cursor);
    const op = desc ? "<" : ">";
    const k = p(key);
    where.push(`(${sortKey} ${op} ${k} or (${sortKey} = ${k} and c.id ${op} ${p(id)}))`);
  }
  const dir = desc ? "desc" : "asc";
  const sql = `${CONVERSATION_SELECT} where ${where.join(" and ")} order by ${sortKey} ${dir}, c.id ${dir} limit ${p(limit + 1)}`;
  const { results } = await ctx.env.DB.prepare(sql)
    .bind(...binds)
    .all<ConversationRow>();
  const hasMore = results.length > limit;
  const page = results.slice(0, limit);
  const last = page[page.length - 1];
  const lastKey = last ? (filters.sort === "created_at" ? last.created_at : (last.last_message_at ?? last.created_at)) : null;
  return {
    data: page.map(shapeConversation),
    next_cursor: hasMore && last && lastKey ? encodeCursor(lastKey, last.id) : null,
    has_more: hasMore,
    applied_filters: filters,
  };
}
