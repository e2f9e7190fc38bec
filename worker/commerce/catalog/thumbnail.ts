/**
 * Product image thumbnails: PNG/JPEG decoded, box-filtered down to at most
 * THUMB_EDGE pixels on the long side, encoded as JPEG (part of the lazily
 * loaded product-image module, worker/lazy/product-images.ts).
 */
import { decode as decodePng, hasPngSignature } from "fast-png";
import jpeg from "jpeg-js";

export const THUMB_EDGE = 480;
/** Larger photos are stored as they are (decoding them would cost too much CPU in a request). */
const MAX_PIXELS = 16_000_000;

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function pngRgba(bytes: Uint8Array): Rgba | null {
  const png = decodePng(bytes);
  if (png.palette || png.depth !== 8) return null; // indexed or 16-bit PNGs keep their original
  const { width, height, channels } = png;
  const out = new Uint8Array(width * height * 4);
  const d = png.data;
  for (let i = 0; i < width * height; i++) {
    const gray = channels <= 2;
    const a = channels === 4 ? d[i * 4 + 3]! : channels === 2 ? d[i * 2 + 1]! : 255;
    // flatten transparency onto white
    const mix = (v: number) => Math.round((v * a + 255 * (255 - a)) / 255);
    out[i * 4] = mix(d[i * channels]!);
    out[i * 4 + 1] = mix(gray ? d[i * channels]! : d[i * channels + 1]!);
    out[i * 4 + 2] = mix(gray ? d[i * channels]! : d[i * channels + 2]!);
    out[i * 4 + 3] = 255;
  }
  return { width, height, data: out };
}

function shrink(img: Rgba, edge: number): Rgba {
  const scale = Math.max(img.width, img.height) / edge;
  if (scale <= 1) return img;
  const width = Math.max(1, Math.round(img.width / scale));
  const height = Math.max(1, Math.round(img.height / scale));
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * scale);
    const y1 = Math.min(img.height, Math.max(y0 + 1, Math.floor((y + 1) * scale)));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * scale);
      const x1 = Math.min(img.width, Math.max(x0 + 1, Math.floor((x + 1) * scale)));
      let r = 0, g = 0, b = 0, n = 0;
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const i = (sy * img.width + sx) * 4;
          r += img.data[i]!;
          g += img.data[i + 1]!;
          b += img.data[i + 2]!;
          n++;
        }
      }
      const o = (y * width + x) * 4;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/** A JPEG thumbnail of a PNG or JPEG image, or null when the image is not one we resize (WebP, too large, unreadable). */
export function makeThumbnail(bytes: Uint8Array, contentType: string, edge = THUMB_EDGE): { bytes: Uint8Array; width: number; height: number } | null {
  try {
    let img: Rgba | null = null;
    if (contentType === "image/png" && hasPngSignature(bytes)) img = pngRgba(bytes);
    else if (contentType === "image/jpeg") {
      const d = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 256 });
      img = { width: d.width, height: d.height, data: d.data };
    }
    if (!img || img.width * img.height > MAX_PIXELS) return null;
    const small = shrink(img, edge);
    const out = jpeg.encode({ data: small.data, width: small.width, height: small.height }, 80);
    return { bytes: new Uint8Array(out.data), width: small.width, height: small.height };
  } catch {
    return null;
  }
}
