import { useEffect, useState } from "preact/hooks";
import type { Cart } from "../../../../durable-objects/protocol";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/messages";
import { api } from "../../lib/api";

interface OrderRow {
  id: string;
  number: string;
  status: string;
  total: number;
  currency: string;
  items: { quantity: number }[];
  created_at: string;
}

/**
 * The customer panel's shop section: the visitor's orders (any conversation)
 * and this conversation's cart. Hidden for workspaces that do not sell.
 */
export function ShopPanel({ conversationId, visitorId }: { conversationId: string; visitorId: string }) {
  const { t, number, date } = useI18n();
  const [orders, setOrders] = useState<OrderRow[] | null>(null);
  const [cart, setCart] = useState<Cart | null>(null);
  useEffect(() => {
    setOrders(null);
    setCart(null);
    api<{ data: OrderRow[] }>(`/api/v1/orders?visitor_id=${encodeURIComponent(visitorId)}&limit=10`).then((r) => setOrders(r.data), () => setOrders([]));
    api<Cart>(`/api/v1/conversations/${conversationId}/cart`).then(setCart, () => setCart(null));
  }, [conversationId, visitorId]);
  const money = (minor: number, currency: string) => number(minor / 100, { style: "currency", currency });
  if (!orders?.length && !cart?.items.length) return null;
  return (
    <div class="panel-section" data-testid="shop-panel">
      <h3>{t("commerce.orders")}</h3>
      {!orders?.length ? (
        <p class="muted small">{t("commerce.noOrders")}</p>
      ) : (
        <ul class="prev-convs">
          {orders.map((o) => (
            <li key={o.id} data-testid="shop-order">
              <strong>{o.number}</strong> · {t(`commerce.status.${o.status}` as MessageKey)} · {money(o.total, o.currency)}
              <div class="small muted">
                {date(o.created_at)} · {t("commerce.items", { count: o.items.reduce((n, i) => n + i.quantity, 0) })}
              </div>
            </li>
          ))}
        </ul>
      )}
      <h3>{t("commerce.cart")}</h3>
      {!cart?.items.length ? (
        <p class="muted small">{t("commerce.emptyCart")}</p>
      ) : (
        <ul class="prev-convs" data-testid="shop-cart">
          {cart.items.map((i) => (
            <li key={i.variant_id}>
              {i.quantity} × {i.product_name} · {i.variant_name}
            </li>
          ))}
          <li>
            <strong>{t("commerce.subtotal")}</strong> {money(cart.subtotal, cart.currency ?? "THB")}
          </li>
        </ul>
      )}
    </div>
  );
}
