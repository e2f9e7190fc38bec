/**
 * What a workspace uses, counted from the rows themselves: chatbots, seats and connected channels
 * now, conversations and AI replies in the current billing period. Counting
 * the D1 mirror (which the conversation outbox writes idempotently) means a
 * replayed flush can never count twice.
 */
export type CountedResource = "chatbots" | "seats" | "channels";
export type MonthlyResource = "conversations" | "ai_replies";

/** The current billing period: the calendar month in UTC. */
export function currentPeriod(now = new Date()): { start: string; end: string; key: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start: start.toISOString(), end: end.toISOString(), key: start.toISOString().slice(0, 7) };
}

const COUNTS: Record<CountedResource | MonthlyResource, string> = {
  chatbots: `select count(*) as n from chatbots where workspace_id = ?1 and deleted_at is null and status != 'archived'`,
  // members plus pending invitations: an invitation holds a seat until it is accepted, revoked or expires
  seats: `select (select count(*) from memberships where workspace_id = ?1 and status = 'active')
              + (select count(*) from invitations where workspace_id = ?1 and accepted_at is null and revoked_at is null and expires_at > ?2) as n`,
  // connected messaging channels (LINE, Telegram, …); the website widget is not one
  channels: `select count(*) as n from channels where workspace_id = ?1`,
  conversations: `select count(*) as n from conversations where workspace_id = ?1 and created_at >= ?2`,
  ai_replies: `select count(*) as n from messages where workspace_id = ?1 and role = 'bot' and created_at >= ?2`,
};

export async function countUsage(env: Pick<Env, "DB">, workspaceId: string, resource: CountedResource | MonthlyResource): Promise<number> {
  const since = resource === "seats" ? new Date().toISOString() : currentPeriod().start;
  const sql = COUNTS[resource];
  const stmt = env.DB.prepare(sql);
  const bound = sql.includes("?2") ? stmt.bind(workspaceId, since) : sql.includes("?1") ? stmt.bind(workspaceId) : stmt;
  const row = await bound.first<{ n: number }>();
  return row?.n ?? 0;
}

export interface UsageSnapshot {
  chatbots: number;
  seats: number;
  channels: number;
  conversations: number;
  ai_replies: number;
}

export async function usageSnapshot(env: Pick<Env, "DB">, workspaceId: string): Promise<UsageSnapshot> {
  const [chatbots, seats, channels, conversations, ai_replies] = await Promise.all(
    (["chatbots", "seats", "channels", "conversations", "ai_replies"] as const).map((r) => countUsage(env, workspaceId, r)),
  );
  return { chatbots, seats, channels, conversations, ai_replies };
}
