/**
 * Recommendations: "similar products" from the catalog (same category, shared
 * tags, in stock first) and "often bought together" from paid orders (other
 * products in the same orders, by how many orders share them).
 */

/** Order statuses that count as a purchase. */
const PURCHASED = `('paid','fulfilled','shipped','delivered')`;

export interface Recommendation {
  product_id: string;
  name: string;
  /** similar: category/tag overlap; bought together: orders the two products share */
  score: number;
  in_stock: boolean;
}

export async function similarProducts(env: Env, workspaceId: string, productId: string, limit = 3): Promise<Recommendation[]> {
  const rows = await env.DB.prepare(
    `with me as (select category, tags from products where id = ?2 and workspace_id = ?1)
     select p.id as product_id, p.name as name,
            (case when p.category is not null and p.category = (select category from me) then 2 else 0 end)
            + (select count(*) from json_each(p.tags) t where t.value in (select value from json_each((select tags from me)))) as score,
            exists (select 1 from product_variants v where v.product_id = p.id and v.stock > 0) as in_stock
     from products p
     where p.workspace_id = ?1 and p.id != ?2 and p.status = 'active' and exists (select 1 from me)
     order by score desc, in_stock desc, p.created_at desc
     limit ?3`,
  )
    .bind(workspaceId, productId, limit * 3)
    .all<{ product_id: string; name: string; score: number; in_stock: number }>();
  return rows.results
    .filter((r) => r.score > 0)
    .slice(0, limit)
    .map((r) => ({ product_id: r.product_id, name: r.name, score: r.score, in_stock: !!r.in_stock }));
}

export async function boughtTogether(env: Env, workspaceId: string, productId: string, limit = 3): Promise<Recommendation[]> {
  const rows = await env.DB.prepare(
    `select other.product_id as product_id, p.name as name, count(distinct other.order_id) as score,
            exists (select 1 from product_variants v where v.product_id = p.id and v.stock > 0) as in_stock
     from order_items mine
     join orders o on o.id = mine.order_id and o.workspace_id = ?1 and o.status in ${PURCHASED}
     join order_items other on other.order_id = mine.order_id and other.product_id != mine.product_id
     join products p on p.id = other.product_id and p.workspace_id = ?1 and p.status = 'active'
     where mine.workspace_id = ?1 and mine.product_id = ?2
     group by other.product_id
     order by score desc, p.name
     limit ?3`,
  )
    .bind(workspaceId, productId, limit)
    .all<{ product_id: string; name: string; score: number; in_stock: number }>();
  return rows.results.map((r) => ({ ...r, in_stock: !!r.in_stock }));
}
