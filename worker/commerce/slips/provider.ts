import { guardedProviderFetch } from "../../ai/providers/endpoint";
import type { SlipProvider } from "../../db/schema";
import type { SlipQr } from "./payload";

/**
 * One adapter for the slip-verification HTTP APIs Thai shops use. Both read
 * the slip's QR payload at the bank and answer the transfer as the bank has
 * it: reference, amount (major units) and the receiver (masked account or
 * PromptPay proxy, name).
 *   slipok:   POST {base}/api/line/apikey/{branch_id}, header x-authorization, body {data: payload}
 *   easyslip: GET  {base}/api/v1/verify?payload=…, header Authorization: Bearer
 * Requests go through the provider fetch guard (SSRF checks, no redirects,
 * only below the saved base URL).
 */
export const DEFAULT_SLIP_BASE_URLS: Record<SlipProvider, string> = {
  slipok: "https://api.slipok.com",
  easyslip: "https://developer.easyslip.com",
};

export interface SlipProviderConfig {
  provider: SlipProvider;
  baseUrl: string;
  apiKey: string;
  branchId: string | null;
}

export interface BankTransfer {
  transRef: string | null;
  /** minor units */
  amount: number | null;
  receiverName: string | null;
  /** account numbers / PromptPay proxies as the provider shows them (often masked: xxx-x-x5678-x) */
  receiverIds: string[];
}

export type ProviderAnswer = { ok: true; transfer: BankTransfer } | { ok: false; message: string };

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);
const obj = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {});
const minor = (v: unknown): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.round(n * 100) : null;
};

function fromSlipOk(body: unknown): ProviderAnswer {
  const b = obj(body);
  const d = obj(b.data);
  if (b.success !== true || d.success === false) return { ok: false, message: str(b.message) ?? `provider code ${String(b.code ?? "unknown")}` };
  const r = obj(d.receiver);
  return {
    ok: true,
    transfer: {
      transRef: str(d.transRef),
      amount: minor(d.amount),
      receiverName: str(r.displayName) ?? str(r.name),
      receiverIds: [str(obj(r.proxy).value), str(obj(r.account).value)].filter((x): x is string => !!x),
    },
  };
}

function fromEasySlip(body: unknown): ProviderAnswer {
  const b = obj(body);
  const d = obj(b.data);
  if (b.status !== 200) return { ok: false, message: str(b.message) ?? `provider status ${String(b.status ?? "unknown")}` };
  const acc = obj(obj(d.receiver).account);
  const name = obj(acc.name);
  return {
    ok: true,
    transfer: {
      transRef: str(d.transRef),
      amount: minor(obj(d.amount).amount ?? d.amount),
      receiverName: str(name.en) ?? str(name.th),
      receiverIds: [str(obj(acc.proxy).account), str(obj(acc.bank).account)].filter((x): x is string => !!x),
    },
  };
}

/** Asks the provider about the slip's transfer. Network and HTTP failures come back as `{ok:false}`. */
export async function askProvider(cfg: SlipProviderConfig, qr: SlipQr, expectedAmount: number): Promise<ProviderAnswer> {
  const doFetch = guardedProviderFetch(cfg.baseUrl, { allowPrivateNetwork: false });
  try {
    let res: Response;
    if (cfg.provider === "slipok") {
      res = await doFetch(`${cfg.baseUrl}/api/line/apikey/${encodeURIComponent(cfg.branchId ?? "")}`, {
        method: "POST",
        headers: { "x-authorization": cfg.apiKey, "content-type": "application/json" },
        body: JSON.stringify({ data: qr.payload, amount: expectedAmount / 100, log: true }),
        signal: AbortSignal.timeout(10_000),
      });
    } else {
      res = await doFetch(`${cfg.baseUrl}/api/v1/verify?payload=${encodeURIComponent(qr.payload)}`, {
        headers: { authorization: `Bearer ${cfg.apiKey}` },
        signal: AbortSignal.timeout(10_000),
      });
    }
    const body = await res.json().catch(() => null);
    if (!res.ok && !body) return { ok: false, message: `provider answered HTTP ${res.status}` };
    return cfg.provider === "slipok" ? fromSlipOk(body) : fromEasySlip(body);
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message.slice(0, 200) : "provider unreachable" };
  }
}

const digits = (s: string) => s.replace(/\D/g, "");
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9\u0E00-\u0E7F]/g, "");

/**
 * Whether the transfer went to the shop: an account/proxy the provider shows
 * ends with the same 4 digits as the shop's PromptPay ID, or the receiver's
 * name matches the PromptPay name.
 */
export function receiverMatches(t: BankTransfer, shop: { promptpayId: string | null; promptpayName: string | null }): boolean {
  const tail = shop.promptpayId ? digits(shop.promptpayId).slice(-4) : "";
  if (tail.length === 4 && t.receiverIds.some((id) => digits(id).endsWith(tail))) return true;
  const name = shop.promptpayName ? squash(shop.promptpayName) : "";
  return name.length >= 3 && !!t.receiverName && squash(t.receiverName).includes(name);
}
