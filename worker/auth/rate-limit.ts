import { tooManyRequests } from "../lib/errors";

export interface RateLimitResult {
  allowed: boolean;
  /** Hits in the current window, this one included. */
  count: number;
  /** Seconds until the current window ends. */
  retryAfter: number;
}

/**
 * Counts one hit on `key` in a D1-backed fixed window of `windowSeconds` and
 * says whether it is within `limit`. The increment is a single atomic upsert,
 * so concurrent requests cannot both slip under the limit.
 */
export async function hitRateLimit(env: Pick<Env, "DB">, key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  const now = Math.floor(Date.now() / 1000);
  const windowStart = now - (now % windowSeconds);
  const expiresAt = windowStart + windowSeconds;
  const row = await env.DB.prepare(
    `insert into rate_limits (key, window_start, count, expires_at) values (?1, ?2, 1, ?3)
     on conflict (key, window_start) do update set count = count + 1
     returning count`,
  )
    .bind(key, windowStart, expiresAt)
    .first<{ count: number }>();
  const count = row?.count ?? 1;
  // Finished windows are swept now and then by the requests themselves; no cron needed.
  if (Math.random() < 0.01) await sweepRateLimits(env);
  return { allowed: count <= limit, count, retryAfter: Math.max(1, expiresAt - now) };
}

export interface RateLimitCheck {
  key: string;
  limit: number;
  windowSeconds: number;
}

/** Hits every key; throws 429 RATE_LIMITED (with Retry-After) if any is over its limit. */
export async function enforceRateLimits(env: Pick<Env, "DB">, checks: RateLimitCheck[], message?: string): Promise<void> {
  const results = await Promise.all(checks.map((c) => hitRateLimit(env, c.key, c.limit, c.windowSeconds)));
  const blocked = results.filter((r) => !r.allowed);
  if (blocked.length) throw tooManyRequests(Math.max(...blocked.map((r) => r.retryAfter)), message);
}

/**
 * Takes one hit back from each key's current window (never below zero): for
 * limits that count only failures, the hit is taken up front (atomic, so a
 * burst cannot slip past) and refunded when the attempt succeeds.
 */
export async function refundRateLimits(env: Pick<Env, "DB">, checks: RateLimitCheck[]): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  await env.DB.batch(
    checks.map((c) =>
      env.DB.prepare(`update rate_limits set count = count - 1 where key = ?1 and window_start = ?2 and count > 0`).bind(c.key, now - (now % c.windowSeconds)),
    ),
  );
}

/** Deletes finished windows. */
export async function sweepRateLimits(env: Pick<Env, "DB">): Promise<number> {
  const res = await env.DB.prepare(`delete from rate_limits where expires_at < ?1`).bind(Math.floor(Date.now() / 1000)).run();
  return res.meta.changes ?? 0;
}
