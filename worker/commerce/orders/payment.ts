import type { CommerceSettings, Order, OrderItem } from "../../db/schema";
import { promptPayPayload, qrSvg } from "../payments/promptpay";
import { createCheckoutSession } from "../payments/stripe";

export interface PaymentDto {
  method: Order["paymentMethod"];
  amount: number;
  currency: string;
  expires_at: string | null;
  promptpay?: { payload: string; qr_svg: string; expires_at: string | null; id_type: string; account_name: string | null };
  bank_transfer?: { instructions: string | null };
  stripe?: { checkout_url: string; session_id: string };
}

/** How the visitor pays for `order`: the PromptPay QR for its total, bank details, or (with Stripe) a Checkout Session. */
export async function paymentFor(env: Env, order: Order, items: OrderItem[], settings: CommerceSettings, origin: string): Promise<PaymentDto> {
  const base: PaymentDto = { method: order.paymentMethod, amount: order.total, currency: order.currency, expires_at: order.expiresAt };
  if (order.paymentMethod === "promptpay" && settings.promptpayIdType && settings.promptpayId) {
    const payload = promptPayPayload(settings.promptpayIdType, settings.promptpayId, order.total);
    return { ...base, promptpay: { payload, qr_svg: qrSvg(payload), expires_at: order.expiresAt, id_type: settings.promptpayIdType, account_name: settings.promptpayName } };
  }
  if (order.paymentMethod === "bank_transfer") return { ...base, bank_transfer: { instructions: settings.bankTransferInstructions } };
  if (order.paymentMethod === "stripe") {
    const stripe = await createCheckoutSession(env, order, items, settings, origin);
    return { ...base, stripe };
  }
  return base;
}
