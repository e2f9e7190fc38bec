/**
 * Product image upload with thumbnails: the PNG/JPEG decoders and the JPEG
 * encoder stay off the request path until an image is uploaded (see worker/lazy.ts).
 */
export { deleteProductImage, uploadProductImage } from "../commerce/catalog/images";
