import { AppError, badRequest, notFound } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import type { Call } from "../../lib/service";
import { syncProductIndex } from "../knowledge/index-sync";
import { MAX_PRODUCT_IMAGE_BYTES, THUMB_PREFIX, productImageKey, thumbnailUrl } from "./image-urls";
import { makeThumbnail } from "./thumbnail";

/**
 * Product images: uploaded to R2 with a JPEG thumbnail beside the original,
 * served from `GET /api/v1/product-images/{workspace}/{file}` (public, so
 * product cards show them to visitors; the file names are random). The
 * product's `images` keeps the originals' absolute URLs (https in production);
 * cards and carts show the thumbnail of `images[0]`.
 */
export const MAX_PRODUCT_IMAGES = 10;
const TYPES: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

function sniff(b: Uint8Array): string | null {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return "image/webp";
  return null;
}

function appUrl(env: Env): string {
  return (env.APP_URL || "").replace(/\/$/, "");
}

/** Stores an image (and its thumbnail) for the caller's product and adds it to the product's images. */
export async function uploadProductImage({ ctx, input: { productId, file } }: Call<{ productId: string; file: File }>) {
  const { env, auth } = ctx;
  const row = await env.DB.prepare(`select images from products where id = ?1 and workspace_id = ?2`).bind(productId, auth.workspaceId).first<{ images: string }>();
  if (!row) throw notFound("Product");
  const images = JSON.parse(row.images || "[]") as string[];
  if (images.length >= MAX_PRODUCT_IMAGES) throw badRequest("TOO_MANY_IMAGES", `A product has at most ${MAX_PRODUCT_IMAGES} images`);
  if (file.size > MAX_PRODUCT_IMAGE_BYTES) throw new AppError(413, "PAYLOAD_TOO_LARGE", "A product image is limited to 5 MB");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniff(bytes);
  if (!type) throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "A product image is a PNG, JPEG or WebP file");
  const id = newId("img");
  const file_ = `${id}.${TYPES[type]}`;
  const thumb = makeThumbnail(bytes, type);
  const meta = { customMetadata: { productId, uploadedAt: nowIso() } };
  await env.FILES.put(productImageKey(auth.workspaceId, file_), bytes, { httpMetadata: { contentType: type }, ...meta });
  if (thumb) await env.FILES.put(productImageKey(auth.workspaceId, `${THUMB_PREFIX}${file_}`), thumb.bytes, { httpMetadata: { contentType: "image/jpeg" }, ...meta });
  const url = `${appUrl(env)}/api/v1/product-images/${auth.workspaceId}/${file_}`;
  await env.DB.prepare(`update products set images = ?1, updated_at = ?2 where id = ?3 and workspace_id = ?4`).bind(JSON.stringify([...images, url]), nowIso(), productId, auth.workspaceId).run();
  await syncProductIndex(env, auth.workspaceId, [productId]).catch(() => undefined);
  return { id, url, thumbnail_url: thumbnailUrl(url), content_type: type, size: bytes.length, thumbnail: thumb ? { width: thumb.width, height: thumb.height } : null };
}

/** Removes an uploaded image (original and thumbnail) from the product and R2. */
export async function deleteProductImage({ ctx, input: { productId, imageId } }: Call<{ productId: string; imageId: string }>) {
  const { env, auth } = ctx;
  const row = await env.DB.prepare(`select images from products where id = ?1 and workspace_id = ?2`).bind(productId, auth.workspaceId).first<{ images: string }>();
  if (!row) throw notFound("Product");
  const images = JSON.parse(row.images || "[]") as string[];
  const mine = images.filter((u) => u.includes(`/api/v1/product-images/${auth.workspaceId}/${imageId}.`));
  if (!/^img_[A-Za-z0-9]+$/.test(imageId) || !mine.length) throw notFound("Image");
  const files = mine.map((u) => u.slice(u.lastIndexOf("/") + 1));
  await env.FILES.delete(files.flatMap((f) => [productImageKey(auth.workspaceId, f), productImageKey(auth.workspaceId, `${THUMB_PREFIX}${f}`)]));
  await env.DB.prepare(`update products set images = ?1, updated_at = ?2 where id = ?3 and workspace_id = ?4`)
    .bind(JSON.stringify(images.filter((u) => !mine.includes(u))), nowIso(), productId, auth.workspaceId).run();
}
