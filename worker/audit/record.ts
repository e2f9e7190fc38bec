import type { AuthContext } from "../lib/context";
import { newId, nowIso } from "../lib/ids";

/** Who did it: the caller's auth context, or at least the workspace it happened in. */
export type AuditActor = Pick<AuthContext, "workspaceId"> & Partial<Pick<AuthContext, "userId" | "apiKeyId">>;

export interface AuditEntry {
  /** Dotted verb, e.g. `user.login`, `member.role_changed`, `chatbot.created`. */
  action: string;
  resource_type?: string | null;
  resource_id?: string | null;
  /** Usually `{ before, after }`; any JSON-serialisable detail is accepted. */
  changes?: unknown;
}

/**
 * A verb's context (`ServiceCtx` / `RequestCtx` from lib/service.ts): the bindings and the
 * caller's client details. A route passes `serviceCtx(c)` or `requestCtx(c)`, never its Hono
 * context (`req` is refused so the caller's IP and user agent cannot be silently dropped).
 */
type CallerCtx = { env: Pick<Env, "DB">; client?: { ip: string | null; userAgent: string | null } | undefined; req?: never };
/** Where an entry is written from: a caller's context, or just the bindings (scheduled jobs). */
export type AuditTarget = Pick<Env, "DB"> | CallerCtx;

const isCallerCtx = (x: AuditTarget): x is CallerCtx => typeof (x as CallerCtx).env === "object" && !("DB" in x);

/**
 * Appends one row to the workspace's audit log. Pass the verb's context when there is a
 * caller (their IP and user agent are recorded), otherwise the env.
 * Never throws: a failed audit write is logged and must not undo the action.
 */
export async function recordAudit(target: AuditTarget, actor: AuditActor, entry: AuditEntry): Promise<void> {
  const env = isCallerCtx(target) ? target.env : target;
  const ip = isCallerCtx(target) ? (target.client?.ip ?? null) : null;
  const userAgent = isCallerCtx(target) ? (target.client?.userAgent ?? null) : null;
  try {
    await env.DB.prepare(
      `insert into audit_logs (id, workspace_id, actor_user_id, actor_api_key_id, action, resource_type, resource_id, changes, ip, user_agent, created_at)
       values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
    )
      .bind(
        newId("aud"),
        actor.workspaceId,
        actor.userId ?? null,
        actor.apiKeyId ?? null,
        entry.action,
        entry.resource_type ?? null,
        entry.resource_id ?? null,
        entry.changes === undefined ? null : JSON.stringify(entry.changes),
        ip,
        userAgent,
        nowIso(),
      )
      .run();
  } catch (err) {
    console.error("audit log write failed", entry.action, err);
  }
}
