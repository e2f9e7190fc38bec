import type { SearchHit } from "../knowledge/search/hybrid";

/**
 * Confidence (PRD 5.5.3) from retrieval alone, so it means the same thing for
 * every provider: how much of the question the best passages cover, how
 * similar they are in meaning, whether words and meaning agree on the top
 * passage, and how clearly it stands out. Mapped to 0..1.
 */
export interface ConfidenceParts {
  coverage: number;
  similarity: number;
  agreement: number;
  margin: number;
}

export function confidenceParts(hits: SearchHit[]): ConfidenceParts {
  if (hits.length === 0) return { coverage: 0, similarity: 0, agreement: 0, margin: 0 };
  const top = hits.slice(0, 3);
  const coverage = Math.max(...top.map((h) => h.coverage));
  const similarity = Math.max(...top.map((h) => h.vector));
  const first = hits[0]!;
  const agreement = first.bm25 > 0 && first.vector > 0 ? 1 : 0;
  const second = hits[1];
  const margin = second ? Math.max(0, (first.fused - second.fused) / first.fused) : 1;
  return { coverage, similarity, agreement, margin };
}

export function computeConfidence(hits: SearchHit[]): number {
  if (hits.length === 0) return 0;
  const p = confidenceParts(hits);
  const z = -2.3 + 4.2 * p.coverage + 5.5 * p.similarity + 0.6 * p.agreement + 0.8 * p.margin;
  const c = 1 / (1 + Math.exp(-z));
  return Math.round(c * 1000) / 1000;
}
