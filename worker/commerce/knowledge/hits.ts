import type { SearchHit } from "../../knowledge/search/hybrid";

const MAX_PRODUCTS = 3;

/** The product hits worth showing: a product leads the retrieval, or matches most of the question. */
export function productHits(hits: SearchHit[]): SearchHit[] {
  const products = hits.filter((h) => h.sourceType === "product");
  const best = products[0];
  if (!best) return [];
  const leads = hits[0]?.sourceType === "product";
  if (!leads && best.coverage < 0.6) return [];
  return products.filter((h) => h.fused >= best.fused * 0.5 && (leads || h.coverage >= 0.6)).slice(0, MAX_PRODUCTS);
}
