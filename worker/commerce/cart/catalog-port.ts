import { thumbnailUrl } from "../catalog/image-urls";
import type { CatalogPort, VariantSnapshot } from "../../../durable-objects/conversation/cart";

/** One sellable variant (its product active) of the workspace as the catalog has it now, or null. */
export async function lookupVariant(env: Pick<Env, "DB">, workspaceId: string, variantId: string): Promise<VariantSnapshot | null> {
  const row = await env.DB.prepare(
    `SELECT v.id AS variant_id, v.product_id, p.name AS product_name, v.name AS variant_name, v.sku, v.price AS unit_price, v.stock,
            p.images, coalesce(s.currency, 'THB') AS currency
     FROM product_variants v JOIN products p ON p.id = v.product_id
     LEFT JOIN commerce_settings s ON s.workspace_id = v.workspace_id
     WHERE v.id = ?1 AND v.workspace_id = ?2 AND p.workspace_id = ?2 AND p.status = 'active'`,
  )
    .bind(variantId, workspaceId)
    .first<Omit<VariantSnapshot, "image_url"> & { images: string }>();
  if (!row) return null;
  const { images, ...rest } = row;
  const list = JSON.parse(images || "[]") as string[];
  return { ...rest, image_url: list[0] ? thumbnailUrl(list[0]) : null };
}

/** The port the ConversationDO uses for `cart:*` socket frames. */
export const catalogPort: CatalogPort = { lookupVariant };
