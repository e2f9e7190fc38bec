import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requirePermission } from "../auth/middleware";
import { createProduct, deleteProduct, getProduct, listProducts, updateProduct } from "../commerce/catalog/products";
import { MAX_PRODUCT_IMPORT_BYTES, exportProductsCsv, importProductsCsv } from "../commerce/catalog/csv";
import { addVariant, deleteVariant, updateVariant } from "../commerce/catalog/variants";
import {
  CreateProductBody, ListProductsQuery, ProductImportReport, ProductPage, ProductResponse, UpdateProductBody, VariantInput, VariantPatch,
} from "../commerce/catalog/schemas";
import { Recommendations, recommendationsFor } from "../commerce/knowledge/recommendations-api";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { csvResponse, readCsvBody } from "./csv-body";
import { AUTHENTICATED, errorResponses } from "./docs";

const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "prod_4f9QaB1c2D3e4F5g6H7i" }) });
const VariantParams = IdParams.extend({ variant_id: z.string().min(1).max(64).openapi({ param: { name: "variant_id", in: "path" } }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const guard = (permission: Parameters<typeof requirePermission>[0]) => [requireAuth, requirePermission(permission)];
const base = { tags: ["Commerce"], security: AUTHENTICATED };
const ctxOf = serviceCtx;

/** `/api/v1/products`: the workspace's catalog, its variants, CSV import and export. */
export const productsRoutes = createRouter();

productsRoutes.openapi(
  createRoute({
    ...base, method: "get", path: "/export.csv", summary: "Export the catalog as CSV", description: "One variant per row, the columns the import reads.",
    middleware: guard("commerce:read"), responses: { 200: { description: "products.csv (Content-Disposition: attachment)", content: { "text/csv": { schema: { type: "string" } } } }, ...errorResponses(401, 403) },
  }),
  async (c) => csvResponse(await exportProductsCsv({ ctx: ctxOf(c), input: undefined }), "products.csv"),
);

productsRoutes
  .openapi(
    createRoute({
      ...base, method: "post", path: "/import", summary: "Import products from CSV",
      description: "Multipart `file` or JSON `{csv}`. One variant per row; columns product_name, description, category, tags, status, sku, variant_name, options (size=M;color=blue), price, compare_at_price (major units, e.g. 590.00), stock, low_stock_threshold, weight_grams. An existing SKU is updated. Rows are numbered like a spreadsheet (header = row 1).",
      middleware: guard("commerce:manage"),
      responses: { 200: json(ProductImportReport, "What happened to each row"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await importProductsCsv({ ctx: ctxOf(c), input: { csv: (await readCsvBody(c, MAX_PRODUCT_IMPORT_BYTES)).csv } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/", summary: "Create a product with its variants",
      description: "Prices are integer minor units of the workspace currency. A SKU already used in the workspace answers 409 DUPLICATE_SKU.",
      middleware: guard("commerce:manage"), request: body(CreateProductBody),
      responses: { 201: json(ProductResponse, "The new product, with its variant ids"), ...errorResponses(400, 401, 403, 409) },
    }),
    async (c) => c.json(await createProduct({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/", summary: "List products",
      description: "Newest first. `q` searches name, description, tags, SKU and variant names; `stock` is in_stock, low or out_of_stock; pass `next_cursor` back as `cursor` for the next page.",
      middleware: guard("commerce:read"), request: { query: ListProductsQuery },
      responses: { 200: json(ProductPage, "A page of products"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => c.json(await listProducts({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}", summary: "Get a product", middleware: guard("commerce:read"), request: { params: IdParams },
      responses: { 200: json(ProductResponse, "The product"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await getProduct({ ctx: ctxOf(c), input: { id: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}/recommendations", summary: "Similar products and products often bought together",
      description: "`similar`: active products of the same category or with shared tags (score = overlap), in stock first. `bought_together`: products in the same paid orders (score = orders shared).",
      middleware: guard("commerce:read"), request: { params: IdParams },
      responses: { 200: json(Recommendations, "Up to 5 of each"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await recommendationsFor({ ctx: ctxOf(c), input: { productId: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "patch", path: "/{id}", summary: "Update a product", middleware: guard("commerce:manage"),
      request: { params: IdParams, ...body(UpdateProductBody) },
      responses: { 200: json(ProductResponse, "The updated product"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await updateProduct({ ctx: ctxOf(c), input: { id: c.req.valid("param").id, patch: c.req.valid("json") } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "delete", path: "/{id}", summary: "Delete a product", middleware: guard("commerce:manage"), request: { params: IdParams },
      responses: { 204: { description: "Deleted with its variants (orders keep their own copy)" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      await deleteProduct({ ctx: ctxOf(c), input: { id: c.req.valid("param").id } });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/variants", summary: "Add a variant", middleware: guard("commerce:manage"),
      request: { params: IdParams, ...body(VariantInput) },
      responses: { 201: json(ProductResponse, "The product with the new variant"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await addVariant({ ctx: ctxOf(c), input: { productId: c.req.valid("param").id, variant: c.req.valid("json") } }), 201),
  )
  .openapi(
    createRoute({
      ...base, method: "patch", path: "/{id}/variants/{variant_id}", summary: "Update a variant (price, stock, …)", middleware: guard("commerce:manage"),
      request: { params: VariantParams, ...body(VariantPatch) },
      responses: { 200: json(ProductResponse, "The product"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await updateVariant({ ctx: ctxOf(c), input: { productId: p.id, variantId: p.variant_id, patch: c.req.valid("json") } }), 200);
    },
  )
  .openapi(
    createRoute({
      ...base, method: "delete", path: "/{id}/variants/{variant_id}", summary: "Delete a variant",
      description: "The last variant of a product cannot be deleted (409 LAST_VARIANT).",
      middleware: guard("commerce:manage"), request: { params: VariantParams },
      responses: { 200: json(ProductResponse, "The product without the variant"), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await deleteVariant({ ctx: ctxOf(c), input: { productId: p.id, variantId: p.variant_id } }), 200);
    },
  );
