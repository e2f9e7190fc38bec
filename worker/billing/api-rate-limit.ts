/**
 * Per-plan request limits for API keys: one hourly window per key, counted by
 * the key's own rate-limiter Durable Object (no D1 write per request), with
 * the IETF `RateLimit-*` headers on every answer and `429` + `Retry-After`
 * when the window is spent.
 */
import type { ApiRateLimiterDO, RateWindow } from "../../durable-objects/api-rate-limiter";
import { AppError } from "../lib/errors";
import { planOf } from "./plans";
import { effectivePlanId } from "./quota";

const WINDOW_SECONDS = 3600;

export function apiKeyHourlyLimit(row: { plan: string; plan_expires_at: string | null; billing_status: string; past_due_since: string | null }): number {
  return planOf(effectivePlanId(row)).limits.api_requests_per_hour;
}

export async function hitApiKeyLimit(env: Pick<Env, "API_RATE_LIMITER">, keyId: string, limit: number): Promise<RateWindow> {
  const ns = env.API_RATE_LIMITER as unknown as DurableObjectNamespace<ApiRateLimiterDO>;
  const stub = ns.get(ns.idFromName(keyId));
  return stub.hit(limit, WINDOW_SECONDS);
}

export function rateLimitHeaders(w: RateWindow): Record<string, string> {
  return { "RateLimit-Limit": String(w.limit), "RateLimit-Remaining": String(w.remaining), "RateLimit-Reset": String(w.reset) };
}

export function apiKeyLimitExceeded(w: RateWindow): AppError {
  return new AppError(
    429,
    "RATE_LIMITED",
    `This API key has used its ${w.limit} requests for this hour; try again in ${w.reset} s or upgrade the plan`,
    { limit: w.limit, retry_after: w.reset },
    { ...rateLimitHeaders(w), "Retry-After": String(w.reset) },
  );
}
