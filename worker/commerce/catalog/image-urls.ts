/** Where product images live (R2 keys, public URLs) and their thumbnails; see images.ts. */

/** The thumbnail's file is the original's with this prefix (the image route serves the original when there is none). */
export const THUMB_PREFIX = "thumb-";

/** The thumbnail of one of our product image URLs; any other URL as it is. */
export function thumbnailUrl(url: string): string {
  const at = url.lastIndexOf("/");
  return url.includes("/api/v1/product-images/") && !url.slice(at + 1).startsWith(THUMB_PREFIX) ? `${url.slice(0, at + 1)}${THUMB_PREFIX}${url.slice(at + 1)}` : url;
}

export const productImageKey = (workspaceId: string, file: string) => `product-images/${workspaceId}/${file}`;


export const MAX_PRODUCT_IMAGE_BYTES = 5 * 1024 * 1024;
