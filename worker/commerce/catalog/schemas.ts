import { z } from "@hono/zod-openapi";
import { PRODUCT_STATUSES } from "../../db/schema";

/** Integer minor units (satang for THB); never a float. */
export const Money = z.number().int("Amounts are integer minor units (e.g. satang)").min(0).max(100_000_000_000);

export const VariantOptions = z.record(z.string().trim().min(1).max(40), z.string().trim().min(1).max(80)).refine((o) => Object.keys(o).length <= 5, "At most 5 options");

export const VariantInput = z
  .object({
    sku: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._\-/]+$/, "SKU: letters, digits and . _ - / only"),
    name: z.string().trim().min(1).max(200),
    options: VariantOptions.optional(),
    price: Money,
    compare_at_price: Money.nullable().optional(),
    stock: z.number().int().min(0).max(10_000_000).optional(),
    low_stock_threshold: z.number().int().min(0).max(10_000_000).optional(),
    weight_grams: z.number().int().min(0).max(10_000_000).nullable().optional(),
  })
  .openapi("ProductVariantInput");
export type VariantInputShape = z.infer<typeof VariantInput>;

export const VariantPatch = VariantInput.partial().openapi("ProductVariantPatch");
export type VariantPatchShape = z.infer<typeof VariantPatch>;

const Tags = z.array(z.string().trim().min(1).max(40)).max(20);
const ProductName = z.string().trim().min(1, "A product needs a name").max(200);
const Description = z.string().max(10_000);
const Category = z.string().trim().max(60).nullable();

export const CreateProductBody = z
  .object({
    name: ProductName,
    description: Description.optional(),
    category: Category.optional(),
    tags: Tags.optional(),
    status: z.enum(PRODUCT_STATUSES).optional(),
    images: z.array(z.string().url().max(2000)).max(10).optional(),
    variants: z.array(VariantInput).min(1, "A product needs at least one variant").max(100),
  })
  .openapi("CreateProduct");
export type CreateProductInput = z.infer<typeof CreateProductBody>;

export const UpdateProductBody = z
  .object({
    name: ProductName.optional(),
    description: Description.optional(),
    category: Category.optional(),
    tags: Tags.optional(),
    status: z.enum(PRODUCT_STATUSES).optional(),
    images: z.array(z.string().url().max(2000)).max(10).optional(),
  })
  .openapi("UpdateProduct");
export type UpdateProductInput = z.infer<typeof UpdateProductBody>;

export const STOCK_FILTERS = ["in_stock", "low", "out_of_stock"] as const;

export const ListProductsQuery = z.object({
  q: z.string().max(200).optional(),
  category: z.string().max(60).optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  stock: z.enum(STOCK_FILTERS).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListProductsInput = z.infer<typeof ListProductsQuery>;

export const VariantResponse = z
  .object({
    id: z.string(),
    product_id: z.string(),
    sku: z.string(),
    name: z.string(),
    options: z.record(z.string(), z.string()),
    price: z.number().int(),
    compare_at_price: z.number().int().nullable(),
    stock: z.number().int(),
    low_stock_threshold: z.number().int(),
    stock_state: z.enum(["in_stock", "low", "out_of_stock"]),
    weight_grams: z.number().int().nullable(),
    position: z.number().int(),
  })
  .openapi("ProductVariant");

export const ProductResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    category: z.string().nullable(),
    tags: z.array(z.string()),
    status: z.enum(PRODUCT_STATUSES),
    images: z.array(z.string()),
    currency: z.string(),
    tax_inclusive: z.boolean(),
    variants: z.array(VariantResponse),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Product");

export const ProductPage = z
  .object({ data: z.array(ProductResponse), next_cursor: z.string().nullable() })
  .openapi("ProductPage");

export const ProductImportReport = z
  .object({
    products_created: z.number(),
    variants_created: z.number(),
    variants_updated: z.number(),
    skipped: z.number(),
    errors: z.array(z.object({ row: z.number(), message: z.string() })),
  })
  .openapi("ProductImportReport");
export type ProductImportReportShape = z.infer<typeof ProductImportReport>;
