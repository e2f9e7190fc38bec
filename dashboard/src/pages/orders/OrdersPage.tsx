import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/messages";
import { api, apiRaw, errorMessage, withQuery } from "../../lib/api";
import { useSubmit } from "../../lib/forms";

interface Order {
  id: string;
  number: string;
  status: string;
  total: number;
  currency: string;
  payment_method: string;
  customer: { name: string; phone: string; email: string | null };
  shipping: Record<string, string> | null;
  conversation_id: string | null;
  tracking_number: string | null;
  items: { id: string; product_name: string; variant_name: string; quantity: number; line_total: number }[];
  timeline?: { from: string | null; to: string; actor: string; note: string | null; at: string }[];
  created_at: string;
}
interface Slip {
  id: string;
  status: string;
  trans_ref: string | null;
  provider_note: string | null;
  provider_amount: number | null;
}

const STATUSES = ["pending_payment", "awaiting_confirmation", "paid", "fulfilled", "shipped", "delivered", "cancelled", "expired", "refunded"];
const ACTIONS: Record<string, string[]> = {
  pending_payment: ["confirm-payment", "cancel"],
  awaiting_confirmation: ["confirm-payment", "cancel"],
  paid: ["fulfil", "ship", "cancel", "refund"],
  fulfilled: ["ship", "refund"],
  shipped: ["deliver", "refund"],
  delivered: ["refund"],
};

/** A slip photo fetched with the agent's token (the image route needs it). */
function SlipImage({ orderId, slipId }: { orderId: string; slipId: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    apiRaw(`/api/v1/orders/${orderId}/slips/${slipId}/image`)
      .then((r) => r.blob())
      .then((b) => setSrc((url = URL.createObjectURL(b))), () => setSrc(null));
    return () => url && URL.revokeObjectURL(url);
  }, [orderId, slipId]);
  return src ? <img src={src} alt="slip" style="max-width:220px;border:1px solid #ddd" data-testid="slip-image" /> : null;
}

function Detail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, number, date } = useI18n();
  const [order, setOrder] = useState<Order | null>(null);
  const [slips, setSlips] = useState<Slip[]>([]);
  const submit = useSubmit({ onFieldErrors: (fields) => Object.values(fields).join("; ") });
  const { error, setError, run } = submit;
  const load = () => {
    api<Order>(`/api/v1/orders/${id}`).then(setOrder, (e) => setError(errorMessage(e)));
    api<{ data: Slip[] }>(`/api/v1/orders/${id}/slips`).then((r) => setSlips(r.data), () => setSlips([]));
  };
  useEffect(load, [id]);
  if (!order) return error ? <p class="error">{error}</p> : null;
  const money = (m: number) => number(m / 100, { style: "currency", currency: order.currency });
  const act = async (action: string) => {
    const body: Record<string, string> = {};
    if (action === "ship") {
      const tracking = prompt(t("commerce.trackingNumber"));
      if (!tracking) return;
      body.tracking_number = tracking;
    }
    await run(async () => {
      await api(`/api/v1/orders/${id}/${action}`, { method: "POST", body });
      load();
      onChanged();
    });
  };
  return (
    <section class="card" data-testid="order-detail">
      <h2>
        {order.number} · {t(`commerce.status.${order.status}` as MessageKey)}
      </h2>
      <p>
        <strong data-testid="order-total">{money(order.total)}</strong> · {order.payment_method} · {date(order.created_at)}
      </p>
      <p>
        {order.customer.name} · {order.customer.phone} {order.customer.email ?? ""}
        {order.shipping ? <span class="small muted"> · {Object.values(order.shipping).join(", ")}</span> : null}
      </p>
      {order.conversation_id && <a href={`/inbox/${order.conversation_id}`}>{t("orders.conversation")}</a>}
      <ul>
        {order.items.map((i) => (
          <li key={i.id}>
            {i.quantity} × {i.product_name} · {i.variant_name} — {money(i.line_total)}
          </li>
        ))}
      </ul>
      {slips.map((s) => (
        <div key={s.id} class="kv" data-testid="order-slip">
          <SlipImage orderId={order.id} slipId={s.id} />
          <span class="small">
            {s.status} · {s.trans_ref ?? "—"} · {t("orders.expected")} {money(order.total)}
            {s.provider_note ? ` · ${s.provider_note}` : ""}
          </span>
        </div>
      ))}
      <div class="btns">
        {(ACTIONS[order.status] ?? []).map((a) => (
          <button type="button" key={a} class="btn" data-testid={`order-${a}`} onClick={() => act(a)}>
            {t(`orders.action.${a}` as MessageKey)}
          </button>
        ))}
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <ol class="small muted">
        {order.timeline?.map((e, i) => (
          <li key={i}>
            {date(e.at)} · {e.from ?? "—"} → {e.to} · {e.actor}
            {e.note ? ` · ${e.note}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Orders: filter by status, search by number / name / phone, open one to act on it; CSV export. */
export default function OrdersPage() {
  const { t, number, date } = useI18n();
  const [status, setStatus] = useState("");
  const [q, setQ] = useState("");
  const [rows, setRows] = useState<Order[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api<{ data: Order[] }>(withQuery("/api/v1/orders", { status: status || undefined, q: q || undefined, limit: 50 })).then((r) => setRows(r.data), () => setRows([]));
  }, [status, q, tick]);
  const exportCsv = async () => {
    const res = await apiRaw(withQuery("/api/v1/orders/export.csv", { status: status || undefined }));
    const a = document.createElement("a");
    a.href = URL.createObjectURL(await res.blob());
    a.download = "orders.csv";
    a.click();
  };
  return (
    <div class="page" data-testid="orders-page">
      <h1>{t("commerce.orders")}</h1>
      <div class="toolbar">
        <select value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)} aria-label="status">
          <option value="">{t("orders.all")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`commerce.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
        <input type="search" placeholder={t("orders.search")} value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
        <button type="button" class="btn" onClick={exportCsv}>CSV</button>
      </div>
      <table class="table">
        <tbody>
          {rows.map((o) => (
            <tr key={o.id} data-testid="order-row" onClick={() => setOpen(o.id)} style="cursor:pointer">
              <td>{o.number}</td>
              <td>{t(`commerce.status.${o.status}` as MessageKey)}</td>
              <td>{o.customer.name}</td>
              <td>{number(o.total / 100, { style: "currency", currency: o.currency })}</td>
              <td>{date(o.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && <Detail id={open} onChanged={() => setTick(tick + 1)} />}
    </div>
  );
}
