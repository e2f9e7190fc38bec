import { DurableObject } from "cloudflare:workers";

export interface RateWindow {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends. */
  reset: number;
  /** True on the first hit of a minute: the caller may refresh "last used" then (one D1 write a minute, not one a request). */
  touch: boolean;
}

/**
 * One per API key: counts the key's requests in fixed windows. The count
 * lives in memory and in the object's own storage (not D1), so an API
 * request costs one RPC here and no database write; the object is the only
 * writer for its key, so concurrent requests cannot both slip under the limit.
 */
export class ApiRateLimiterDO extends DurableObject<Env> {
  private window = 0;
  private count = 0;
  private lastTouchMinute = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.window = Number(ctx.storage.kv.get("window") ?? 0);
    this.count = Number(ctx.storage.kv.get("count") ?? 0);
  }

  /** A round trip for the health check. */
  ping(): "pong" {
    return "pong";
  }

  hit(limit: number, windowSeconds: number, nowMs = Date.now()): RateWindow {
    const now = Math.floor(nowMs / 1000);
    const windowStart = now - (now % windowSeconds);
    if (windowStart !== this.window) {
      this.window = windowStart;
      this.count = 0;
      this.ctx.storage.kv.put("window", windowStart);
    }
    const allowed = this.count < limit;
    if (allowed) {
      this.count += 1;
      this.ctx.storage.kv.put("count", this.count);
    }
    const minute = Math.floor(now / 60);
    const touch = minute !== this.lastTouchMinute;
    this.lastTouchMinute = minute;
    return { allowed, limit, remaining: Math.max(0, limit - this.count), reset: windowStart + windowSeconds - now, touch };
  }
}
