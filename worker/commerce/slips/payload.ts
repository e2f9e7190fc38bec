import { crc16ccitt } from "../payments/promptpay";

/**
 * The mini-QR printed on Thai bank transfer slips (the banks' slip
 * verification format): EMVCo-style tag-length-value fields.
 *   00 (nested): 00 = API id "000001", 01 = sending bank code, 02 = transaction reference
 *   51 = country ("TH"), 91 = CRC-16/CCITT-FALSE over everything up to and including "9104"
 */
export interface SlipQr {
  payload: string;
  sendingBank: string;
  transRef: string;
}

function tlv(text: string): Map<string, string> | null {
  const out = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const tag = text.slice(i, i + 2);
    const len = Number(text.slice(i + 2, i + 4));
    if (!/^\d{2}$/.test(tag) || !Number.isInteger(len) || i + 4 + len > text.length) return null;
    out.set(tag, text.slice(i + 4, i + 4 + len));
    i += 4 + len;
  }
  return out;
}

const field = (tag: string, value: string) => `${tag}${String(value.length).padStart(2, "0")}${value}`;

/** The slip fields of a decoded QR text; null when it is not a slip QR (or its checksum is wrong). */
export function parseSlipQr(text: string): SlipQr | null {
  const payload = text.trim();
  if (payload.length < 20 || payload.length > 512) return null;
  const top = tlv(payload);
  const crc = top?.get("91");
  if (!top || !crc || !payload.endsWith(crc)) return null;
  if (crc16ccitt(payload.slice(0, -4)) !== crc.toUpperCase()) return null;
  const inner = tlv(top.get("00") ?? "");
  const bank = inner?.get("01");
  const ref = inner?.get("02");
  if (!bank || !ref || !/^\d{3}$/.test(bank) || !/^[A-Za-z0-9]{6,40}$/.test(ref)) return null;
  return { payload, sendingBank: bank, transRef: ref };
}

/** A slip QR text for a sending bank and reference (what a bank prints; used to make test slips). */
export function buildSlipQr(sendingBank: string, transRef: string): string {
  const body = field("00", field("00", "000001") + field("01", sendingBank) + field("02", transRef)) + field("51", "TH") + "9104";
  return body + crc16ccitt(body);
}
