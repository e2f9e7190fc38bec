import { conversationStub } from "../../../durable-objects/stubs";
import type { Order, OrderStatus } from "../../db/schema";
import { formatMoney, orderNumber } from "./format";

/** What the conversation is told when an order reaches `status`. */
export function statusLine(order: Pick<Order, "number" | "total" | "currency" | "trackingNumber" | "trackingUrl">, status: OrderStatus): string {
  const n = orderNumber(order.number);
  switch (status) {
    case "awaiting_confirmation":
      return `Thanks! We received your payment details for order ${n} and will confirm them shortly.`;
    case "paid":
      return `Payment of ${formatMoney(order.total, order.currency)} received for order ${n}. Thank you!`;
    case "fulfilled":
      return `Order ${n} is packed and ready to ship.`;
    case "shipped":
      return `Order ${n} has shipped.${order.trackingNumber ? ` Tracking number: ${order.trackingNumber}` : ""}${order.trackingUrl ? ` (${order.trackingUrl})` : ""}`;
    case "delivered":
      return `Order ${n} was delivered. Enjoy!`;
    case "cancelled":
      return `Order ${n} was cancelled.`;
    case "expired":
      return `Order ${n} expired because the payment did not arrive in time. The items are back in stock; you can check out again.`;
    case "refunded":
      return `Order ${n} was refunded (${formatMoney(order.total, order.currency)}).`;
    case "pending_payment":
      return `Order ${n} is waiting for payment.`;
  }
}

/** Posts a line in the order's conversation; an order without one (or a failure) is not an error. */
export async function announce(env: Env, conversationId: string | null, text: string): Promise<void> {
  if (!conversationId) return;
  try {
    await conversationStub(env, conversationId).announce(text);
  } catch (err) {
    console.error("order announcement failed", err);
  }
}
