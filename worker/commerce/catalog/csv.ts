import { csvRows } from "../../lib/csv-rows";
import { loadCsvLibs } from "../../lazy";
import { syncProductIndex } from "../knowledge/index-sync";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { productVariants, products, type Product, type ProductVariant } from "../../db/schema";
import { badRequest } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import { formatMajorAmount, parseMajorAmount } from "./money";
import type { Call } from "../../lib/service";
import { cleanTags, newVariantRow, variantsOf } from "./products";
import { VariantInput, type ProductImportReportShape } from "./schemas";

export const MAX_PRODUCT_IMPORT_ROWS = 5000;
export const MAX_PRODUCT_IMPORT_BYTES = 5 * 1024 * 1024;

export const CSV_COLUMNS = [
  "product_name", "description", "category", "tags", "status", "sku", "variant_name", "options",
  "price", "compare_at_price", "stock", "low_stock_threshold", "weight_grams",
] as const;

const STATUSES = new Set(["active", "draft", "archived"]);

function parseOptions(raw: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of raw.split(/[;|]/).map((p) => p.trim()).filter(Boolean)) {
    const [k, ...rest] = part.split("=");
    const v = rest.join("=").trim();
    if (!k?.trim() || !v) return `options: "${part}" is not name=value`;
    out[k.trim()] = v;
  }
  return out;
}

function parseCount(raw: string | undefined, field: string): number | undefined | string {
  const s = (raw ?? "").trim();
  if (!s) return undefined;
  if (!/^\d{1,9}$/.test(s)) return `${field}: must be a whole number (got "${s}")`;
  return Number(s);
}

/**
 * Imports the catalog from CSV, one variant per row (columns as in CSV_COLUMNS;
 * prices in major units such as 590.00). Rows with the same product_name form
 * one product; a name that already exists in the workspace gets the rows as
 * extra variants; a SKU that already exists updates that variant. Rows are
 * numbered like a spreadsheet (header = row 1); a bad row is reported and skipped.
 */
export async function importProductsCsv({ ctx, input: { csv } }: Call<{ csv: string }>): Promise<ProductImportReportShape> {
  const { env, auth } = ctx;
  const parsed = (await loadCsvLibs()).Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  for (const need of ["product_name", "sku", "price"]) {
    if (!fields.includes(need)) throw badRequest("INVALID_CSV", "The CSV needs a header row with at least product_name, sku and price", { columns: fields });
  }
  if (parsed.data.length > MAX_PRODUCT_IMPORT_ROWS) throw badRequest("INVALID_CSV", `A CSV import is limited to ${MAX_PRODUCT_IMPORT_ROWS} rows`);

  const report: ProductImportReportShape = { products_created: 0, variants_created: 0, variants_updated: 0, skipped: 0, errors: [] };
  const db = getDb(env);
  const byName = new Map<string, Product>();
  for (const p of await db.select().from(products).where(eq(products.workspaceId, auth.workspaceId))) byName.set(p.name.toLowerCase(), p);
  const skus = parsed.data.map((r) => (r.sku ?? "").trim()).filter(Boolean);
  const bySku = new Map<string, ProductVariant>();
  for (let i = 0; i < skus.length; i += 90) {
    const chunk = skus.slice(i, i + 90);
    for (const v of await db.select().from(productVariants).where(and(eq(productVariants.workspaceId, auth.workspaceId), inArray(productVariants.sku, chunk)))) {
      bySku.set(v.sku, v);
    }
  }
  const nextPosition = new Map<string, number>();
  const seenSku = new Map<string, number>();

  for (const { row, raw, fail } of csvRows(parsed, report)) {
    const name = (raw.product_name ?? "").trim();
    if (!name || name.length > 200) {
      fail("product_name: required, at most 200 characters");
      continue;
    }
    const price = parseMajorAmount(raw.price ?? "");
    if (price === null) {
      fail(`price: must be an amount like 590 or 590.50 (got "${(raw.price ?? "").trim()}")`);
      continue;
    }
    const compareRaw = (raw.compare_at_price ?? "").trim();
    const compareAt = compareRaw ? parseMajorAmount(compareRaw) : null;
    if (compareRaw && compareAt === null) {
      fail(`compare_at_price: must be an amount like 790.00 (got "${compareRaw}")`);
      continue;
    }
    const options = parseOptions(raw.options ?? "");
    if (typeof options === "string") {
      fail(options);
      continue;
    }
    const stock = parseCount(raw.stock, "stock");
    const low = parseCount(raw.low_stock_threshold, "low_stock_threshold");
    const weight = parseCount(raw.weight_grams, "weight_grams");
    const bad = [stock, low, weight].find((x) => typeof x === "string");
    if (typeof bad === "string") {
      fail(bad);
      continue;
    }
    const status = (raw.status ?? "").trim().toLowerCase() || "active";
    if (!STATUSES.has(status)) {
      fail(`status: must be active, draft or archived (got "${status}")`);
      continue;
    }
    const variant = VariantInput.safeParse({
      sku: (raw.sku ?? "").trim(),
      name: (raw.variant_name ?? "").trim() || "Default",
      options,
      price,
      compare_at_price: compareAt,
      ...(typeof stock === "number" ? { stock } : {}),
      ...(typeof low === "number" ? { low_stock_threshold: low } : {}),
      ...(typeof weight === "number" ? { weight_grams: weight } : {}),
    });
    if (!variant.success) {
      const issue = variant.error.issues[0];
      fail(`${issue?.path.join(".") || "row"}: ${issue?.message ?? "invalid"}`);
      continue;
    }
    const v = variant.data;
    if (v.compare_at_price != null && v.compare_at_price < v.price) {
      fail("compare_at_price: must be at least the price");
      continue;
    }
    const firstRow = seenSku.get(v.sku);
    if (firstRow !== undefined) {
      fail(`Duplicate SKU in this file (same as row ${firstRow})`);
      continue;
    }
    seenSku.set(v.sku, row);

    const now = nowIso();
    const existingVariant = bySku.get(v.sku);
    if (existingVariant) {
      await db
        .update(productVariants)
        .set({
          name: v.name, options: v.options ?? {}, price: v.price, compareAtPrice: v.compare_at_price ?? null,
          ...(v.stock !== undefined ? { stock: v.stock } : {}),
          ...(v.low_stock_threshold !== undefined ? { lowStockThreshold: v.low_stock_threshold } : {}),
          ...(v.weight_grams !== undefined ? { weightGrams: v.weight_grams } : {}),
          updatedAt: now,
        })
        .where(eq(productVariants.id, existingVariant.id));
      report.variants_updated++;
      continue;
    }
    let product = byName.get(name.toLowerCase());
    if (!product) {
      product = {
        id: newId("prod"), workspaceId: auth.workspaceId, name, description: (raw.description ?? "").trim().slice(0, 10_000),
        category: (raw.category ?? "").trim().slice(0, 60) || null, tags: cleanTags((raw.tags ?? "").split(/[,;|]/)),
        status: status as Product["status"], images: [], createdAt: now, updatedAt: now,
      };
      await db.insert(products).values(product);
      byName.set(name.toLowerCase(), product);
      nextPosition.set(product.id, 0);
      report.products_created++;
    }
    if (!nextPosition.has(product.id)) nextPosition.set(product.id, (await variantsOf(env, [product.id])).get(product.id)?.length ?? 0);
    const position = nextPosition.get(product.id) ?? 0;
    nextPosition.set(product.id, position + 1);
    const created = newVariantRow(auth.workspaceId, product.id, v, position, now);
    await db.insert(productVariants).values(created);
    bySku.set(created.sku, created);
    report.variants_created++;
  }
  if (report.products_created || report.variants_created || report.variants_updated) await syncProductIndex(env, auth.workspaceId);
  return report;
}

/** The whole catalog as CSV (one variant per row, the columns the import reads). */
export async function exportProductsCsv({ ctx }: Call<void>): Promise<string> {
  const db = getDb(ctx.env);
  const rows = await db
    .select({ p: products, v: productVariants })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(eq(productVariants.workspaceId, ctx.auth.workspaceId))
    .orderBy(products.createdAt, products.id, productVariants.position);
  const data = rows.map(({ p, v }) => [
    p.name, p.description, p.category ?? "", p.tags.join(","), p.status, v.sku, v.name,
    Object.entries(v.options).map(([k, val]) => `${k}=${val}`).join(";"),
    formatMajorAmount(v.price), v.compareAtPrice == null ? "" : formatMajorAmount(v.compareAtPrice),
    String(v.stock), String(v.lowStockThreshold), v.weightGrams == null ? "" : String(v.weightGrams),
  ]);
  return `\uFEFF${(await loadCsvLibs()).Papa.unparse({ fields: [...CSV_COLUMNS], data: data.map((r) => r.map(neutralizeFormula)) })}\r\n`;
}

/** Cells that a spreadsheet would run as a formula get a leading apostrophe. */
function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
