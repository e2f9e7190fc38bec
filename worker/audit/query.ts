import { badRequest } from "../lib/errors";

export interface AuditQuery {
  action?: string;
  actor_user_id?: string;
  resource_type?: string;
  resource_id?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export interface AuditLogView {
  id: string;
  action: string;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  actor_email: string | null;
  resource_type: string | null;
  resource_id: string | null;
  changes: unknown;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
}

interface Row extends Omit<AuditLogView, "changes"> {
  changes: string | null;
}

const encodeCursor = (createdAt: string, id: string) => btoa(`${createdAt}|${id}`).replace(/=+$/, "");

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = atob(cursor).split("|");
    if (createdAt && id) return { createdAt, id };
  } catch {
    // fall through
  }
  throw badRequest("INVALID_CURSOR", "The cursor is not valid");
}

function parseChanges(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The workspace's audit log, newest first, keyset-paginated on (created_at, id). */
export async function listAuditLogs(env: Pick<Env, "DB">, workspaceId: string, q: AuditQuery): Promise<{ data: AuditLogView[]; next_cursor: string | null }> {
  const where = ["a.workspace_id = ?"];
  const args: unknown[] = [workspaceId];
  const eq = (col: string, v: string | undefined) => {
    if (v !== undefined) {
      where.push(`${col} = ?`);
      args.push(v);
    }
  };
  eq("a.action", q.action);
  eq("a.actor_user_id", q.actor_user_id);
  eq("a.resource_type", q.resource_type);
  eq("a.resource_id", q.resource_id);
  if (q.from) {
    where.push("a.created_at >= ?");
    args.push(q.from);
  }
  if (q.to) {
    where.push("a.created_at <= ?");
    args.push(q.to);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push("(a.created_at < ? or (a.created_at = ? and a.id < ?))");
    args.push(c.createdAt, c.createdAt, c.id);
  }
  args.push(q.limit + 1);
  const { results } = await env.DB.prepare(
    `select a.id, a.action, a.actor_user_id, a.actor_api_key_id, u.email as actor_email, a.resource_type, a.resource_id, a.changes, a.ip, a.user_agent, a.created_at
     from audit_logs a left join users u on u.id = a.actor_user_id
     where ${where.join(" and ")} order by a.created_at desc, a.id desc limit ?`,
  )
    .bind(...args)
    .all<Row>();
  const page = results.slice(0, q.limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => ({ ...r, changes: parseChanges(r.changes) })),
    next_cursor: results.length > q.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
