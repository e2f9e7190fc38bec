/** A usage figure at or over 80 % of its limit, for the in-app banner and the alert emails. */
export interface UsageWarning {
  metric: string;
  used: number;
  limit: number;
  level: 80 | 100;
}

export function monthlyWarnings(limits: Record<string, number | null>, usage: Record<string, number>): UsageWarning[] {
  const out: UsageWarning[] = [];
  for (const [metric, used] of Object.entries(usage)) {
    const limit = limits[metric];
    if (limit === null || limit === undefined || limit <= 0) continue;
    if (used >= limit) out.push({ metric, used, limit, level: 100 });
    else if (used >= limit * 0.8) out.push({ metric, used, limit, level: 80 });
  }
  return out;
}
