/**
 * Bank slips: the PNG/JPEG decoders and QR reader, and the slip flow that
 * uses them (R2, reference uniqueness, provider check). Loaded when a slip
 * is sent or shown (see worker/lazy.ts).
 */
export { readQrText } from "../commerce/slips/qr-image";
export { orderSlips, slipImage, submitSlip } from "../commerce/slips/service";
