import type { Call } from "../../lib/service";
import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { productVariants, products, type Product, type ProductVariant } from "../../db/schema";
import { badRequest, conflict, notFound } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import { syncProductIndex } from "../knowledge/index-sync";
import { loadSettings } from "../settings";
import type { CreateProductInput, ListProductsInput, UpdateProductInput, VariantInputShape } from "./schemas";
import { serializeProduct, type ProductDto } from "./serialize";

export function cleanTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].slice(0, 20);
}

/** Refuses a compare-at price below the price (it is the struck-through "was" price). */
export function checkCompareAt(v: { sku?: string | undefined; price: number; compare_at_price?: number | null | undefined }) {
  if (v.compare_at_price != null && v.compare_at_price < v.price) {
    throw badRequest("INVALID_COMPARE_AT_PRICE", `compare_at_price must be at least the price${v.sku ? ` (SKU ${v.sku})` : ""}`);
  }
}

/** 409 DUPLICATE_SKU when any of `skus` repeats itself or is already used in the workspace (by another variant than `exceptId`). */
export async function assertSkusFree(env: Env, workspaceId: string, skus: string[], exceptId?: string) {
  const seen = new Set<string>();
  for (const s of skus) {
    if (seen.has(s)) throw conflict("DUPLICATE_SKU", `SKU ${s} appears twice`, { sku: s });
    seen.add(s);
  }
  if (!skus.length) return;
  const taken = await getDb(env)
    .select({ id: productVariants.id, sku: productVariants.sku })
    .from(productVariants)
    .where(and(eq(productVariants.workspaceId, workspaceId), inArray(productVariants.sku, skus)));
  const clash = taken.find((t) => t.id !== exceptId);
  if (clash) throw conflict("DUPLICATE_SKU", `SKU ${clash.sku} is already used by another variant`, { sku: clash.sku });
}

export function newVariantRow(workspaceId: string, productId: string, v: VariantInputShape, position: number, now: string): ProductVariant {
  return {
    id: newId("var"),
    workspaceId,
    productId,
    sku: v.sku,
    name: v.name,
    options: v.options ?? {},
    price: v.price,
    compareAtPrice: v.compare_at_price ?? null,
    stock: v.stock ?? 0,
    lowStockThreshold: v.low_stock_threshold ?? 0,
    weightGrams: v.weight_grams ?? null,
    position,
    createdAt: now,
    updatedAt: now,
  };
}

function rethrowUnique(err: unknown): never {
  if (String(err).includes("UNIQUE")) throw conflict("DUPLICATE_SKU", "A SKU is already used by another variant");
  throw err;
}

/** Creates a product with its variants in one batch and answers it with the variant ids. */
export async function createProduct({ ctx, input }: Call<CreateProductInput>): Promise<ProductDto> {
  const { env, auth } = ctx;
  for (const v of input.variants) checkCompareAt(v);
  await assertSkusFree(env, auth.workspaceId, input.variants.map((v) => v.sku));
  const now = nowIso();
  const product: Product = {
    id: newId("prod"),
    workspaceId: auth.workspaceId,
    name: input.name,
    description: input.description ?? "",
    category: input.category ?? null,
    tags: cleanTags(input.tags ?? []),
    status: input.status ?? "active",
    images: input.images ?? [],
    createdAt: now,
    updatedAt: now,
  };
  const variants = input.variants.map((v, i) => newVariantRow(auth.workspaceId, product.id, v, i, now));
  const db = getDb(env);
  try {
    await db.batch([db.insert(products).values(product), db.insert(productVariants).values(variants)]);
  } catch (err) {
    rethrowUnique(err);
  }
  await syncProductIndex(env, auth.workspaceId, [product.id]);
  return serializeProduct(product, variants, await loadSettings(env, auth.workspaceId));
}

/** The product if it belongs to the caller's workspace; 404 otherwise. */
export async function loadProduct({ ctx, input: { id } }: Call<{ id: string }>): Promise<Product> {
  const row = await getDb(ctx.env)
    .select()
    .from(products)
    .where(and(eq(products.id, id), eq(products.workspaceId, ctx.auth.workspaceId)))
    .get();
  if (!row) throw notFound("Product");
  return row;
}

export async function variantsOf(env: Env, productIds: string[]): Promise<Map<string, ProductVariant[]>> {
  const out = new Map<string, ProductVariant[]>();
  if (!productIds.length) return out;
  const rows = await getDb(env).select().from(productVariants).where(inArray(productVariants.productId, productIds));
  for (const v of rows) {
    const list = out.get(v.productId) ?? [];
    list.push(v);
    out.set(v.productId, list);
  }
  return out;
}

export async function getProduct({ ctx, input: { id } }: Call<{ id: string }>): Promise<ProductDto> {
  const p = await loadProduct({ ctx, input: { id } });
  const [vs, settings] = await Promise.all([variantsOf(ctx.env, [p.id]), loadSettings(ctx.env, ctx.auth.workspaceId)]);
  return serializeProduct(p, vs.get(p.id) ?? [], settings);
}

const encodeCursor = (createdAt: string, id: string) => btoa(JSON.stringify([createdAt, id])).replace(/=+$/, "");
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(atob(cursor));
    if (Array.isArray(v) && typeof v[0] === "string" && typeof v[1] === "string") return [v[0], v[1]];
  } catch {}
  throw badRequest("INVALID_CURSOR", "cursor is not one this API returned");
}

const likePattern = (q: string) => `%${q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;

/** A page of the catalog, newest first, with search and filters; `next_cursor` continues it. */
export async function listProducts({ ctx, input }: Call<ListProductsInput>) {
  const where: SQL[] = [eq(products.workspaceId, ctx.auth.workspaceId)];
  if (input.status) where.push(eq(products.status, input.status));
  if (input.category) where.push(eq(products.category, input.category));
  if (input.q) {
    const p = likePattern(input.q.trim());
    where.push(
      or(
        sql`${products.name} like ${p} escape '\\'`,
        sql`${products.description} like ${p} escape '\\'`,
        sql`${products.tags} like ${p} escape '\\'`,
        sql`exists (select 1 from product_variants v where v.product_id = ${products.id} and (v.sku like ${p} escape '\\' or v.name like ${p} escape '\\'))`,
      )!,
    );
  }
  if (input.stock === "in_stock") where.push(sql`exists (select 1 from product_variants v where v.product_id = ${products.id} and v.stock > 0)`);
  if (input.stock === "out_of_stock") where.push(sql`not exists (select 1 from product_variants v where v.product_id = ${products.id} and v.stock > 0)`);
  if (input.stock === "low") {
    where.push(sql`exists (select 1 from product_variants v where v.product_id = ${products.id} and v.stock > 0 and v.stock <= v.low_stock_threshold)`);
  }
  if (input.cursor) {
    const [createdAt, id] = decodeCursor(input.cursor);
    where.push(or(lt(products.createdAt, createdAt), and(eq(products.createdAt, createdAt), lt(products.id, id)))!);
  }
  const rows = await getDb(ctx.env)
    .select()
    .from(products)
    .where(and(...where))
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const [vs, settings] = await Promise.all([variantsOf(ctx.env, page.map((p) => p.id)), loadSettings(ctx.env, ctx.auth.workspaceId)]);
  const last = page[page.length - 1];
  return {
    data: page.map((p) => serializeProduct(p, vs.get(p.id) ?? [], settings)),
    next_cursor: rows.length > input.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

export async function updateProduct({ ctx, input: { id, patch: input } }: Call<{ id: string; patch: UpdateProductInput }>): Promise<ProductDto> {
  const current = await loadProduct({ ctx, input: { id } });
  const next: Product = {
    ...current,
    name: input.name ?? current.name,
    description: input.description ?? current.description,
    category: input.category !== undefined ? input.category : current.category,
    tags: input.tags ? cleanTags(input.tags) : current.tags,
    status: input.status ?? current.status,
    images: input.images ?? current.images,
    updatedAt: nowIso(),
  };
  const { id: _id, workspaceId: _ws, createdAt: _c, ...changes } = next;
  await getDb(ctx.env).update(products).set(changes).where(and(eq(products.id, id), eq(products.workspaceId, ctx.auth.workspaceId)));
  await syncProductIndex(ctx.env, ctx.auth.workspaceId, [id]);
  return getProduct({ ctx, input: { id } });
}

/** Deletes the product and its variants (orders keep their own copy of names and prices). */
export async function deleteProduct({ ctx, input: { id } }: Call<{ id: string }>): Promise<void> {
  await loadProduct({ ctx, input: { id } });
  const db = getDb(ctx.env);
  await db.batch([
    db.delete(productVariants).where(and(eq(productVariants.productId, id), eq(productVariants.workspaceId, ctx.auth.workspaceId))),
    db.delete(products).where(and(eq(products.id, id), eq(products.workspaceId, ctx.auth.workspaceId))),
  ]);
  await syncProductIndex(ctx.env, ctx.auth.workspaceId, [id]);
}
