import { renderSVG } from "uqr";
import { formatMajorAmount } from "../catalog/money";

/**
 * Thai PromptPay QR (EMVCo merchant-presented mode, as the Bank of Thailand
 * specifies it): tag 00 payload format, 01 static (11) or dynamic with an
 * amount (12), 29 the PromptPay merchant account (AID A000000677010111 and the
 * formatted ID), 58 country TH, 53 currency 764 (THB), 54 the amount with two
 * decimals, 63 the CRC-16/CCITT-FALSE over everything before it including "6304".
 */
export const PROMPTPAY_AID = "A000000677010111";
export type PromptPayIdType = "phone" | "national_id" | "ewallet";

/** Sub-tag of tag 29 for each kind of ID. */
const SUBTAG: Record<PromptPayIdType, string> = { phone: "01", national_id: "02", ewallet: "03" };

const field = (id: string, value: string) => `${id}${String(value.length).padStart(2, "0")}${value}`;

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) as 4 upper-case hex digits. */
export function crc16ccitt(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

/**
 * The ID in the form tag 29 carries, or null when it is not a valid ID of its
 * type: a Thai mobile 0812345678 (or +66812345678) → 0066812345678; a
 * national/tax ID is 13 digits; an e-wallet ID is 15 digits.
 */
export function formatPromptPayId(type: PromptPayIdType, raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, "").replace(/^\+/, "");
  if (!/^\d+$/.test(digits)) return null;
  if (type === "phone") {
    const local = digits.startsWith("66") && digits.length === 11 ? digits.slice(2) : digits.startsWith("0") && digits.length === 10 ? digits.slice(1) : null;
    if (!local || !/^[689]/.test(local)) return null;
    return `0066${local}`;
  }
  if (type === "national_id") return digits.length === 13 ? digits : null;
  return digits.length === 15 ? digits : null;
}

/** The digits as the workspace should store and show them (0812345678, 13 or 15 digits). */
export function normalizePromptPayId(type: PromptPayIdType, raw: string): string | null {
  const formatted = formatPromptPayId(type, raw);
  if (!formatted) return null;
  return type === "phone" ? `0${formatted.slice(4)}` : formatted;
}

/** The payload string; with `amountMinor` it is a dynamic (one-payment) QR, without it a static one. */
export function promptPayPayload(type: PromptPayIdType, id: string, amountMinor?: number): string {
  const target = formatPromptPayId(type, id);
  if (!target) throw new Error(`Not a valid PromptPay ${type}`);
  const parts = [
    field("00", "01"),
    field("01", amountMinor === undefined ? "11" : "12"),
    field("29", field("00", PROMPTPAY_AID) + field(SUBTAG[type], target)),
    field("58", "TH"),
    field("53", "764"),
  ];
  if (amountMinor !== undefined) parts.push(field("54", formatMajorAmount(amountMinor)));
  const body = `${parts.join("")}6304`;
  return body + crc16ccitt(body);
}

/** An SVG image of the QR code for `payload` (medium error correction, a quiet zone of 4 modules). */
export function qrSvg(payload: string): string {
  return renderSVG(payload, { ecc: "M", border: 4, pixelSize: 8 });
}
