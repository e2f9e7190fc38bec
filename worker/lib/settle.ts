/**
 * Runs independent steps side by side (one round trip of waiting instead of
 * one per step) and answers like running them in list order would: the error
 * of the first step in the list that failed, not of the first to fail in time,
 * so a request that breaks two rules always gets the same answer.
 */
export async function allInOrder<T extends readonly unknown[]>(steps: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const results = await Promise.allSettled(steps);
  for (const r of results) if (r.status === "rejected") throw r.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
