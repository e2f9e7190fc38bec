import type { OrderStatus } from "../../db/schema";

/**
 * The order status machine, the only place that says which moves are legal:
 * pending_payment → awaiting_confirmation → paid → fulfilled → shipped → delivered,
 * plus cancelled, expired and refunded. cancelled, expired and refunded are final.
 */
const MOVES: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ["awaiting_confirmation", "paid", "cancelled", "expired"],
  awaiting_confirmation: ["paid", "pending_payment", "cancelled"],
  paid: ["fulfilled", "shipped", "cancelled", "refunded"],
  fulfilled: ["shipped", "refunded"],
  shipped: ["delivered", "refunded"],
  delivered: ["refunded"],
  cancelled: [],
  expired: [],
  refunded: [],
};

export function canTransitionOrder(from: OrderStatus, to: OrderStatus): boolean {
  return MOVES[from].includes(to);
}

/** Statuses whose stock is still held for the order (cancel/expiry give it back). */
export const HOLDS_STOCK: readonly OrderStatus[] = ["pending_payment", "awaiting_confirmation", "paid", "fulfilled"];

export const ORDER_MOVES = MOVES;
