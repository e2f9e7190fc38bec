/**
 * Whether the bot may answer in a conversation this month: the workspace's AI
 * replies and conversations are within its plan. Over either, the bot hands
 * the visitor to a person (the widget keeps working) and the owners are told.
 * Figures are cached per isolate for a short while, so a busy bot does not
 * count rows on every turn.
 */
import { alertUsage } from "./alerts";
import { workspacePlan } from "./quota";
import { countUsage, currentPeriod } from "./usage";

const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; aiUsed: number; convUsed: number; aiLimit: number | null; convLimit: number | null }>();

export type BotAllowance = { allowed: true } | { allowed: false; metric: "ai_replies" | "conversations" };

export async function botAllowance(env: Env, workspaceId: string, conversationId: string): Promise<BotAllowance> {
  let entry = cache.get(workspaceId);
  if (!entry || Date.now() - entry.at > CACHE_MS) {
    const { plan } = await workspacePlan(env, workspaceId);
    const aiLimit = plan.limits.ai_replies_per_month;
    const convLimit = plan.limits.conversations_per_month;
    const [aiUsed, convUsed] = await Promise.all([
      aiLimit === null ? 0 : countUsage(env, workspaceId, "ai_replies"),
      convLimit === null ? 0 : countUsage(env, workspaceId, "conversations"),
    ]);
    entry = { at: Date.now(), aiUsed, convUsed, aiLimit, convLimit };
    cache.set(workspaceId, entry);
    if (aiLimit !== null) await alertUsage(env, workspaceId, "ai_replies", aiUsed, aiLimit);
    if (convLimit !== null) await alertUsage(env, workspaceId, "conversations", convUsed, convLimit);
  }
  if (entry.aiLimit !== null && entry.aiUsed >= entry.aiLimit) return { allowed: false, metric: "ai_replies" };
  if (entry.convLimit !== null && entry.convUsed > entry.convLimit) {
    // only the conversations that started after the allowance ran out go to a person
    const earlier = await env.DB.prepare(
      `select count(*) as n from conversations where workspace_id = ?1 and created_at >= ?2
         and created_at < coalesce((select created_at from conversations where id = ?3), ?4)`,
    )
      .bind(workspaceId, currentPeriod().start, conversationId, new Date().toISOString())
      .first<{ n: number }>();
    if ((earlier?.n ?? 0) >= entry.convLimit) return { allowed: false, metric: "conversations" };
  }
  entry.aiUsed += 1;
  return { allowed: true };
}

/** Tests and plan changes start from fresh figures. */
export function forgetAllowance(workspaceId?: string): void {
  if (workspaceId) cache.delete(workspaceId);
  else cache.clear();
}
