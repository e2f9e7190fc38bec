/**
 * Product media: image upload with thumbnails (the PNG/JPEG decoders and the
 * JPEG encoder stay off the request path until an image is uploaded) and the
 * product's chatbots (see worker/lazy.ts).
 */
export { deleteProductImage, uploadProductImage } from "../commerce/catalog/images";
export { productChatbots, setProductChatbots } from "../commerce/catalog/chatbots";
