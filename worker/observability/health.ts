import type { ApiRateLimiterDO } from "../../durable-objects/api-rate-limiter";

export interface HealthReport {
  status: "ok" | "degraded";
  db: boolean;
  checks: { d1: boolean; r2: boolean; durable_objects: boolean; queues: boolean };
}

async function probe(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether each dependency answers: a D1 query, an R2 lookup, a Durable Object
 * round trip, and the queue producers being bound. It says nothing about the
 * configuration (no environment, no binding names, no versions).
 */
export async function checkHealth(env: Pick<Env, "DB" | "FILES" | "API_RATE_LIMITER" | "INGEST" | "OUTBOUND">): Promise<HealthReport> {
  const [d1, r2, durable_objects] = await Promise.all([
    probe(async () => {
      const row = await env.DB.prepare("select 1 as ok").first<{ ok: number }>();
      if (row?.ok !== 1) throw new Error("no row");
    }),
    probe(() => env.FILES.head("health/probe")),
    probe(async () => {
      const ns = env.API_RATE_LIMITER as unknown as DurableObjectNamespace<ApiRateLimiterDO>;
      if ((await ns.get(ns.idFromName("health")).ping()) !== "pong") throw new Error("no pong");
    }),
  ]);
  const queues = typeof env.INGEST?.send === "function" && typeof env.OUTBOUND?.send === "function";
  const checks = { d1, r2, durable_objects, queues };
  return { status: Object.values(checks).every(Boolean) ? "ok" : "degraded", db: d1, checks };
}
