import { terms } from "../text/segment";

/**
 * Knowledge gaps (PRD 5.4.4): the chatbot's low-confidence and no-result
 * questions of a period, grouped into topics by shared significant terms
 * (greedy single-link clustering on term-set overlap), with counts, average
 * confidence, sample questions and a suggested action.
 */
export const LOW_CONFIDENCE = 0.7;

interface Row {
  question: string;
  confidence: number;
  result_count: number;
}

export interface Gap {
  query_pattern: string;
  count: number;
  avg_confidence: number;
  sample_queries: string[];
  suggested_action: string;
}

export function parsePeriod(period: string): number {
  const m = period.match(/^(\d{1,3})d$/);
  return m ? Math.min(365, Math.max(1, Number(m[1]))) : 30;
}

export async function knowledgeGaps(env: Env, workspaceId: string, chatbotId: string, days: number) {
  const end = new Date();
  const start = new Date(end.getTime() - days * 86_400_000);
  const stats = await env.DB.prepare(
    `select count(*) as total, sum(case when confidence < ?4 then 1 else 0 end) as low, sum(case when result_count = 0 then 1 else 0 end) as none
     from kb_queries where workspace_id = ?1 and chatbot_id = ?2 and created_at >= ?3`,
  )
    .bind(workspaceId, chatbotId, start.toISOString(), LOW_CONFIDENCE)
    .first<{ total: number; low: number | null; none: number | null }>();
  const rows = await env.DB.prepare(
    `select question, confidence, result_count from kb_queries
     where workspace_id = ?1 and chatbot_id = ?2 and created_at >= ?3 and (confidence < ?4 or result_count = 0)
     order by created_at desc limit 2000`,
  )
    .bind(workspaceId, chatbotId, start.toISOString(), LOW_CONFIDENCE)
    .all<Row>();
  return {
    period: { start: start.toISOString(), end: end.toISOString() },
    total_queries: stats?.total ?? 0,
    low_confidence_queries: stats?.low ?? 0,
    no_result_queries: stats?.none ?? 0,
    gaps: clusterQuestions(rows.results),
  };
}

export function clusterQuestions(rows: Row[]): Gap[] {
  const items = rows.map((r) => ({ ...r, terms: new Set(terms(r.question)) })).filter((r) => r.terms.size > 0);
  // document frequency of terms among the gap questions: shared, not ubiquitous, terms make a topic
  const df = new Map<string, number>();
  for (const it of items) for (const t of it.terms) df.set(t, (df.get(t) ?? 0) + 1);
  const clusters: { members: typeof items; terms: Map<string, number> }[] = [];
  for (const it of items) {
    let best: (typeof clusters)[number] | null = null;
    let bestScore = 0;
    for (const c of clusters) {
      let shared = 0;
      for (const t of it.terms) if (c.terms.has(t)) shared += 1;
      const score = shared / Math.min(it.terms.size, c.terms.size);
      if (shared >= 1 && score >= 0.34 && score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (!best) {
      best = { members: [], terms: new Map() };
      clusters.push(best);
    }
    best.members.push(it);
    for (const t of it.terms) best.terms.set(t, (best.terms.get(t) ?? 0) + 1);
  }
  const wordsFor = new Map<string, string>();
  for (const it of items) for (const w of it.question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const t = terms(w)[0];
    if (t && !wordsFor.has(t)) wordsFor.set(t, w);
  }
  return clusters
    .map((c) => {
      const top = [...c.terms.entries()].sort((a, b) => b[1] - a[1] || (df.get(b[0]) ?? 0) - (df.get(a[0]) ?? 0)).slice(0, 3);
      const keyTerms = top.filter(([, n]) => n >= Math.max(1, Math.ceil(c.members.length / 2))).map(([t]) => wordsFor.get(t) ?? t);
      const pattern = (keyTerms.length ? keyTerms : top.slice(0, 2).map(([t]) => wordsFor.get(t) ?? t)).join(" ");
      const avg = c.members.reduce((s, m) => s + m.confidence, 0) / c.members.length;
      const unique = [...new Set(c.members.map((m) => m.question))];
      return {
        query_pattern: pattern,
        count: c.members.length,
        avg_confidence: Math.round(avg * 100) / 100,
        sample_queries: unique.slice(0, 3),
        suggested_action: `Add an FAQ or documentation about ${pattern}`,
      };
    })
    .sort((a, b) => b.count - a.count)
    .slice(0, 50);
}
