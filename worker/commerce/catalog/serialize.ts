import type { CommerceSettings, Product, ProductVariant } from "../../db/schema";

export type StockState = "in_stock" | "low" | "out_of_stock";

export function stockState(v: Pick<ProductVariant, "stock" | "lowStockThreshold">): StockState {
  if (v.stock <= 0) return "out_of_stock";
  return v.stock <= v.lowStockThreshold ? "low" : "in_stock";
}

export function serializeVariant(v: ProductVariant) {
  return {
    id: v.id,
    product_id: v.productId,
    sku: v.sku,
    name: v.name,
    options: v.options,
    price: v.price,
    compare_at_price: v.compareAtPrice,
    stock: v.stock,
    low_stock_threshold: v.lowStockThreshold,
    stock_state: stockState(v),
    weight_grams: v.weightGrams,
    position: v.position,
  };
}

export function serializeProduct(p: Product, variants: ProductVariant[], settings: Pick<CommerceSettings, "currency" | "taxInclusive">) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    category: p.category,
    tags: p.tags,
    status: p.status,
    images: p.images,
    currency: settings.currency,
    tax_inclusive: settings.taxInclusive,
    variants: variants.sort((a, b) => a.position - b.position).map(serializeVariant),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}
export type ProductDto = ReturnType<typeof serializeProduct>;
