import { syncProductIndex } from "../knowledge/index-sync";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { productVariants, products, type ProductVariant } from "../../db/schema";
import { conflict, notFound } from "../../lib/errors";
import { nowIso } from "../../lib/ids";
import type { Call, ServiceCtx } from "../../lib/service";
import { assertSkusFree, checkCompareAt, getProduct, loadProduct, newVariantRow } from "./products";
import type { VariantInputShape, VariantPatchShape } from "./schemas";
import type { ProductDto } from "./serialize";

async function loadVariant(ctx: ServiceCtx, productId: string, variantId: string): Promise<ProductVariant> {
  const row = await getDb(ctx.env)
    .select()
    .from(productVariants)
    .where(and(eq(productVariants.id, variantId), eq(productVariants.productId, productId), eq(productVariants.workspaceId, ctx.auth.workspaceId)))
    .get();
  if (!row) throw notFound("Variant");
  return row;
}

/** Marks the product changed and refreshes what the bot knows of it. */
async function touchProduct(ctx: ServiceCtx, productId: string) {
  await getDb(ctx.env).update(products).set({ updatedAt: nowIso() }).where(and(eq(products.id, productId), eq(products.workspaceId, ctx.auth.workspaceId)));
  await syncProductIndex(ctx.env, ctx.auth.workspaceId, [productId]);
}

export async function addVariant({ ctx, input: { productId, variant: input } }: Call<{ productId: string; variant: VariantInputShape }>): Promise<ProductDto> {
  await loadProduct({ ctx, input: { id: productId } });
  checkCompareAt(input);
  await assertSkusFree(ctx.env, ctx.auth.workspaceId, [input.sku]);
  const db = getDb(ctx.env);
  const max = await db
    .select({ n: sql<number>`coalesce(max(${productVariants.position}), -1)` })
    .from(productVariants)
    .where(eq(productVariants.productId, productId))
    .get();
  try {
    await db.insert(productVariants).values(newVariantRow(ctx.auth.workspaceId, productId, input, (max?.n ?? -1) + 1, nowIso()));
  } catch (err) {
    if (String(err).includes("UNIQUE")) throw conflict("DUPLICATE_SKU", `SKU ${input.sku} is already used by another variant`);
    throw err;
  }
  await touchProduct(ctx, productId);
  return getProduct({ ctx, input: { id: productId } });
}

export async function updateVariant({ ctx, input: { productId, variantId, patch: input } }: Call<{ productId: string; variantId: string; patch: VariantPatchShape }>): Promise<ProductDto> {
  const current = await loadVariant(ctx, productId, variantId);
  const next: ProductVariant = {
    ...current,
    sku: input.sku ?? current.sku,
    name: input.name ?? current.name,
    options: input.options ?? current.options,
    price: input.price ?? current.price,
    compareAtPrice: input.compare_at_price !== undefined ? input.compare_at_price : current.compareAtPrice,
    stock: input.stock ?? current.stock,
    lowStockThreshold: input.low_stock_threshold ?? current.lowStockThreshold,
    weightGrams: input.weight_grams !== undefined ? input.weight_grams : current.weightGrams,
    updatedAt: nowIso(),
  };
  checkCompareAt({ sku: next.sku, price: next.price, compare_at_price: next.compareAtPrice });
  if (next.sku !== current.sku) await assertSkusFree(ctx.env, ctx.auth.workspaceId, [next.sku], current.id);
  const { id: _id, workspaceId: _ws, productId: _p, createdAt: _c, position: _pos, ...changes } = next;
  await getDb(ctx.env).update(productVariants).set(changes).where(eq(productVariants.id, variantId));
  await touchProduct(ctx, productId);
  return getProduct({ ctx, input: { id: productId } });
}

/** Removes a variant; the last one stays (a product is sold through its variants). */
export async function deleteVariant({ ctx, input: { productId, variantId } }: Call<{ productId: string; variantId: string }>): Promise<ProductDto> {
  await loadVariant(ctx, productId, variantId);
  const count = await getDb(ctx.env).select({ n: sql<number>`count(*)` }).from(productVariants).where(eq(productVariants.productId, productId)).get();
  if ((count?.n ?? 0) <= 1) throw conflict("LAST_VARIANT", "A product needs at least one variant; delete the product instead");
  await getDb(ctx.env).delete(productVariants).where(eq(productVariants.id, variantId));
  await touchProduct(ctx, productId);
  return getProduct({ ctx, input: { id: productId } });
}
