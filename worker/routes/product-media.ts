import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { requireAuth, requirePermission } from "../auth/middleware";
import { MAX_PRODUCT_IMAGE_BYTES, productImageKey } from "../commerce/catalog/image-urls";
import { loadProductImages } from "../lazy";
import type { AppEnv } from "../lib/context";
import { AppError, notFound } from "../lib/errors";
import { createRouter } from "../lib/router";
import { serviceCtx } from "../lib/service";
import { AUTHENTICATED, errorResponses } from "./docs";

const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "prod_4f9QaB1c2D3e4F5g6H7i" }) });
const ImageParams = IdParams.extend({ image_id: z.string().min(1).max(64).openapi({ param: { name: "image_id", in: "path" } }) });
const FileParams = z.object({
  workspace_id: z.string().regex(/^ws_[A-Za-z0-9]+$/).openapi({ param: { name: "workspace_id", in: "path" } }),
  file: z.string().regex(/^(thumb-)?img_[A-Za-z0-9]+\.(png|jpg|webp)$/).openapi({ param: { name: "file", in: "path" } }),
});
const ProductChatbots = z.object({ product_id: z.string(), all_chatbots: z.boolean(), chatbot_ids: z.array(z.string()) }).openapi("ProductChatbots");
const SetProductChatbots = z.object({ chatbot_ids: z.array(z.string().min(1).max(64)).max(100) }).openapi("SetProductChatbots");
const ProductImage = z.object({ id: z.string(), url: z.string(), thumbnail_url: z.string() }).passthrough().openapi("ProductImage");
const ImageUpload = z
  .object({ file: z.custom<File>((v) => v instanceof File, { message: "Attach the image in a form field named \"file\"" }).openapi({ type: "string", format: "binary" }) })
  .openapi("ProductImageUpload");
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const base = { tags: ["Commerce"], security: AUTHENTICATED };

const limitBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (Number(c.req.header("content-length") ?? "0") > MAX_PRODUCT_IMAGE_BYTES + 64 * 1024) throw new AppError(413, "PAYLOAD_TOO_LARGE", "A product image is limited to 5 MB");
  if (!(c.req.header("content-type") ?? "").startsWith("multipart/form-data")) throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the image as multipart/form-data");
  await next();
};

/** `/api/v1/products/:id/chatbots` and `/images`: which chatbots sell a product; its uploaded images. */
export const productMediaRoutes = createRouter()
  .openapi(
    createRoute({
      ...base, method: "get", path: "/{id}/chatbots", summary: "Which chatbots sell a product", middleware: [requireAuth, requirePermission("commerce:read")],
      request: { params: IdParams }, responses: { 200: json(ProductChatbots, "`all_chatbots` when none is listed"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await (await loadProductImages()).productChatbots({ ctx: serviceCtx(c), input: { productId: c.req.valid("param").id } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "put", path: "/{id}/chatbots", summary: "Assign a product to chatbots",
      description: "Only the listed chatbots offer it; an empty list: all of them.",
      middleware: [requireAuth, requirePermission("commerce:manage")],
      request: { params: IdParams, body: { content: { "application/json": { schema: SetProductChatbots } }, required: true } },
      responses: { 200: json(ProductChatbots, "The assignment"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await (await loadProductImages()).setProductChatbots({ ctx: serviceCtx(c), input: { productId: c.req.valid("param").id, chatbotIds: c.req.valid("json").chatbot_ids } }), 200),
  )
  .openapi(
    createRoute({
      ...base, method: "post", path: "/{id}/images", summary: "Upload a product image",
      description: "Multipart `file`: PNG, JPEG or WebP, ≤ 5 MB, 10 per product. Stored in R2 with a ≤ 480 px JPEG thumbnail; the URL joins `images`; cards show the first one's thumbnail.",
      middleware: [requireAuth, requirePermission("commerce:manage"), limitBody],
      request: { params: IdParams, body: { content: { "multipart/form-data": { schema: ImageUpload } }, required: true } },
      responses: { 201: json(ProductImage, "The stored image"), ...errorResponses(400, 401, 403, 404), 413: { description: "Over 5 MB" }, 415: { description: "Not PNG, JPEG or WebP" } },
    }),
    async (c) => c.json(await (await loadProductImages()).uploadProductImage({ ctx: serviceCtx(c), input: { productId: c.req.valid("param").id, file: c.req.valid("form").file } }), 201),
  )
  .openapi(
    createRoute({
      ...base, method: "delete", path: "/{id}/images/{image_id}", summary: "Delete an uploaded product image", middleware: [requireAuth, requirePermission("commerce:manage")],
      request: { params: ImageParams }, responses: { 204: { description: "Removed from the product and storage" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const p = c.req.valid("param");
      await (await loadProductImages()).deleteProductImage({ ctx: serviceCtx(c), input: { productId: p.id, imageId: p.image_id } });
      return c.body(null, 204);
    },
  );

/** `GET /api/v1/product-images/:workspace_id/:file`: public product images (random names), as cards and carts show them. */
export const productImageFiles = createRouter().openapi(
  createRoute({
    tags: ["Commerce"], method: "get", path: "/{workspace_id}/{file}", summary: "A product image or its thumbnail (public)",
    request: { params: FileParams },
    responses: { 200: { description: "The image", content: { "image/jpeg": { schema: { type: "string", format: "binary" } } } }, ...errorResponses(404) },
  }),
  async (c) => {
    const { workspace_id, file } = c.req.valid("param");
    const obj = (await c.env.FILES.get(productImageKey(workspace_id, file))) ?? (file.startsWith("thumb-") ? await c.env.FILES.get(productImageKey(workspace_id, file.slice(6))) : null);
    if (!obj) throw notFound("Image");
    const type = obj.httpMetadata?.contentType ?? "";
    if (!/^image\/(png|jpeg|webp)$/.test(type)) throw notFound("Image");
    return new Response(obj.body, {
      headers: { "content-type": type, "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff", "content-security-policy": "default-src 'none'", "cross-origin-resource-policy": "cross-origin" },
    });
  },
);
