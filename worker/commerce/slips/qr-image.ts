/**
 * Reading the mini-QR on a bank-slip photo: PNG and JPEG decoders and a QR
 * reader (part of the lazily loaded slip module, worker/lazy/slip-libs.ts).
 */
import { convertIndexedToRgb, decode as decodePng, hasPngSignature } from "fast-png";
import jpeg from "jpeg-js";
import jsQR from "jsqr";

/** Largest image decoded (pixels); larger photos are read at half size. */
const MAX_PIXELS = 6_000_000;

interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

function pngToRgba(bytes: Uint8Array): Rgba {
  const png = decodePng(bytes);
  const { width, height } = png;
  const out = new Uint8ClampedArray(width * height * 4);
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const ch = rgb.length / (width * height);
    for (let i = 0, j = 0; i < width * height; i++, j += ch) {
      out[i * 4] = rgb[j]!;
      out[i * 4 + 1] = rgb[j + 1]!;
      out[i * 4 + 2] = rgb[j + 2]!;
      out[i * 4 + 3] = 255;
    }
    return { width, height, data: out };
  }
  const shift = png.depth === 16 ? 8 : 0;
  const scale = png.depth < 8 ? 255 / ((1 << png.depth) - 1) : 1;
  const ch = png.channels;
  const d = png.data;
  for (let i = 0; i < width * height; i++) {
    const at = (k: number) => Math.round((d[i * ch + k]! >> shift) * scale);
    const gray = ch <= 2;
    out[i * 4] = at(0);
    out[i * 4 + 1] = gray ? at(0) : at(1);
    out[i * 4 + 2] = gray ? at(0) : at(2);
    out[i * 4 + 3] = 255;
  }
  return { width, height, data: out };
}

function jpegToRgba(bytes: Uint8Array): Rgba {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 40, maxMemoryUsageInMB: 256 });
  return { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength) };
}

function halve(img: Rgba): Rgba {
  const width = Math.floor(img.width / 2);
  const height = Math.floor(img.height / 2);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const src = ((y * 2) * img.width + x * 2) * 4;
      const dst = (y * width + x) * 4;
      for (let k = 0; k < 4; k++) data[dst + k] = img.data[src + k]!;
    }
  }
  return { width, height, data };
}

export const isJpeg = (b: Uint8Array) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
export const isPng = (b: Uint8Array) => hasPngSignature(b);

/** The text of the first QR code found in a PNG or JPEG image; null when none can be read. */
export function readQrText(bytes: Uint8Array): string | null {
  let img: Rgba;
  try {
    if (isPng(bytes)) img = pngToRgba(bytes);
    else if (isJpeg(bytes)) img = jpegToRgba(bytes);
    else return null;
  } catch {
    return null;
  }
  while (img.width * img.height > MAX_PIXELS) img = halve(img);
  const code = jsQR(img.data, img.width, img.height, { inversionAttempts: "attemptBoth" });
  return code?.data ?? null;
}
