import { encode as encodePng } from "fast-png";
import jpeg from "jpeg-js";
import { encode as encodeQr } from "uqr";
import { buildSlipQr } from "../../worker/commerce/slips/payload";

/**
 * A bank-slip photo made in the test: a white slip with grey "text" bars and
 * the slip's mini-QR (sending bank + transaction reference) in a corner,
 * as PNG or JPEG bytes.
 */
export function slipImage(transRef: string, opts: { bank?: string; format?: "png" | "jpeg"; qrText?: string | null } = {}): Uint8Array {
  const width = 360;
  const height = 560;
  const rgba = new Uint8Array(width * height * 4).fill(255);
  const paint = (x: number, y: number, v: number) => {
    const i = (y * width + x) * 4;
    rgba[i] = rgba[i + 1] = rgba[i + 2] = v;
  };
  for (let row = 0; row < 6; row++) for (let y = 40 + row * 40; y < 52 + row * 40; y++) for (let x = 30; x < 250 - row * 20; x++) paint(x, y, 170);
  const text = opts.qrText === undefined ? buildSlipQr(opts.bank ?? "014", transRef) : opts.qrText;
  if (text) {
    const { data } = encodeQr(text, { ecc: "M", border: 0 });
    const scale = 4;
    const x0 = 120;
    const y0 = 330;
    data.forEach((line, r) => line.forEach((dark, c) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) paint(x0 + c * scale + dx, y0 + r * scale + dy, 0);
    }));
  }
  if (opts.format === "jpeg") return new Uint8Array(jpeg.encode({ data: rgba, width, height }, 90).data);
  return encodePng({ width, height, data: rgba, channels: 4, depth: 8 });
}

/** A multipart body with the image in the `file` field. */
export function slipForm(bytes: Uint8Array, type = "image/png", name = "slip.png"): FormData {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], name, { type }));
  return form;
}
